/**
 * The editor's alerts: saved searches that tell them of new copy (services/alerts.ts). Each is the
 * editor's own; new or changed, it matches copy stored from then on, and each match is a desk
 * notification (the bell in the header) and, where the operator turned them on, an e-mail and a
 * signed webhook.
 */
import {
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Grid,
  Table,
  Tbody,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import type { DeskAlert, DeskAlertChannels } from '../../../shared/desk-api';
import {
  useCreateAlertMutation,
  useDeleteAlertMutation,
  useGetAlertMatchesQuery,
  useGetAlertsQuery,
  useSave,
  useUpdateAlertMutation,
} from '../api';
import { FormCheck, FormField, FormModal } from '../components/FormModal';
import { useAgo } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Pager, Panel, RowLink, Shell, TextCell } from '../components/Shell';
import { BASE } from '../pluginId';
import { useT } from '../translations';

const names = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function AlertForm({ alert, channels }: { alert: DeskAlert | null; channels: DeskAlertChannels }) {
  const t = useT();
  const save = useSave();
  const [createAlert, creating] = useCreateAlertMutation();
  const [updateAlert, updating] = useUpdateAlertMutation();
  const [name, setName] = React.useState('');
  const [q, setQ] = React.useState('');
  const [agencies, setAgencies] = React.useState('');
  const [sections, setSections] = React.useState('');
  const [urgency, setUrgency] = React.useState('');
  const [email, setEmail] = React.useState(false);
  const [webhookUrl, setWebhookUrl] = React.useState('');

  function reset() {
    setName(alert?.name ?? '');
    setQ(alert?.q ?? '');
    setAgencies(alert?.agencies.join(', ') ?? '');
    setSections(alert?.sections.join(', ') ?? '');
    setUrgency(alert?.maxUrgency ? String(alert.maxUrgency) : '');
    setEmail(alert?.email ?? channels.email);
    setWebhookUrl(alert?.webhookUrl ?? '');
  }

  async function submit() {
    const body: Record<string, unknown> = {
      name,
      q,
      agencies: names(agencies),
      sections: names(sections),
      maxUrgency: urgency.trim() ? Number(urgency) : null,
      email,
    };
    if (channels.webhook || alert?.webhookUrl) body.webhookUrl = webhookUrl.trim() || null;
    const saved = alert
      ? await save(updateAlert({ id: alert.id, body }), {
          failed: t('alerts.save.failed'),
          done: (a) => t('alerts.saved', { name: a.name }),
        })
      : await save(createAlert(body), {
          failed: t('alerts.save.failed'),
          done: (a) => t('alerts.created', { name: a.name }),
        });
    return !!saved;
  }

  return (
    <FormModal
      trigger={alert ? t('alerts.edit') : <Button>{t('alerts.add')}</Button>}
      title={alert ? t('alerts.edit.title', { name: alert.name }) : t('alerts.add')}
      saveLabel={t('alerts.save')}
      saving={creating.isLoading || updating.isLoading}
      canSave={!!name.trim() && !!q.trim()}
      onOpen={reset}
      onSave={submit}
    >
      <Grid.Root gap={4}>
        <FormField name="name" label={t('alerts.name')} required>
          <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
        </FormField>
        <FormField name="q" label={t('alerts.q')} hint={t('alerts.q.hint')} required>
          <TextInput
            placeholder={t('alerts.q.placeholder')}
            value={q}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
          />
        </FormField>
        <FormField name="agencies" label={t('alerts.agencies')} hint={t('alerts.agencies.hint')}>
          <TextInput
            value={agencies}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAgencies(e.target.value)}
          />
        </FormField>
        <FormField name="sections" label={t('alerts.sections')} hint={t('alerts.sections.hint')}>
          <TextInput
            value={sections}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSections(e.target.value)}
          />
        </FormField>
        <FormField name="maxUrgency" label={t('alerts.urgency')} hint={t('alerts.urgency.hint')}>
          <TextInput
            inputMode="numeric"
            value={urgency}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUrgency(e.target.value)}
          />
        </FormField>
        {channels.webhook ? (
          <FormField name="webhookUrl" label={t('alerts.webhook')} hint={t('alerts.webhook.hint')}>
            <TextInput
              placeholder="https://"
              value={webhookUrl}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWebhookUrl(e.target.value)}
            />
          </FormField>
        ) : null}
        {channels.email ? (
          <FormCheck checked={email} onChange={setEmail} col={12}>
            {t('alerts.email')}
          </FormCheck>
        ) : null}
      </Grid.Root>
    </FormModal>
  );
}

function DeleteAlert({ alert }: { alert: DeskAlert }) {
  const t = useT();
  const save = useSave();
  const [deleteAlert] = useDeleteAlertMutation();
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light" size="S">
          {t('alerts.delete')}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('alerts.delete.title')}</Dialog.Header>
        <Dialog.Body>
          <Typography>{t('alerts.delete.body', { name: alert.name })}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button
              variant="danger"
              onClick={() =>
                save(deleteAlert(alert.id), {
                  failed: t('alerts.delete.failed'),
                  done: () => t('alerts.deleted', { name: alert.name }),
                })
              }
            >
              {t('alerts.delete')}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** The stories an alert matched, newest first. */
function Matches({ alert }: { alert: DeskAlert }) {
  const t = useT();
  const ago = useAgo();
  const [page, setPage] = React.useState(1);
  const { data, error } = useGetAlertMatchesQuery({ id: alert.id, page, pageSize: 20 });
  if (error) return <PageError error={error} />;
  const rows = data?.data ?? [];
  return (
    <Panel title={t('alerts.matches.title', { name: alert.name })} id="alert-matches">
      {!rows.length ? (
        <Hint>{t('alerts.matches.empty')}</Hint>
      ) : (
        <Table colCount={4} rowCount={rows.length + 1}>
          <HeaderRow
            columns={[
              t('alerts.matches.headline'),
              t('alerts.matches.agency'),
              t('alerts.matches.section'),
              t('alerts.matches.when'),
            ]}
          />
          <Tbody>
            {rows.map((m, i) => (
              <Tr key={m.article?.documentId ?? i} data-testid="alert-match">
                <Td>
                  {m.article ? (
                    <RowLink to={`${BASE}/articles/${m.article.documentId}`}>{m.article.headline}</RowLink>
                  ) : (
                    <Typography textColor="neutral500">{t('alerts.matches.gone')}</Typography>
                  )}
                </Td>
                <TextCell>{m.article?.agency?.code ?? '—'}</TextCell>
                <TextCell>{m.article?.section ?? '—'}</TextCell>
                <TextCell title={m.matchedAt}>{ago(m.matchedAt)}</TextCell>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Pager pagination={data?.meta.pagination} onPage={setPage} />
    </Panel>
  );
}

/** What the alert is limited to, in words. */
function useFilters() {
  const t = useT();
  return (alert: DeskAlert) => {
    const parts = [
      alert.agencies.length ? t('alerts.filter.agencies', { list: alert.agencies.join(', ') }) : null,
      alert.sections.length ? t('alerts.filter.sections', { list: alert.sections.join(', ') }) : null,
      alert.maxUrgency ? t('alerts.filter.urgency', { n: alert.maxUrgency }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('alerts.filter.none');
  };
}

export function AlertsPage() {
  const t = useT();
  const ago = useAgo();
  const { data, error, isLoading } = useGetAlertsQuery();
  const [selected, setSelected] = React.useState<number | null>(null);
  const filters = useFilters();
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const { channels } = data.meta;
  const alerts = data.data;
  const shown = alerts.find((a) => a.id === selected) ?? null;
  return (
    <Shell
      title={t('nav.alerts')}
      subtitle={t('alerts.subtitle')}
      actions={<AlertForm alert={null} channels={channels} />}
    >
      <Panel title={t('alerts.yours')}>
        {!alerts.length ? (
          <Hint>{t('alerts.empty')}</Hint>
        ) : (
          <Table colCount={5} rowCount={alerts.length + 1}>
            <HeaderRow columns={[t('alerts.name'), t('alerts.q'), t('alerts.channels'), t('alerts.matches'), '']} />
            <Tbody>
              {alerts.map((a) => (
                <Tr key={a.id} data-testid="alert">
                  <Td>
                    <Typography fontWeight="bold">{a.name}</Typography>
                  </Td>
                  <Td>
                    <Typography tag="p">
                      <code>{a.q}</code>
                    </Typography>
                    <Typography tag="p" variant="pi" textColor="neutral600">
                      {t('alerts.filters')} {filters(a)}
                    </Typography>
                  </Td>
                  <Td>
                    <Flex gap={1} wrap="wrap">
                      <Badge>{t('alerts.channel.desk')}</Badge>
                      {a.email && channels.email ? <Badge>{t('alerts.channel.email')}</Badge> : null}
                      {a.webhookUrl ? <Badge>{t('alerts.channel.webhook')}</Badge> : null}
                    </Flex>
                  </Td>
                  <TextCell title={a.lastMatchAt ?? undefined}>
                    {t('alerts.matchCount', {
                      count: a.matches,
                      last: a.lastMatchAt ? ago(a.lastMatchAt) : t('never'),
                    })}
                  </TextCell>
                  <Td>
                    <Flex gap={2}>
                      <Button variant="tertiary" size="S" onClick={() => setSelected(a.id)}>
                        {t('alerts.showMatches')}
                      </Button>
                      <AlertForm alert={a} channels={channels} />
                      <DeleteAlert alert={a} />
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {channels.globalWebhook ? t('alerts.how.global') : t('alerts.how')}
          </Typography>
        </Box>
      </Panel>
      {shown ? <Matches alert={shown} /> : null}
    </Shell>
  );
}
