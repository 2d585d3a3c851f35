/**
 * One article beside the Content Manager's view: the copy, its licence in plain words, versions side
 * by side with the changes highlighted, and what a `quote` and a `full` partner receive.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Flex,
  Grid,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft, Pencil } from '@strapi/icons';
import { Page, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import styled from 'styled-components';
import type { DeskArticleView, DeskLedger, DiffPart, GrantKind, PictureOutcome } from '../../../shared/desk-api';
import { UPLOAD_ACTION } from '../../../shared/permissions';
import {
  useCan,
  useCompareVersionsQuery,
  useGetArticleQuery,
  useGetLedgerQuery,
  useReleaseReviewMutation,
  useTakeToSiteMutation,
  useFetchPicturesMutation,
  useResetLedgerMutation,
  useSave,
  useErrorText,
} from '../api';
import { datelineLabel, when } from '../components/format';
import { PageError } from '../components/PageError';
import { HeaderRow, Hint, Panel, RowLink, Shell, TextCell } from '../components/Shell';
import { StatusBadge } from '../components/StatusBadge';
import { ACTIONS, BASE } from '../pluginId';
import { useT, type TranslationKey } from '../translations';
import { QuoteHelper } from './QuoteHelper';

type ArticleView = DeskArticleView;

/** Copy as the reader sees it: sanitized at ingest, so safe to render. */
const Copy = styled(Box)`
  font-size: 1.5rem;
  line-height: 1.6;
  p {
    margin-bottom: 1rem;
  }
  blockquote {
    border-left: 4px solid ${({ theme }) => theme.colors.primary200};
    padding-left: 1rem;
    font-style: italic;
  }
  a {
    color: ${({ theme }) => theme.colors.primary600};
  }
`;

const Changed = styled.span<{ $kind: DiffPart['kind'] }>`
  white-space: pre-wrap;
  background: ${({ $kind, theme }) => ($kind === 'added' ? theme.colors.success100 : $kind === 'removed' ? theme.colors.danger100 : 'transparent')};
  text-decoration: ${({ $kind }) => ($kind === 'removed' ? 'line-through' : 'none')};
  color: ${({ $kind, theme }) => ($kind === 'added' ? theme.colors.success700 : $kind === 'removed' ? theme.colors.danger700 : 'inherit')};
`;

function DiffText({ parts, side }: { parts: DiffPart[]; side: 'older' | 'newer' }) {
  const shown = parts.filter(
    (p) => p.kind === 'same' || (side === 'older' ? p.kind === 'removed' : p.kind === 'added'),
  );
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

/** The same story from other agencies or feeds: near-duplicates of this text (services/similarity.ts). */
function Duplicates({ view }: { view: ArticleView }) {
  const t = useT();
  if (!view.duplicates.length) return <Hint>{t('duplicates.none')}</Hint>;
  return (
    <Table colCount={3} rowCount={view.duplicates.length + 1}>
      <HeaderRow columns={[t('duplicates.agency'), t('duplicates.headline'), t('duplicates.similarity')]} />
      <Tbody>
        {view.duplicates.map((d) => (
          <Tr key={d.documentId}>
            <TextCell>{d.agency?.code ?? '—'}</TextCell>
            <Td style={{ whiteSpace: 'normal', maxWidth: '32rem' }}>
              <RowLink to={`${BASE}/articles/${d.documentId}`}>{d.headline}</RowLink>
            </Td>
            <TextCell>{t('duplicates.percent', { percent: Math.round(d.similarity * 100) })}</TextCell>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function Versions({ view }: { view: ArticleView }) {
  const t = useT();
  const errorText = useErrorText();
  const others = view.versions.filter((v) => v.id !== 'current');
  const [older, setOlder] = React.useState(others[0]?.id ?? '');
  const [newer, setNewer] = React.useState('current');
  const diff = useCompareVersionsQuery({ id: view.article.documentId, older, newer }, { skip: !older });
  if (!others.length) return <Hint>{t('versions.only')}</Hint>;
  const label = (v: ArticleView['versions'][number]) =>
    t(v.id === 'current' ? 'versions.current' : 'versions.earlier', {
      version: v.version ?? '?',
      when: when(v.versionCreated),
    });
  return (
    <>
      <Flex gap={4} marginBottom={4} wrap="wrap">
        <SingleSelect
          aria-label={t('versions.older')}
          value={older}
          onChange={(v: string | number) => setOlder(String(v))}
        >
          {view.versions.map((v) => (
            <SingleSelectOption key={v.id} value={v.id}>
              {label(v)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        <Typography>{t('versions.comparedWith')}</Typography>
        <SingleSelect
          aria-label={t('versions.newer')}
          value={newer}
          onChange={(v: string | number) => setNewer(String(v))}
        >
          {view.versions.map((v) => (
            <SingleSelectOption key={v.id} value={v.id}>
              {label(v)}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Flex>
      {diff.data ? (
        <Grid.Root gap={4} data-testid="version-diff">
          {(['older', 'newer'] as const).map((side) => (
            <Grid.Item key={side} col={6} s={12} direction="column" alignItems="stretch">
              <Box padding={4} background="neutral100" hasRadius>
                <Typography variant="sigma" textColor="neutral600" tag="p">
                  {t(side === 'older' ? 'versions.before' : 'versions.after', {
                    version: diff.data![side].version ?? '?',
                    when: when(diff.data![side].versionCreated),
                  })}
                </Typography>
                <Box paddingTop={2} paddingBottom={2}>
                  <Typography variant="delta" tag="div">
                    <DiffText parts={diff.data!.headline} side={side} />
                  </Typography>
                </Box>
                <DiffText parts={diff.data!.body} side={side} />
              </Box>
            </Grid.Item>
          ))}
        </Grid.Root>
      ) : diff.error ? (
        <Alert variant="danger" title={t('versions.failed')} closeLabel={t('close')}>
          {errorText(diff.error)}
        </Alert>
      ) : null}
    </>
  );
}

function PartnerView({ view, access }: { view: ArticleView; access: 'quote' | 'full' }) {
  const t = useT();
  const served = view.partners[access];
  const usage = served.usage;
  const blocked =
    view.partners.notServed ??
    (access === 'quote' && !view.partners.quoteServed ? t('partnerView.quoteForbidden') : null);
  return (
    <Box padding={4} data-testid={`partner-view-${access}`}>
      {blocked ? (
        <Box marginBottom={4}>
          <Alert variant="warning" title={t('partnerView.notServed')} closeLabel={t('close')}>
            {t(access === 'quote' ? 'partnerView.blocked.quote' : 'partnerView.blocked.full', { reason: blocked })}
          </Alert>
        </Box>
      ) : null}
      <Flex gap={2} marginBottom={3} wrap="wrap">
        <Badge variant={usage.mode === 'full-text' ? 'success' : usage.mode === 'quote' ? 'secondary' : 'warning'}>
          {usage.mode}
        </Badge>
        <Badge>{t('partnerView.words', { served: usage.wordsServed, total: usage.totalWords })}</Badge>
        {usage.quoteLimitWords !== null ? (
          <Badge>{t('partnerView.limit', { count: usage.quoteLimitWords })}</Badge>
        ) : null}
      </Flex>
      <Typography variant="beta" tag="h3">
        {served.headline}
      </Typography>
      {usage.mode === 'headline-only' ? (
        <Hint>{t('partnerView.headlineOnly')}</Hint>
      ) : (
        <Copy paddingTop={3} dangerouslySetInnerHTML={{ __html: served.body }} />
      )}
      {usage.notice ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          {t('partnerView.notice', { notice: usage.notice })}
        </Typography>
      ) : null}
      {usage.attribution.required ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          {t('partnerView.attribution', { text: usage.attribution.text })}
          {usage.attribution.url ? ` (${usage.attribution.url})` : ''}
        </Typography>
      ) : null}
    </Box>
  );
}

const GRANT_KIND: Record<GrantKind, TranslationKey> = {
  excerpt: 'ledger.kind.excerpt',
  quote: 'ledger.kind.quote',
  probe: 'ledger.kind.probe',
  reset: 'ledger.kind.reset',
};

/** The quote ledger: which quote partner received which words of this story, when; and resets. */
function QuoteLedger({ documentId }: { documentId: string }) {
  const t = useT();
  const errorText = useErrorText();
  const save = useSave();
  const { data, error } = useGetLedgerQuery(documentId);
  const [resetLedger] = useResetLedgerMutation();
  const mayReset = useCan()(ACTIONS.managePartners);
  if (error) {
    return (
      <Alert variant="danger" title={t('ledger.failed')} closeLabel={t('close')}>
        {errorText(error)}
      </Alert>
    );
  }
  if (!data) return null;
  const reset = (owner: string, name: string) =>
    save(resetLedger({ id: documentId, owner }), {
      failed: t('ledger.reset.failed'),
      done: (r) => t('ledger.reset.done', { name, words: r.wordsReleased }),
    });
  const words = (g: DeskLedger['log'][number]) =>
    g.wordRange
      ? t(g.version ? 'ledger.range.version' : 'ledger.range', {
          from: g.wordRange[0] + 1,
          to: g.wordRange[1],
          version: g.version,
        })
      : '';
  return (
    <Box data-testid="quote-ledger">
      <Hint>{data.limitWords === null ? t('ledger.uncounted') : t('ledger.limit', { count: data.limitWords })}</Hint>
      {data.partners.length ? (
        <Table colCount={4} rowCount={data.partners.length + 1}>
          <HeaderRow columns={[t('ledger.partner'), t('ledger.received'), t('ledger.left'), '']} />
          <Tbody>
            {data.partners.map((p) => (
              <Tr key={p.owner}>
                <Td>
                  <Typography fontWeight="semiBold">{p.name}</Typography>
                </Td>
                <TextCell>{p.spentWords}</TextCell>
                <TextCell>{p.leftWords ?? '—'}</TextCell>
                <Td>
                  {mayReset ? (
                    <Button size="S" variant="secondary" onClick={() => reset(p.owner, p.name)}>
                      {t('ledger.reset')}
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      ) : (
        <Hint>{t('ledger.none')}</Hint>
      )}
      {data.log.length ? (
        <Box paddingTop={4}>
          <Typography variant="sigma" textColor="neutral600" tag="p">
            {t('ledger.history')}
          </Typography>
          {data.log.map((g, i) => (
            <Typography key={i} variant="pi" tag="p">
              {[when(g.at), g.name, t(GRANT_KIND[g.kind as GrantKind] ?? 'ledger.kind.quote')].join(' · ')}
              {g.kind === 'reset'
                ? ` ${t('ledger.resetBy', { actor: g.actor ?? t('ledger.anEditor'), words: g.words })}`
                : ` · ${words(g)} · ${t('ledger.newWords', { count: g.words })}`}
            </Typography>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

/**
 * Held for review by a routing rule: why, and Release (rule managers and feed managers); the rules
 * that matched the last delivery, with the take and notify they asked for.
 */
function Review({ article }: { article: ArticleView['article'] }) {
  const t = useT();
  const save = useSave();
  const can = useCan();
  const [releaseReview, { isLoading }] = useReleaseReviewMutation();
  const mayRelease = can(ACTIONS.manageRules) || can(ACTIONS.manageFeeds);
  const routing = article.routing;
  const asked = routing
    ? [routing.take ? t('review.take') : null, routing.notify ? t('review.notify') : null].filter(Boolean)
    : [];
  return (
    <>
      {article.reviewHold ? (
        <Box paddingBottom={4} data-testid="review-hold">
          <Alert
            variant="danger"
            title={t('review.held')}
            closeLabel={t('close')}
            action={
              mayRelease ? (
                <Button
                  size="S"
                  loading={isLoading}
                  onClick={() =>
                    save(releaseReview(article.documentId), {
                      failed: t('review.release.failed'),
                      done: (r) =>
                        r.unservedReason
                          ? t('review.released.still', { reason: t(`status.${r.unservedReason}`, { when: '' }) })
                          : t('review.released', { headline: article.headline }),
                    })
                  }
                >
                  {t('review.release')}
                </Button>
              ) : undefined
            }
          >
            {t(mayRelease ? 'review.why' : 'review.why.readOnly', { rule: article.reviewHold })}
          </Alert>
        </Box>
      ) : article.reviewRelease ? (
        <Typography variant="pi" textColor="neutral600" tag="p">
          {t('review.releasedBy', {
            by: article.reviewRelease.by ?? t('ledger.anEditor'),
            when: when(article.reviewRelease.at),
            rule: article.reviewRelease.held,
          })}
        </Typography>
      ) : null}
      {routing ? (
        <Typography variant="pi" textColor="neutral600" tag="p" data-testid="routing">
          {t('review.rules', { rules: routing.rules.map((r) => r.name).join(', ') })}
          {asked.length ? ` · ${asked.join(' · ')}` : ''}
        </Typography>
      ) : null}
    </>
  );
}

/** The Content Manager's edit view of a taken draft. */
const draftUrl = (target: string, documentId: string) => `/content-manager/collection-types/${target}/${documentId}`;

/**
 * Take to site (services/take.ts): a draft of the site's own type, shown only where a target is
 * configured and to editors with the Take permission (the server also checks create on the target).
 * Taken already: Take again (the server answers 409 to a plain Take).
 */
function TakeButton({ view }: { view: ArticleView }) {
  const t = useT();
  const save = useSave();
  const can = useCan();
  const { toggleNotification } = useNotification();
  const [take, { isLoading }] = useTakeToSiteMutation();
  if (!view.takeTarget || !can(ACTIONS.takeArticles)) return null;
  const again = view.article.takenTo.length > 0;
  const onClick = async () => {
    const done = await save(take({ id: view.article.documentId, again }), { failed: t('take.failed') });
    if (!done) return;
    const mode = t(`take.mode.${done.mode}`);
    toggleNotification({
      type: 'success',
      message: done.reason ? t('take.done.none', { reason: done.reason }) : t('take.done', { mode }),
      link: { url: `/admin${draftUrl(done.target, done.documentId)}`, label: t('take.open') },
    });
  };
  return (
    <Button variant="default" loading={isLoading} onClick={onClick} data-testid="take-to-site">
      {t(again ? 'take.again' : 'take.button')}
    </Button>
  );
}

/** Where the story was taken to the site, each with a link to its draft. */
function TakenTo({ article }: { article: ArticleView['article'] }) {
  const t = useT();
  if (!article.takenTo.length) return null;
  return (
    <Box paddingBottom={2} data-testid="taken-to">
      {article.takenTo.map((take) => (
        <Typography key={take.documentId} variant="pi" textColor="neutral600" tag="p">
          <RouterLink to={draftUrl(take.target, take.documentId)}>
            {t(take.rule ? 'take.takenByRule' : 'take.taken', {
              when: when(take.at),
              by: take.by ?? t('ledger.anEditor'),
              mode: t(`take.mode.${take.mode}`),
              rule: take.rule ?? '',
            })}
          </RouterLink>
        </Typography>
      ))}
    </Box>
  );
}

const LICENCE_SOURCE: Record<ArticleView['article']['licenceSource'], TranslationKey> = {
  item: 'licence.from.item',
  feed: 'licence.from.feed',
  agency: 'licence.from.agency',
  none: 'licence.from.agency',
};

export function ArticlePage() {
  const { id } = useParams();
  const t = useT();
  const { data, error, isLoading } = useGetArticleQuery(id ?? '');
  if (isLoading) return <Page.Loading />;
  if (!data) return <PageError error={error} />;
  const a = data.article;
  const back = (
    <RouterLink to={`${BASE}/articles`}>
      <Flex gap={1}>
        <ArrowLeft />
        <Typography textColor="primary600">{t('nav.articles')}</Typography>
      </Flex>
    </RouterLink>
  );
  const editInContentManager = (
    <LinkButton
      tag={RouterLink}
      variant="secondary"
      startIcon={<Pencil />}
      to={`/content-manager/collection-types/plugin::wire.article/${a.documentId}`}
    >
      {t('article.edit')}
    </LinkButton>
  );
  const subtitle = [
    a.agency ? `${a.agency.name} (${a.agency.code})` : null,
    t('articles.version', { version: a.version }),
    when(a.versionCreated),
  ];
  const byline = [
    datelineLabel(a) ? t('article.dateline', { dateline: datelineLabel(a) }) : null,
    a.byline ? t('article.byline', { byline: a.byline }) : null,
    a.feed ? t('article.feed', { feed: a.feed.name }) : null,
  ];
  return (
    <Shell
      title={a.headline}
      subtitle={subtitle.filter(Boolean).join(' · ')}
      actions={
        <Flex gap={2}>
          <TakeButton view={data} />
          {editInContentManager}
        </Flex>
      }
      navigationAction={back}
    >
      <Grid.Root gap={6}>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <Panel title={t('article.copy')}>
            <Review article={a} />
            <TakenTo article={a} />
            <Flex gap={2} marginBottom={4} wrap="wrap">
              <StatusBadge article={a} />
              {a.itemType !== 'text' ? (
                <Badge variant="secondary" title={t('article.itemTypeHint')} data-item-type={a.itemType}>
                  {t(`itemType.${a.itemType}`)}
                </Badge>
              ) : null}
              {a.credit ? <Badge>{t('article.credit', { credit: a.credit })}</Badge> : null}
              {a.headlineDerived ? (
                <Badge variant="warning" title={t('article.headlineDerivedHint')} data-headline-derived>
                  {t('article.headlineDerived')}
                </Badge>
              ) : null}
              {a.takeKey ? <Badge>{t('article.takeKey', { takeKey: a.takeKey })}</Badge> : null}
              {a.statusMarkers.map((m) => (
                <Badge key={m}>{m}</Badge>
              ))}
              {a.section ? <Badge>{a.section}</Badge> : null}
              <Badge>{t('words', { count: a.wordCount })}</Badge>
              {a.language ? <Badge>{a.language}</Badge> : null}
            </Flex>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {byline.filter(Boolean).join(' · ')}
            </Typography>
            {a.agencyNote ? (
              <Box paddingTop={2}>
                <Alert variant="default" title={t('article.agencyNote')} closeLabel={t('close')}>
                  {a.agencyNote}
                </Alert>
              </Box>
            ) : null}
            <Copy paddingTop={4} dangerouslySetInnerHTML={{ __html: a.body }} />
            <MediaParts article={a} />
            <Pictures view={data} />
          </Panel>
        </Grid.Item>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Panel
            title={t('article.licence')}
            actions={
              <RouterLink to={`${BASE}/licences`}>
                <Typography textColor="primary600">{t('article.allLicences')}</Typography>
              </RouterLink>
            }
          >
            {data.licence ? (
              <>
                <Typography fontWeight="bold" tag="p" data-testid="licence-terms">
                  {data.licence.terms}
                </Typography>
                <Box paddingTop={3}>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {data.licence.holder ? `${data.licence.holder} · ` : ''}
                    {t(LICENCE_SOURCE[a.licenceSource] ?? 'licence.from.agency')}
                  </Typography>
                  <Typography variant="pi" tag="p">
                    “{data.licence.notice}”
                  </Typography>
                </Box>
              </>
            ) : (
              <Hint>{t('article.noLicence')}</Hint>
            )}
          </Panel>
        </Grid.Item>
      </Grid.Root>

      <Panel title={t('article.partnerViews')} id="partner-views">
        <Tabs.Root defaultValue="quote">
          <Tabs.List aria-label={t('article.partnerAccess')}>
            <Tabs.Trigger value="quote">{t('article.quotePartner')}</Tabs.Trigger>
            <Tabs.Trigger value="full">{t('article.fullPartner')}</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="quote">
            <PartnerView view={data} access="quote" />
          </Tabs.Content>
          <Tabs.Content value="full">
            <PartnerView view={data} access="full" />
          </Tabs.Content>
        </Tabs.Root>
      </Panel>

      <Panel title={t('article.ledger')} id="quote-ledger">
        <QuoteLedger documentId={a.documentId} />
      </Panel>

      <Panel title={t('article.quoteHelper')} id="quote-helper">
        <QuoteHelper documentId={a.documentId} bodyText={a.bodyText} />
      </Panel>

      <Panel title={t('article.versions')} id="versions">
        <Versions view={data} />
      </Panel>

      <Panel title={t('article.duplicates')} id="duplicates">
        <Duplicates view={data} />
      </Panel>
    </Shell>
  );
}

/**
 * The pictures the story references and those stored in the Media Library, with "Fetch pictures"
 * (services/pictures.ts) for editors who may fetch them and upload to the Media Library (the server
 * checks both). What the last fetch came to stays beside each picture: stored, or refused and why.
 */
function Pictures({ view }: { view: ArticleView }) {
  const t = useT();
  const save = useSave();
  const can = useCan();
  const { toggleNotification } = useNotification();
  const [fetchPictures, { isLoading }] = useFetchPicturesMutation();
  const [outcomes, setOutcomes] = React.useState<Record<string, PictureOutcome>>({});
  const a = view.article;
  if (!a.pictures.length) return null;
  const mayFetch = can(ACTIONS.fetchPictures) && can(UPLOAD_ACTION);
  const onClick = async () => {
    const done = await save(fetchPictures(a.documentId), { failed: t('pictures.failed') });
    if (!done) return;
    setOutcomes(Object.fromEntries(done.pictures.map((p) => [p.ref, p])));
    toggleNotification({
      type: done.refused ? 'warning' : 'success',
      message: t('pictures.done', { stored: done.stored, refused: done.refused }),
    });
  };
  const covered = view.licence?.picturesAllowed === true;
  return (
    <Box paddingTop={4} data-testid="pictures">
      <Flex justifyContent="space-between" alignItems="center" gap={2} wrap="wrap">
        <Typography variant="delta" tag="h3">
          {t('pictures.title')}
        </Typography>
        {mayFetch ? (
          <Button variant="secondary" loading={isLoading} onClick={onClick} data-testid="fetch-pictures">
            {t('pictures.fetch')}
          </Button>
        ) : null}
      </Flex>
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t(covered ? 'pictures.covered' : 'pictures.notCovered')}
      </Typography>
      <ul>
        {a.pictures.map((p) => {
          const outcome = outcomes[p.ref];
          return (
            <li key={p.ref} data-picture-ref={p.ref}>
              <Flex gap={3} alignItems="center" paddingTop={2}>
                {p.stored ? (
                  <img src={p.stored.url} alt={p.caption ?? ''} width={96} style={{ height: 'auto' }} />
                ) : null}
                <Box>
                  <Typography variant="pi" tag="p">
                    {p.caption ?? p.source}
                    {p.credit ? ` · ${t('article.credit', { credit: p.credit })}` : ''}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p" data-picture-status>
                    {p.stored
                      ? t('pictures.stored', {
                          mime: p.stored.mime,
                          size: p.stored.width && p.stored.height ? `${p.stored.width} × ${p.stored.height}` : '',
                          when: when(p.stored.at),
                        })
                      : outcome?.status === 'refused'
                        ? t('pictures.refused', { reason: outcome.reason ?? '' })
                        : outcome?.status === 'busy'
                          ? t('pictures.busy')
                          : t('pictures.notStored', { source: p.source })}
                  </Typography>
                </Box>
              </Flex>
            </li>
          );
        })}
      </ul>
    </Box>
  );
}

/** A media item's renditions (links to the agency's files, never fetched here) and a package's members in order. */
function MediaParts({ article: a }: { article: DeskArticleView['article'] }) {
  const t = useT();
  return (
    <>
      {a.renditions.length ? (
        <Box paddingTop={4} data-testid="renditions">
          <Typography variant="delta" tag="h3">
            {t('article.renditions')}
          </Typography>
          <ul>
            {a.renditions.map((r, i) => (
              <li key={`${r.href}-${i}`}>
                <Typography variant="pi">
                  <a href={r.href} target="_blank" rel="noreferrer noopener">
                    {r.name ?? r.href}
                  </a>
                  {r.contentType ? ` · ${r.contentType}` : ''}
                  {r.width && r.height ? ` · ${t('article.renditionSize', { width: r.width, height: r.height })}` : ''}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      ) : null}
      {a.members.length ? (
        <Box paddingTop={4} data-testid="members">
          <Typography variant="delta" tag="h3">
            {t('article.members')}
          </Typography>
          <ol>
            {a.members.map((m) => (
              <li key={`${m.order}-${m.guid}`} data-member-order={m.order}>
                <Typography variant="pi">
                  {m.itemType ? `${t(`itemType.${m.itemType}`)} · ` : ''}
                  {m.documentId ? (
                    <RouterLink to={`${BASE}/articles/${m.documentId}`}>{m.headline ?? m.guid}</RouterLink>
                  ) : (
                    `${m.headline ?? m.guid} (${t('article.memberNotArrived')})`
                  )}
                  {m.role || m.groupRole ? ` · ${[m.groupRole, m.role].filter(Boolean).join(' / ')}` : ''}
                </Typography>
              </li>
            ))}
          </ol>
        </Box>
      ) : null}
    </>
  );
}
