/**
 * One article beside the Content Manager's view: the copy, its licence in plain words, versions side
 * by side with the changes highlighted, and what a `quote` and a `full` partner receive.
 */
import { Alert, Badge, Box, Button, Flex, Grid, LinkButton, SingleSelect, SingleSelectOption, Table, Tabs, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft, Pencil } from '@strapi/icons';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import styled from 'styled-components';
import { useCan, useNotify, useWireGet } from '../api';
import { when } from '../components/format';
import { HeaderRow, Hint, Panel, Shell } from '../components/Shell';
import { ACTIONS, BASE } from '../pluginId';
import { StatusBadge } from './DeskPage';
import { QuoteHelper } from './QuoteHelper';

interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

interface ArticleView {
  article: {
    documentId: string;
    guid: string;
    version: number;
    headline: string;
    section: string | null;
    byline: string | null;
    datelineText: string | null;
    agency: { code: string; name: string } | null;
    feed: { documentId: string; name: string } | null;
    body: string;
    bodyText: string;
    wordCount: number;
    language: string | null;
    pubStatus: string;
    embargoedUntil: string | null;
    versionCreated: string | null;
    url: string | null;
    agencyNote: string | null;
    licenceSource: string;
  };
  licence: { documentId: string; name: string | null; holder: string | null; notice: string; terms: string | null } | null;
  versions: Array<{ id: string; version: number | null; versionCreated: string | null; headline: string }>;
  partners: { notServed: string | null; quoteServed: boolean; quote: any; full: any };
}

/** Copy as the reader sees it: sanitized at ingest, so safe to render. */
const Copy = styled(Box)`
  font-size: 1.5rem;
  line-height: 1.6;
  p { margin-bottom: 1rem; }
  blockquote { border-left: 4px solid ${({ theme }) => theme.colors.primary200}; padding-left: 1rem; font-style: italic; }
  a { color: ${({ theme }) => theme.colors.primary600}; }
`;

const Changed = styled.span<{ $kind: DiffPart['kind'] }>`
  white-space: pre-wrap;
  background: ${({ $kind, theme }) => ($kind === 'added' ? theme.colors.success100 : $kind === 'removed' ? theme.colors.danger100 : 'transparent')};
  text-decoration: ${({ $kind }) => ($kind === 'removed' ? 'line-through' : 'none')};
  color: ${({ $kind, theme }) => ($kind === 'added' ? theme.colors.success700 : $kind === 'removed' ? theme.colors.danger700 : 'inherit')};
`;

function DiffText({ parts, side }: { parts: DiffPart[]; side: 'older' | 'newer' }) {
  const shown = parts.filter((p) => p.kind === 'same' || (side === 'older' ? p.kind === 'removed' : p.kind === 'added'));
  return (
    <Typography tag="div">
      {shown.map((p, i) => (
        <Changed key={i} $kind={p.kind} data-change={p.kind === 'same' ? undefined : p.kind}>
          {p.text}
        </Changed>
      ))}
    </Typography>
  );
}

function Versions({ view }: { view: ArticleView }) {
  const others = view.versions.filter((v) => v.id !== 'current');
  const [older, setOlder] = React.useState(others[0]?.id ?? '');
  const [newer, setNewer] = React.useState('current');
  const diff = useWireGet<{ older: any; newer: any; headline: DiffPart[]; body: DiffPart[] }>(older ? `/wire/articles/${view.article.documentId}/compare?older=${older}&newer=${newer}` : null);
  if (!others.length) return <Hint>This is the only version the agency sent. When it sends a correction, the two versions appear here side by side with the changes marked.</Hint>;
  const label = (v: ArticleView['versions'][number]) => `${v.id === 'current' ? 'Current' : 'Earlier'}: version ${v.version ?? '?'} · ${when(v.versionCreated)}`;
  return (
    <>
      <Flex gap={4} marginBottom={4} wrap="wrap">
        <SingleSelect aria-label="Older version" value={older} onChange={(v: string | number) => setOlder(String(v))}>
          {view.versions.map((v) => <SingleSelectOption key={v.id} value={v.id}>{label(v)}</SingleSelectOption>)}
        </SingleSelect>
        <Typography>compared with</Typography>
        <SingleSelect aria-label="Newer version" value={newer} onChange={(v: string | number) => setNewer(String(v))}>
          {view.versions.map((v) => <SingleSelectOption key={v.id} value={v.id}>{label(v)}</SingleSelectOption>)}
        </SingleSelect>
      </Flex>
      {diff.data ? (
        <Grid.Root gap={4} data-testid="version-diff">
          {(['older', 'newer'] as const).map((side) => (
            <Grid.Item key={side} col={6} s={12} direction="column" alignItems="stretch">
              <Box padding={4} background="neutral100" hasRadius>
                <Typography variant="sigma" textColor="neutral600" tag="p">
                  {side === 'older' ? 'Before' : 'After'}: version {diff.data![side].version ?? '?'} · {when(diff.data![side].versionCreated)}
                </Typography>
                <Box paddingTop={2} paddingBottom={2}>
                  <Typography variant="delta" tag="div"><DiffText parts={diff.data!.headline} side={side} /></Typography>
                </Box>
                <DiffText parts={diff.data!.body} side={side} />
              </Box>
            </Grid.Item>
          ))}
        </Grid.Root>
      ) : diff.error ? <Alert variant="danger" title="Could not compare" closeLabel="Close">{diff.error}</Alert> : null}
    </>
  );
}

function PartnerView({ view, access }: { view: ArticleView; access: 'quote' | 'full' }) {
  const served = view.partners[access];
  const usage = served.usage;
  const blocked = view.partners.notServed ?? (access === 'quote' && !view.partners.quoteServed ? 'the licence forbids publication: quote partners do not receive it' : null);
  return (
    <Box padding={4} data-testid={`partner-view-${access}`}>
      {blocked ? (
        <Box marginBottom={4}>
          <Alert variant="warning" title="Not served now" closeLabel="Close">{`A ${access} partner does not receive this article: ${blocked}. This is what it would receive otherwise.`}</Alert>
        </Box>
      ) : null}
      <Flex gap={2} marginBottom={3} wrap="wrap">
        <Badge variant={usage.mode === 'full-text' ? 'success' : usage.mode === 'quote' ? 'secondary' : 'warning'}>{usage.mode}</Badge>
        <Badge>{usage.wordsServed} of {usage.totalWords} words</Badge>
        {usage.quoteLimitWords !== null ? <Badge>quote limit {usage.quoteLimitWords} words</Badge> : null}
      </Flex>
      <Typography variant="beta" tag="h3">{served.headline}</Typography>
      {usage.mode === 'headline-only' ? (
        <Hint>Headline and link only: the licence gives no machine-readable quote limit.</Hint>
      ) : (
        <Copy paddingTop={3} dangerouslySetInnerHTML={{ __html: served.body }} />
      )}
      {usage.notice ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          Licence notice sent along: {usage.notice}
        </Typography>
      ) : null}
      {usage.attribution.required ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          Attribution: {usage.attribution.text}{usage.attribution.url ? ` (${usage.attribution.url})` : ''}
        </Typography>
      ) : null}
    </Box>
  );
}

interface LedgerView {
  limitWords: number | null;
  partners: Array<{ owner: string; name: string; spentWords: number; leftWords: number | null; updatedAt: string }>;
  log: Array<{ owner: string; name: string; kind: 'excerpt' | 'quote' | 'probe' | 'reset'; version: number | null; wordRange: [number, number] | null; words: number; actor: string | null; at: string }>;
}

const GRANT_KIND: Record<LedgerView['log'][number]['kind'], string> = {
  excerpt: 'opening excerpt',
  quote: 'quoted passage',
  probe: 'passage not found (charged)',
  reset: 'budget reset',
};

/** The quote ledger: which quote partner received which words of this story, when; and resets. */
function QuoteLedger({ documentId }: { documentId: string }) {
  const { data, error, reload } = useWireGet<LedgerView>(`/wire/articles/${documentId}/ledger`);
  const can = useCan();
  const { post } = useFetchClient();
  const notify = useNotify();
  if (error) return <Alert variant="danger" title="Could not read the ledger" closeLabel="Close">{error}</Alert>;
  if (!data) return null;
  async function reset(owner: string, name: string) {
    try {
      const res = await post<any>(`/wire/articles/${documentId}/ledger/reset`, { owner });
      notify.ok(`${name} has its whole budget for this story again (${res.data.data.wordsReleased} words released)`);
      reload();
    } catch (e) {
      notify.fail(e, 'Reset');
    }
  }
  const words = (g: LedgerView['log'][number]) => (g.wordRange ? `words ${g.wordRange[0] + 1}–${g.wordRange[1]}${g.version ? ` of version ${g.version}` : ''}` : '');
  return (
    <Box data-testid="quote-ledger">
      <Hint>
        {data.limitWords === null
          ? 'Quote partners are not counted for this story: its licence allows the full text, or gives no quote limit (headline and link only).'
          : `Each quote partner may receive at most ${data.limitWords} distinct words of this story, excerpts and quoted passages of every version together.`}
      </Hint>
      {data.partners.length ? (
        <Table colCount={4} rowCount={data.partners.length + 1}>
          <HeaderRow columns={['Partner', 'Words received', 'Words left', '']} />
          <Tbody>
            {data.partners.map((p) => (
              <Tr key={p.owner}>
                <Td><Typography fontWeight="semiBold">{p.name}</Typography></Td>
                <Td><Typography>{p.spentWords}</Typography></Td>
                <Td><Typography>{p.leftWords ?? '—'}</Typography></Td>
                <Td>
                  {can(ACTIONS.managePartners) ? (
                    <Button size="S" variant="secondary" onClick={() => reset(p.owner, p.name)}>Reset budget</Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : (
        <Hint>No quote partner has received words of this story.</Hint>
      )}
      {data.log.length ? (
        <Box paddingTop={4}>
          <Typography variant="sigma" textColor="neutral600" tag="p">History</Typography>
          {data.log.map((g, i) => (
            <Typography key={i} variant="pi" tag="p">
              {when(g.at)} · {g.name} · {GRANT_KIND[g.kind]}
              {g.kind === 'reset' ? ` by ${g.actor ?? 'an editor'} (${g.words} words released)` : ` · ${words(g)} · ${g.words} new word${g.words === 1 ? '' : 's'}`}
            </Typography>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

export function ArticlePage() {
  const { id } = useParams();
  const { data, error, loading } = useWireGet<ArticleView>(`/wire/articles/${id}`);
  if (loading && !data) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  const a = data.article;
  const back = (
    <RouterLink to={`${BASE}/articles`}>
      <Flex gap={1}>
        <ArrowLeft />
        <Typography textColor="primary600">Articles</Typography>
      </Flex>
    </RouterLink>
  );
  const editInContentManager = (
    <LinkButton tag={RouterLink} variant="secondary" startIcon={<Pencil />} to={`/content-manager/collection-types/plugin::wire.article/${a.documentId}`}>
      Edit in the Content Manager
    </LinkButton>
  );
  return (
    <Shell title={a.headline} subtitle={[a.agency ? `${a.agency.name} (${a.agency.code})` : null, a.datelineText, `version ${a.version}`, when(a.versionCreated)].filter(Boolean).join(' · ')} actions={editInContentManager} navigationAction={back}>
      <Grid.Root gap={6}>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <Panel title="The copy">
            <Flex gap={2} marginBottom={4} wrap="wrap">
              <StatusBadge article={a} />
              {a.section ? <Badge>{a.section}</Badge> : null}
              <Badge>{a.wordCount} words</Badge>
              {a.language ? <Badge>{a.language}</Badge> : null}
            </Flex>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {[a.datelineText ? `Dateline: ${a.datelineText}` : null, a.byline ? `By ${a.byline}` : null, a.feed ? `from feed ${a.feed.name}` : null].filter(Boolean).join(' · ')}
            </Typography>
            {a.agencyNote ? <Box paddingTop={2}><Alert variant="default" title="Note from the agency" closeLabel="Close">{a.agencyNote}</Alert></Box> : null}
            <Copy paddingTop={4} dangerouslySetInnerHTML={{ __html: a.body }} />
          </Panel>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Panel title="Licence" actions={<RouterLink to={`${BASE}/licences`}><Typography textColor="primary600">All licences</Typography></RouterLink>}>
            {data.licence ? (
              <>
                <Typography fontWeight="bold" tag="p" data-testid="licence-terms">{data.licence.terms}</Typography>
                <Box paddingTop={3}>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {data.licence.holder ? `${data.licence.holder} · ` : ''}from the {a.licenceSource === 'item' ? 'copy itself' : a.licenceSource === 'feed' ? "feed's default" : "agency's default"}
                  </Typography>
                  <Typography variant="pi" tag="p">“{data.licence.notice}”</Typography>
                </Box>
              </>
            ) : (
              <Hint>No licence: quote partners get the headline and a link only; full partners get the text. Set a default licence on the feed or agency to change that.</Hint>
            )}
          </Panel>
        </Grid.Item>
      </Grid.Root>

      <Panel title="What a partner sees" id="partner-views">
        <Tabs.Root defaultValue="quote">
          <Tabs.List aria-label="Partner access">
            <Tabs.Trigger value="quote">A quote partner</Tabs.Trigger>
            <Tabs.Trigger value="full">A full partner</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="quote"><PartnerView view={data} access="quote" /></Tabs.Content>
          <Tabs.Content value="full"><PartnerView view={data} access="full" /></Tabs.Content>
        </Tabs.Root>
      </Panel>

      <Panel title="Quote ledger" id="quote-ledger">
        <QuoteLedger documentId={a.documentId} />
      </Panel>

      <Panel title="Quote helper" id="quote-helper">
        <QuoteHelper documentId={a.documentId} bodyText={a.bodyText} />
      </Panel>

      <Panel title="Versions" id="versions">
        <Versions view={data} />
      </Panel>
    </Shell>
  );
}
