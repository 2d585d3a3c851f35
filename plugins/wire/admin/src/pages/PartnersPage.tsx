/**
 * Partners: create one with its token (shown once), set its access and agencies, revoke every key,
 * make a new key. A push token is for its agencies, or for every agency only when ticked so.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import type { DeskPartner } from '../../../shared/desk-api';
import { readDailyRequests } from '../../../shared/partner-limits';
import {
  useCan,
  useCreatePartnerMutation,
  useGetPartnersQuery,
  useNewPartnerKeyMutation,
  useRevokePartnerMutation,
  useSave,
  useUpdatePartnerMutation,
} from '../api';
import { FormCheck, FormField, FormModal } from '../components/FormModal';
import { useAgo } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Pager, Panel, Shell } from '../components/Shell';
import { ACTIONS } from '../pluginId';
import { useT } from '../translations';

type Access = DeskPartner['access'];
type ShownKey = { name: string; accessKey: string };
type Input = React.ChangeEvent<HTMLInputElement>;

/** The daily quota field, the same in both dialogs: checked by the rule the server applies. */
function DailyRequestsField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useT();
  const valid = readDailyRequests(value).ok;
  return (
    <FormField
      name="dailyRequests"
      label={t('partners.dailyRequests')}
      hint={t('partners.dailyRequests.hint')}
      error={valid ? undefined : t('partners.dailyRequests.invalid')}
    >
      <TextInput
        name="dailyRequests"
        value={value}
        inputMode="numeric"
        placeholder={t('partners.dailyRequests.none')}
        onChange={(e: Input) => onChange(e.target.value)}
      />
    </FormField>
  );
}

/** The access select, the same in both dialogs. */
function AccessField({ value, onChange, hint }: { value: Access; onChange: (access: Access) => void; hint?: string }) {
  const t = useT();
  return (
    <FormField name="access" label={t('partners.access')} hint={hint}>
      <SingleSelect value={value} onChange={(v: string | number) => onChange(v === 'full' ? 'full' : 'quote')}>
        <SingleSelectOption value="quote">{t('partners.access.quote')}</SingleSelectOption>
        <SingleSelectOption value="full">{t('partners.access.full')}</SingleSelectOption>
      </SingleSelect>
    </FormField>
  );
}

function NewPartner({ onCreated }: { onCreated: (key: ShownKey) => void }) {
  const t = useT();
  const save = useSave();
  const [createPartner, { isLoading }] = useCreatePartnerMutation();
  const [name, setName] = React.useState('');
  const [access, setAccess] = React.useState<Access>('quote');
  const [agencies, setAgencies] = React.useState('');
  const [ingest, setIngest] = React.useState(false);
  const [anyAgency, setAnyAgency] = React.useState(false);
  const [dailyRequests, setDailyRequests] = React.useState('');

  function reset() {
    setName('');
    setAccess('quote');
    setAgencies('');
    setIngest(false);
    setAnyAgency(false);
    setDailyRequests('');
  }

  async function create() {
    const body = { name, access, agencies, ingest, anyAgency: ingest && anyAgency, dailyRequests };
    const created = await save(createPartner(body), {
      failed: t('partners.create.failed'),
      done: (c) => t('partners.created', { name: c.partner.name }),
    });
    if (created) onCreated({ name: created.partner.name, accessKey: created.accessKey });
    return !!created;
  }

  return (
    <FormModal
      trigger={<Button startIcon={<Plus />}>{t('partners.create')}</Button>}
      title={t('partners.create.title')}
      saveLabel={t('partners.create.save')}
      saving={isLoading}
      canSave={!!name.trim() && !(ingest && !anyAgency && !agencies.trim()) && readDailyRequests(dailyRequests).ok}
      onOpen={reset}
      onSave={create}
    >
      <Grid.Root gap={4}>
        <FormField name="partnerName" label={t('partners.name')} hint={t('partners.name.hint')} required>
          <TextInput name="partnerName" value={name} onChange={(e: Input) => setName(e.target.value)} />
        </FormField>
        <AccessField value={access} onChange={setAccess} hint={t('partners.access.hint')} />
        <FormField name="agencies" label={t('partners.agencies')} hint={t('partners.agencies.hint.new')}>
          <TextInput value={agencies} placeholder="USPA, AFP" onChange={(e: Input) => setAgencies(e.target.value)} />
        </FormField>
        <DailyRequestsField value={dailyRequests} onChange={setDailyRequests} />
        <FormCheck checked={ingest} onChange={setIngest}>
          {t('partners.ingest')}
        </FormCheck>
        {ingest ? (
          <FormCheck checked={anyAgency} onChange={setAnyAgency} col={12}>
            {t('partners.anyAgency')}
          </FormCheck>
        ) : null}
      </Grid.Root>
    </FormModal>
  );
}

function EditPartner({ partner }: { partner: DeskPartner }) {
  const t = useT();
  const save = useSave();
  const [updatePartner, { isLoading }] = useUpdatePartnerMutation();
  const [access, setAccess] = React.useState(partner.access);
  const [agencies, setAgencies] = React.useState(partner.agencies.join(', '));
  const [active, setActive] = React.useState(partner.active);
  const [dailyRequests, setDailyRequests] = React.useState(String(partner.dailyRequests ?? ''));

  function reset() {
    setAccess(partner.access);
    setAgencies(partner.agencies.join(', '));
    setActive(partner.active);
    setDailyRequests(String(partner.dailyRequests ?? ''));
  }

  async function update() {
    const body = { access, agencies, active, dailyRequests };
    const saved = await save(updatePartner({ id: partner.documentId, body }), {
      failed: t('partners.save.failed'),
      done: (p) =>
        t('partners.saved', {
          name: p.name,
          access: t(`partners.access.${p.access}`),
          agencies: p.agencies.length ? p.agencies.join(', ') : t('partners.everyAgency'),
        }),
    });
    return !!saved;
  }

  return (
    <FormModal
      trigger={t('partners.edit')}
      title={t('partners.edit.title', { name: partner.name })}
      saveLabel={t('partners.save')}
      saving={isLoading}
      canSave={readDailyRequests(dailyRequests).ok}
      onOpen={reset}
      onSave={update}
    >
      <Grid.Root gap={4}>
        <AccessField value={access} onChange={setAccess} />
        <FormField name="agencies" label={t('partners.agencies')} hint={t('partners.agencies.hint')}>
          <TextInput value={agencies} onChange={(e: Input) => setAgencies(e.target.value)} />
        </FormField>
        <DailyRequestsField value={dailyRequests} onChange={setDailyRequests} />
        <FormCheck checked={active} onChange={setActive} col={12}>
          {t('partners.active')}
        </FormCheck>
      </Grid.Root>
    </FormModal>
  );
}

function Revoke({ partner }: { partner: DeskPartner }) {
  const t = useT();
  const save = useSave();
  const [revokePartner] = useRevokePartnerMutation();
  const revoke = () =>
    save(revokePartner(partner.documentId), {
      failed: t('partners.revoke.failed'),
      done: () => t('partners.revoked', { name: partner.name }),
    });
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light" size="S" disabled={partner.revoked}>
          {t('partners.revoke')}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('partners.revoke.title')}</Dialog.Header>
        <Dialog.Body>
          <Typography>{t('partners.revoke.body', { name: partner.name })}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger" onClick={revoke}>
              {t('partners.revoke')}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function NewKey({ partner, onCreated }: { partner: DeskPartner; onCreated: (key: ShownKey) => void }) {
  const t = useT();
  const save = useSave();
  const [newPartnerKey, { isLoading }] = useNewPartnerKeyMutation();
  async function make() {
    const made = await save(newPartnerKey(partner.documentId), { failed: t('partners.newKey.failed') });
    if (made) onCreated({ name: made.partner.name, accessKey: made.accessKey });
  }
  return (
    <Button variant="tertiary" size="S" loading={isLoading} onClick={make}>
      {t('partners.newKey')}
    </Button>
  );
}

/** The key just made, shown this once with a Copy button. */
function ShownToken({ shown, onClose }: { shown: ShownKey; onClose: () => void }) {
  const t = useT();
  return (
    <Box marginBottom={6} data-testid="new-token">
      <Alert
        variant="success"
        title={t('partners.token.title', { name: shown.name })}
        closeLabel={t('close')}
        onClose={onClose}
      >
        <Flex gap={3} paddingTop={2} wrap="wrap">
          <Box padding={2} background="neutral100" hasRadius>
            <Typography
              fontWeight="bold"
              data-testid="token-value"
              style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
            >
              {shown.accessKey}
            </Typography>
          </Box>
          <Button size="S" variant="secondary" onClick={() => navigator.clipboard?.writeText(shown.accessKey)}>
            {t('partners.token.copy')}
          </Button>
        </Flex>
        <Typography variant="pi" tag="p">
          {t('partners.token.use')}
        </Typography>
      </Alert>
    </Box>
  );
}

function TokenBadge({ partner }: { partner: DeskPartner }) {
  const t = useT();
  if (partner.revoked) return <Badge variant="danger">{t('partners.token.revoked')}</Badge>;
  if (!partner.active) return <Badge variant="warning">{t('partners.token.inactive')}</Badge>;
  return <Badge variant="success">{t('partners.token.active', { keys: partner.keys })}</Badge>;
}

export function PartnersPage() {
  const t = useT();
  const ago = useAgo();
  const allowed = useCan()(ACTIONS.managePartners);
  const [page, setPage] = React.useState(1);
  const [shown, setShown] = React.useState<ShownKey | null>(null);
  const { data, error, isLoading } = useGetPartnersQuery({ page, pageSize: 20 }, { skip: !allowed });
  if (!allowed)
    return (
      <Shell title={t('nav.partners')}>
        <Page.NoPermissions />
      </Shell>
    );
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const partners = data.data;
  return (
    <Shell title={t('nav.partners')} subtitle={t('partners.subtitle')} actions={<NewPartner onCreated={setShown} />}>
      {shown ? <ShownToken shown={shown} onClose={() => setShown(null)} /> : null}
      <Panel title={t('nav.partners')}>
        {!partners.length ? (
          <Hint>{t('partners.empty')}</Hint>
        ) : (
          <Table colCount={7} rowCount={partners.length + 1}>
            <HeaderRow
              columns={[
                t('partners.partner'),
                t('partners.access'),
                t('partners.agencies'),
                t('partners.dailyRequests'),
                t('partners.token'),
                t('partners.lastUsed'),
                t('partners.actions'),
              ]}
            />
            <Tbody>
              {partners.map((p) => (
                <Tr key={p.documentId}>
                  <Td>
                    <Typography fontWeight="semiBold">{p.name}</Typography>
                  </Td>
                  <Td>
                    <Badge variant={p.access === 'full' ? 'success' : 'secondary'}>
                      {t(`partners.access.${p.access}`)}
                    </Badge>
                    {p.canIngest ? <Badge>{t('partners.mayPush')}</Badge> : null}
                  </Td>
                  <Td>
                    <Typography>
                      {p.agencies.length ? p.agencies.join(', ') : t('partners.everyAgency')}
                      {p.canIngest && !p.agencies.length && !p.anyAgency ? ` ${t('partners.pushNone')}` : ''}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {p.dailyRequests === null
                        ? t('partners.dailyRequests.none')
                        : t('partners.dailyRequests.value', { n: p.dailyRequests })}
                    </Typography>
                  </Td>
                  <Td>
                    <TokenBadge partner={p} />
                  </Td>
                  <Td>
                    <Typography>{ago(p.tokenLastUsedAt)}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={2}>
                      <EditPartner partner={p} />
                      <Revoke partner={p} />
                      <NewKey partner={p} onCreated={setShown} />
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager pagination={data.meta.pagination} onPage={setPage} />
      </Panel>
    </Shell>
  );
}
