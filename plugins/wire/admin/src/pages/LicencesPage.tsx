/** The distinct licences, how many articles each covers, and corrections to their terms. */
import { Badge, Box, Flex, Grid, TextInput, Typography } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import type { DeskLicence } from '../../../shared/desk-api';
import { useCan, useGetLicencesQuery, useSave, useUpdateLicenceMutation } from '../api';
import { FormCheck, FormField, FormModal } from '../components/FormModal';
import { PageError } from '../components/PageError';
import { Hint, Pager, Panel, Shell } from '../components/Shell';
import { ACTIONS } from '../pluginId';
import { useT, type TranslationKey } from '../translations';

type Flag =
  | 'fullTextAllowed'
  | 'quotesMustBeMarked'
  | 'attributionRequired'
  | 'hyperlinkRequired'
  | 'syndicationAllowed'
  | 'archivalUseAllowed'
  | 'picturesAllowed';

const FLAGS: Array<[Flag, TranslationKey]> = [
  ['fullTextAllowed', 'licences.flag.fullText'],
  ['quotesMustBeMarked', 'licences.flag.marked'],
  ['attributionRequired', 'licences.flag.attribution'],
  ['hyperlinkRequired', 'licences.flag.hyperlink'],
  ['syndicationAllowed', 'licences.flag.syndication'],
  ['archivalUseAllowed', 'licences.flag.archival'],
  ['picturesAllowed', 'licences.flag.pictures'],
];

const percentOf = (licence: DeskLicence) =>
  licence.quoteLimitPercent === null ? '' : String(licence.quoteLimitPercent);

function CorrectLicence({ licence }: { licence: DeskLicence }) {
  const t = useT();
  const save = useSave();
  const [updateLicence, { isLoading }] = useUpdateLicenceMutation();
  const [draft, setDraft] = React.useState(licence);
  const [percent, setPercent] = React.useState(percentOf(licence));

  function reset() {
    setDraft(licence);
    setPercent(percentOf(licence));
  }

  async function correct() {
    const body: Record<string, unknown> = {
      quoteLimitPercent: percent.trim() === '' ? null : percent.trim(),
      name: draft.name ?? '',
      notes: draft.notes ?? '',
    };
    for (const [flag] of FLAGS) body[flag] = draft[flag];
    const saved = await save(updateLicence({ id: licence.documentId, body }), {
      failed: t('licences.save.failed'),
      done: (l) => t('licences.saved', { count: l.articles, terms: l.terms ?? '' }),
    });
    return !!saved;
  }

  return (
    <FormModal
      trigger={t('licences.correct')}
      title={t('licences.correct.title')}
      saveLabel={t('licences.save')}
      saving={isLoading}
      onOpen={reset}
      onSave={correct}
    >
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t('licences.quoted', { notice: licence.notice })}
      </Typography>
      <Box paddingTop={2} paddingBottom={4}>
        <Typography variant="pi" fontWeight="bold">
          {t('licences.appliesToAll', { count: licence.articles })}
        </Typography>
        {licence.needsReview ? (
          <Typography variant="pi" textColor="danger600" tag="p">
            {t('licences.confirms')}
          </Typography>
        ) : null}
      </Box>
      <Grid.Root gap={4}>
        <FormField name="quoteLimitPercent" label={t('licences.limit')} hint={t('licences.limit.hint')}>
          <TextInput
            type="number"
            min={0}
            max={100}
            step="any"
            value={percent}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPercent(e.target.value)}
          />
        </FormField>
        <FormField name="name" label={t('licences.name')} hint={t('licences.name.hint')}>
          <TextInput
            value={draft.name ?? ''}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, name: e.target.value }))}
          />
        </FormField>
        {FLAGS.map(([flag, label]) => (
          <FormCheck
            key={flag}
            checked={draft[flag]}
            onChange={(checked) => setDraft((d) => ({ ...d, [flag]: checked }))}
          >
            {t(label)}
          </FormCheck>
        ))}
      </Grid.Root>
    </FormModal>
  );
}

function LicenceCard({ licence, mayCorrect }: { licence: DeskLicence; mayCorrect: boolean }) {
  const t = useT();
  return (
    <Box padding={5} marginBottom={4} background="neutral100" hasRadius data-testid="licence">
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box>
          <Typography variant="epsilon" fontWeight="bold" tag="p">
            {licence.terms}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {licence.holder ? t('licences.holder', { holder: licence.holder }) : t('licences.noHolder')}
          </Typography>
        </Box>
        <Flex gap={2} shrink={0}>
          {licence.needsReview ? (
            <Badge variant="danger" data-testid="licence-needs-review">
              {t('licences.needsReview')}
            </Badge>
          ) : null}
          <Badge>{t('licences.articles', { count: licence.articles })}</Badge>
          {mayCorrect ? <CorrectLicence licence={licence} /> : null}
        </Flex>
      </Flex>
      <Box paddingTop={3}>
        <Typography variant="omega" textColor="neutral800" tag="p">
          {t('licences.quoted', { notice: licence.notice })}
        </Typography>
      </Box>
      {licence.needsReview ? (
        <Box paddingTop={2}>
          <Typography variant="pi" textColor="danger600" tag="p">
            {t('licences.notFullyRead', { reasons: licence.reviewReasons.join('; ') })}
          </Typography>
        </Box>
      ) : null}
    </Box>
  );
}

export function LicencesPage() {
  const t = useT();
  const [page, setPage] = React.useState(1);
  const { data, error, isLoading } = useGetLicencesQuery({ page, pageSize: 20 });
  const mayCorrect = useCan()(ACTIONS.manageLicences);
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const licences = data.data;
  return (
    <Shell title={t('nav.licences')} subtitle={t('licences.subtitle')}>
      <Panel title={t('nav.licences')}>
        {!licences.length ? (
          <Hint>{t('licences.empty')}</Hint>
        ) : (
          licences.map((l) => <LicenceCard key={l.documentId} licence={l} mayCorrect={mayCorrect} />)
        )}
        <Pager pagination={data.meta.pagination} onPage={setPage} />
        {!mayCorrect && licences.length ? (
          <Flex paddingTop={4}>
            <Typography variant="pi" textColor="neutral600">
              {t('licences.readOnly')}
            </Typography>
          </Flex>
        ) : null}
      </Panel>
    </Shell>
  );
}
