/**
 * The agency directory: every agency whose copy Wire takes in, the new ones (named by a credit Wire
 * did not know) flagged for an editor to confirm, and those whose licences demand a link but which
 * have no homepage flagged: until one is set, quote partners get their stories' headlines only.
 */
import {
  Badge,
  Box,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Textarea,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import type { DeskAgency, DeskLicence } from '../../../shared/desk-api';
import { useCan, useGetAgenciesQuery, useGetLicencesQuery, useSave, useUpdateAgencyMutation } from '../api';
import { FormCheck, FormField, FormModal } from '../components/FormModal';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Panel, Shell } from '../components/Shell';
import { ACTIONS } from '../pluginId';
import { useT } from '../translations';

function EditAgency({ agency, licences }: { agency: DeskAgency; licences: DeskLicence[] }) {
  const t = useT();
  const save = useSave();
  const [updateAgency, { isLoading }] = useUpdateAgencyMutation();
  const [name, setName] = React.useState(agency.name);
  const [aliases, setAliases] = React.useState(agency.aliases.join('\n'));
  const [homepage, setHomepage] = React.useState(agency.homepage ?? '');
  const [licence, setLicence] = React.useState(agency.defaultLicence?.documentId ?? '');
  const [confirmed, setConfirmed] = React.useState(true);
  const [access, setAccess] = React.useState<DeskAgency['newsroomAccess']>(agency.newsroomAccess);
  const [retention, setRetention] = React.useState(agency.retentionDays ? String(agency.retentionDays) : '');

  function reset() {
    setName(agency.name);
    setAliases(agency.aliases.join('\n'));
    setHomepage(agency.homepage ?? '');
    setLicence(agency.defaultLicence?.documentId ?? '');
    setConfirmed(true);
    setAccess(agency.newsroomAccess);
    setRetention(agency.retentionDays ? String(agency.retentionDays) : '');
  }

  async function update() {
    const body = {
      name,
      aliases: aliases
        .split('\n')
        .map((a) => a.trim())
        .filter(Boolean),
      homepage: homepage.trim() || null,
      defaultLicence: licence || null,
      confirmed,
      newsroomAccess: access,
      // Empty: no limit; anything else the server checks (a whole number of days).
      retentionDays: retention.trim() ? Number(retention.trim()) : null,
    };
    const saved = await save(updateAgency({ code: agency.code, body }), {
      failed: t('agencies.save.failed'),
      done: (a) => t('agencies.saved', { code: a.code }),
    });
    return !!saved;
  }

  return (
    <FormModal
      trigger={t('agencies.edit')}
      title={t('agencies.edit.title', { code: agency.code })}
      saveLabel={t('agencies.save')}
      saving={isLoading}
      onOpen={reset}
      onSave={update}
    >
      <Grid.Root gap={4}>
        <FormField name="name" label={t('agencies.name')}>
          <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
        </FormField>
        <FormField name="homepage" label={t('agencies.homepage')} hint={t('agencies.homepage.hint')}>
          <TextInput
            placeholder="https://"
            value={homepage}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setHomepage(e.target.value)}
          />
        </FormField>
        <FormField name="aliases" label={t('agencies.aliases')} hint={t('agencies.aliases.hint')} col={12}>
          <Textarea
            value={aliases}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setAliases(e.target.value)}
          />
        </FormField>
        <FormField name="defaultLicence" label={t('agencies.licence')} hint={t('agencies.licence.hint')} col={12}>
          <SingleSelect
            value={licence}
            onChange={(v: string | number) => setLicence(String(v))}
            placeholder={t('agencies.licence.none')}
          >
            <SingleSelectOption value="">{t('agencies.licence.none')}</SingleSelectOption>
            {licences.map((l) => (
              <SingleSelectOption key={l.documentId} value={l.documentId}>
                {l.name ?? l.terms ?? l.notice}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </FormField>
        <FormField
          name="newsroomAccess"
          label={t('agencies.newsroomAccess')}
          hint={t('agencies.newsroomAccess.hint')}
          col={12}
        >
          <SingleSelect value={access} onChange={(v: string | number) => setAccess(v === 'full' ? 'full' : 'quote')}>
            <SingleSelectOption value="quote">{t('agencies.newsroomAccess.quote')}</SingleSelectOption>
            <SingleSelectOption value="full">{t('agencies.newsroomAccess.full')}</SingleSelectOption>
          </SingleSelect>
        </FormField>
        <FormField
          name="retentionDays"
          label={t('agencies.retentionDays')}
          hint={t('agencies.retentionDays.hint')}
          col={12}
        >
          <TextInput
            type="number"
            min={1}
            value={retention}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setRetention(e.target.value)}
          />
        </FormField>
        <FormCheck checked={confirmed} onChange={setConfirmed} col={12}>
          {t('agencies.confirmed')}
        </FormCheck>
      </Grid.Root>
    </FormModal>
  );
}

function AgencyRow({ agency, manage, licences }: { agency: DeskAgency; manage: boolean; licences: DeskLicence[] }) {
  const t = useT();
  const a = agency;
  return (
    <Tr data-testid="agency">
      <Td>
        <Typography fontWeight="bold">{a.code}</Typography>
      </Td>
      <Td>
        <Typography>{a.name}</Typography>
        {a.aliases.length ? (
          <Typography variant="pi" textColor="neutral600" tag="p">
            {a.aliases.slice(0, 3).join(', ')}
            {a.aliases.length > 3 ? ', …' : ''}
          </Typography>
        ) : null}
      </Td>
      <Td>
        <Flex gap={2} wrap="wrap">
          {a.isNew ? (
            <Badge variant="secondary" data-testid="agency-new">
              {t('agencies.new')}
            </Badge>
          ) : null}
          {a.needsHomepage ? (
            <Badge variant="danger" data-testid="agency-needs-homepage">
              {t('agencies.needsHomepage')}
            </Badge>
          ) : null}
          {a.defaultLicence ? <Badge>{t('agencies.licence')}</Badge> : null}
          {a.newsroomAccess === 'full' ? (
            <Badge variant="success" data-testid="agency-newsroom-full">
              {`${t('agencies.newsroomAccess')}: ${t('agencies.newsroomAccess.full')}`}
            </Badge>
          ) : null}
          {a.retentionDays ? (
            <Badge data-testid="agency-retention">{t('agencies.retentionDays.badge', { days: a.retentionDays })}</Badge>
          ) : null}
        </Flex>
      </Td>
      <Td>
        <Typography textColor={a.homepage ? 'neutral800' : 'neutral500'}>
          {a.homepage ?? t('agencies.homepage.none')}
        </Typography>
      </Td>
      <Td>{manage ? <EditAgency agency={a} licences={licences} /> : null}</Td>
    </Tr>
  );
}

const attention = (a: DeskAgency) => a.isNew || a.needsHomepage;

export function AgenciesPage() {
  const t = useT();
  const { data, error, isLoading } = useGetAgenciesQuery();
  const manage = useCan()(ACTIONS.manageAgencies);
  const licences = useGetLicencesQuery({ page: 1, pageSize: 100 }, { skip: !manage });
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const flagged = data.filter(attention).length;
  // Those needing an editor first, then by code.
  const rows = [...data].sort((a, b) => Number(attention(b)) - Number(attention(a)) || a.code.localeCompare(b.code));
  return (
    <Shell title={t('nav.agencies')} subtitle={t('agencies.subtitle')}>
      <Panel title={flagged ? t('agencies.flagged', { count: flagged }) : t('nav.agencies')}>
        {!rows.length ? (
          <Hint>{t('agencies.empty')}</Hint>
        ) : (
          <Table colCount={5} rowCount={rows.length + 1}>
            <HeaderRow
              columns={[t('agencies.code'), t('agencies.name'), t('agencies.status'), t('agencies.homepage'), '']}
            />
            <Tbody>
              {rows.map((a) => (
                <AgencyRow key={a.code} agency={a} manage={manage} licences={licences.data?.data ?? []} />
              ))}
            </Tbody>
          </Table>
        )}
        {!manage && rows.length ? (
          <Flex paddingTop={4}>
            <Typography variant="pi" textColor="neutral600">
              {t('agencies.readOnly')}
            </Typography>
          </Flex>
        ) : null}
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t('agencies.needsHomepage.why')}
          </Typography>
        </Box>
      </Panel>
    </Shell>
  );
}
