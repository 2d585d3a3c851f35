/**
 * Usage (issue 23): what each partner was served in a range of days, per partner and per agency,
 * as bars split by mode (full text, quote, headline), with the totals and the royalty report as CSV.
 * Needs "Read usage" (`plugin::wire.usage.read`); the server counts (services/usage.ts).
 */
import {
  Box,
  Button,
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
import { Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { USAGE_MODES, type UsageCountMode, type UsageTotal } from '../../../shared/usage';
import { useErrorText, useGetUsageQuery } from '../api';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Panel, Shell } from '../components/Shell';
import { useT, type TranslationKey } from '../translations';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One colour per mode, from the design system's palette (a mode is also named in each label). */
const COLOURS: Record<UsageCountMode, string> = { full: 'primary600', quote: 'success500', headline: 'neutral400' };
const MODE_LABEL: Record<UsageCountMode, TranslationKey> = {
  full: 'usage.mode.full',
  quote: 'usage.mode.quote',
  headline: 'usage.mode.headline',
};

/** The mode colours and their names, once above the charts. */
function Legend() {
  const t = useT();
  return (
    <Flex gap={4} marginBottom={4} wrap="wrap">
      {USAGE_MODES.map((mode) => (
        <Flex key={mode} gap={2} alignItems="center">
          <Box background={COLOURS[mode]} width="1.2rem" height="1.2rem" hasRadius aria-hidden />
          <Typography variant="pi">{t(MODE_LABEL[mode])}</Typography>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * One bar per partner or agency: its stories, split by mode, as long as its share of the largest.
 * The bar is an image to assistive technology, labelled with its figures in words.
 */
function Bars({ totals, testId }: { totals: UsageTotal[]; testId: string }) {
  const t = useT();
  const max = Math.max(1, ...totals.map((x) => x.byMode.full + x.byMode.quote + x.byMode.headline));
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid={testId}>
      {totals.map((x) => {
        const label = t('usage.bar.label', {
          name: x.label,
          full: x.byMode.full,
          quote: x.byMode.quote,
          headline: x.byMode.headline,
          words: x.words,
          quotes: x.quotes,
        });
        return (
          <Grid.Root key={x.key} gap={3}>
            <Grid.Item col={3} s={12}>
              <Typography fontWeight="semiBold" ellipsis title={x.label}>
                {x.label}
              </Typography>
            </Grid.Item>
            <Grid.Item col={7} s={12}>
              <Flex
                role="img"
                aria-label={label}
                title={label}
                width="100%"
                height="2rem"
                background="neutral100"
                hasRadius
              >
                {USAGE_MODES.map((mode) =>
                  x.byMode[mode] ? (
                    <Box
                      key={mode}
                      background={COLOURS[mode]}
                      height="100%"
                      style={{ width: `${(x.byMode[mode] / max) * 100}%` }}
                    />
                  ) : null,
                )}
              </Flex>
            </Grid.Item>
            <Grid.Item col={2} s={12}>
              <Typography variant="pi" textColor="neutral600">
                {t('usage.bar.figures', { stories: x.stories, words: x.words })}
              </Typography>
            </Grid.Item>
          </Grid.Root>
        );
      })}
    </Flex>
  );
}

/** The royalty report as a file: fetched with the editor's session (a plain link would carry none). */
function CsvDownload({ from, to, agencies }: { from: string; to: string; agencies: string[] }) {
  const t = useT();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const errorText = useErrorText();
  // `all`, or one agency's code (an empty value would show the placeholder beside the option).
  const [agency, setAgency] = React.useState('all');
  const [busy, setBusy] = React.useState(false);
  async function download() {
    setBusy(true);
    try {
      const one = agency === 'all' ? null : agency;
      const params = new URLSearchParams({ from, to, ...(one ? { agency: one } : {}) });
      const { data } = await get<Blob>(`/wire/usage.csv?${params}`, { responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `wire-royalties-${one ? `${one}-` : ''}${from}-${to}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      toggleNotification({ type: 'success', message: t('usage.csv.done') });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: t('error.withReason', { what: t('usage.csv.failed'), reason: errorText(error) }),
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Flex gap={2} alignItems="flex-end">
      <Box minWidth="16rem">
        <SingleSelect
          aria-label={t('usage.csv.agency')}
          value={agency}
          onChange={(v: string | number) => setAgency(String(v))}
        >
          <SingleSelectOption value="all">{t('usage.csv.allAgencies')}</SingleSelectOption>
          {agencies.map((code) => (
            <SingleSelectOption key={code} value={code}>
              {code}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Box>
      <Button variant="secondary" loading={busy} onClick={download}>
        {t('usage.csv.download')}
      </Button>
    </Flex>
  );
}

function Totals({ totals }: { totals: UsageTotal[] }) {
  const t = useT();
  return (
    <Table colCount={7} rowCount={totals.length + 1}>
      <HeaderRow
        columns={[
          t('usage.col.name'),
          t('usage.mode.full'),
          t('usage.mode.quote'),
          t('usage.mode.headline'),
          t('usage.col.words'),
          t('usage.col.quotes'),
          t('usage.col.requests'),
        ]}
      />
      <Tbody>
        {totals.map((x) => (
          <Tr key={x.key}>
            <Td>
              <Typography>{x.label}</Typography>
            </Td>
            {[x.byMode.full, x.byMode.quote, x.byMode.headline, x.words, x.quotes, x.requests].map((n, i) => (
              <Td key={i}>
                <Typography>{n}</Typography>
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function UsagePage() {
  const t = useT();
  const today = dayOf(Date.now());
  const [range, setRange] = React.useState({ from: dayOf(Date.now() - 29 * DAY_MS), to: today });
  const [draft, setDraft] = React.useState(range);
  const { data, error, isLoading, isFetching } = useGetUsageQuery(range);
  const valid = DAY.test(draft.from) && DAY.test(draft.to) && draft.from <= draft.to;
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const { totals } = data;
  return (
    <Shell title={t('nav.usage')} subtitle={t('usage.subtitle')}>
      <Panel title={t('usage.range')}>
        <Flex gap={4} alignItems="flex-end" wrap="wrap">
          <Box>
            <Typography variant="pi" fontWeight="bold" tag="label" htmlFor="usage-from">
              {t('usage.from')}
            </Typography>
            <TextInput
              id="usage-from"
              type="date"
              value={draft.from}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, from: e.target.value })}
            />
          </Box>
          <Box>
            <Typography variant="pi" fontWeight="bold" tag="label" htmlFor="usage-to">
              {t('usage.to')}
            </Typography>
            <TextInput
              id="usage-to"
              type="date"
              value={draft.to}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, to: e.target.value })}
            />
          </Box>
          <Button disabled={!valid} loading={isFetching} onClick={() => setRange(draft)}>
            {t('usage.show')}
          </Button>
          <CsvDownload from={range.from} to={range.to} agencies={data.byAgency.map((a) => a.key).filter(Boolean)} />
        </Flex>
        <Box paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {data.counting.enabled
              ? t('usage.counting', { seconds: data.counting.flushSeconds })
              : t('usage.counting.off')}
          </Typography>
        </Box>
      </Panel>
      <Panel title={t('usage.totals', { from: data.from, to: data.to })}>
        <Grid.Root gap={4} data-testid="usage-totals">
          {(
            [
              ['usage.total.stories', totals.stories],
              ['usage.mode.full', totals.byMode.full],
              ['usage.mode.quote', totals.byMode.quote],
              ['usage.mode.headline', totals.byMode.headline],
              ['usage.col.words', totals.words],
              ['usage.col.quotes', totals.quotes],
              ['usage.col.requests', totals.requests],
            ] as Array<[TranslationKey, number]>
          ).map(([key, n]) => (
            <Grid.Item key={key} col={3} s={6}>
              <Box padding={3} background="neutral100" hasRadius width="100%">
                <Typography variant="sigma" textColor="neutral600" tag="p">
                  {t(key)}
                </Typography>
                <Typography variant="beta" tag="p">
                  {n}
                </Typography>
              </Box>
            </Grid.Item>
          ))}
        </Grid.Root>
      </Panel>
      {!data.rows.length ? (
        <Hint>{t('usage.empty')}</Hint>
      ) : (
        <>
          <Panel title={t('usage.byPartner')}>
            <Legend />
            <Bars totals={data.byPartner} testId="usage-by-partner" />
            <Box paddingTop={4}>
              <Totals totals={data.byPartner} />
            </Box>
          </Panel>
          <Panel title={t('usage.byAgency')}>
            <Legend />
            <Bars totals={data.byAgency} testId="usage-by-agency" />
            <Box paddingTop={4}>
              <Totals totals={data.byAgency} />
            </Box>
          </Panel>
        </>
      )}
    </Shell>
  );
}
