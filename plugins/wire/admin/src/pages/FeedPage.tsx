/**
 * One feed: add or edit it, "Test" it before saving (detected format and the first items as they would
 * be stored), "Run now" with live progress, pause and resume, and its ingest runs with every rejected
 * item and its reason.
 */
import { Alert, Badge, Box, Button, Checkbox, Field, Flex, Grid, SingleSelect, SingleSelectOption, Table, Tbody, Td, Textarea, TextInput, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft, Play, Stop } from '@strapi/icons';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { errorMessage, useCan, useNotify, useWireGet, type Pagination } from '../api';
import { FeedHealth, type DeskFeed } from '../components/FeedHealth';
import { ago, when } from '../components/format';
import { Hint, Pager, Panel, Shell, HeaderRow } from '../components/Shell';
import { FEED_FORMATS } from '../../../shared/formats';
import { ACTIONS, BASE } from '../pluginId';


interface Form {
  name: string;
  source: string;
  format: string;
  pollIntervalMinutes: string;
  idleLimitMinutes: string;
  defaultAgency: string;
  authUsername: string;
  authPassword: string;
  requestHeaders: string;
  lenient: boolean;
}

interface Preview {
  format: string;
  items: number;
  accepted: number;
  rejected: Array<{ item: number; guid: string | null; field: string | null; reason: string }>;
  warnings: Array<{ item: number; field: string | null; reason: string }>;
  preview: Array<{ item: number; guid: string; headline: string; agency: string; dateline: string | null; byline: string | null; versionCreated: string | null; embargoedUntil: string | null; pubStatus: string; wordCount: number; excerpt: string; licence: { notice: string; terms: string } | null }>;
}

interface Run {
  id: number;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  httpStatus: number | null;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  problems: Array<{ item: number; guid?: string | null; field: string | null; reason: string }> | null;
  warnings: Array<{ item: number; field: string | null; reason: string }> | null;
}

const emptyForm: Form = { name: '', source: '', format: 'auto', pollIntervalMinutes: '15', idleLimitMinutes: '1440', defaultAgency: '', authUsername: '', authPassword: '', requestHeaders: '', lenient: false };

function formOf(feed: DeskFeed): Form {
  return {
    name: feed.name,
    source: feed.source,
    format: feed.format,
    pollIntervalMinutes: String(feed.pollIntervalMinutes ?? 15),
    idleLimitMinutes: String(feed.idleLimitMinutes ?? 1440),
    defaultAgency: feed.defaultAgency?.documentId ?? '',
    authUsername: feed.authUsername ?? '',
    authPassword: '',
    requestHeaders: '',
    lenient: feed.lenient === true,
  };
}

/** Only what the editor filled in: an empty secret keeps the stored one. */
function payload(form: Form) {
  const body: Record<string, unknown> = {
    name: form.name,
    source: form.source,
    format: form.format,
    pollIntervalMinutes: form.pollIntervalMinutes,
    idleLimitMinutes: form.idleLimitMinutes,
    defaultAgency: form.defaultAgency || null,
    authUsername: form.authUsername,
    lenient: form.lenient,
  };
  if (form.authPassword) body.authPassword = form.authPassword;
  if (form.requestHeaders.trim()) body.requestHeaders = form.requestHeaders.trim();
  return body;
}

function RunStatus({ status }: { status: string }) {
  const variant = status === 'success' || status === 'not-modified' ? 'success' : status === 'partial' ? 'warning' : status === 'running' ? 'secondary' : 'danger';
  return <Badge variant={variant}>{status}</Badge>;
}

function TestResult({ result }: { result: Preview }) {
  return (
    <Box data-testid="feed-test-result">
      <Flex gap={3} marginBottom={4} wrap="wrap">
        <Badge variant="secondary">Format: {result.format}</Badge>
        <Badge>{result.items} item(s)</Badge>
        <Badge variant="success">{result.accepted} would be stored</Badge>
        <Badge variant={result.rejected.length ? 'danger' : 'neutral'}>{result.rejected.length} rejected</Badge>
      </Flex>
      {result.rejected.length ? (
        <Box marginBottom={4}>
          <Alert variant="danger" title="Items that would be rejected" closeLabel="Close">
            {result.rejected.slice(0, 10).map((r) => `item ${r.item}${r.guid ? ` (${r.guid})` : ''}, ${r.field ?? 'document'}: ${r.reason}`).join(' · ')}
          </Alert>
        </Box>
      ) : null}
      {result.preview.length === 0 ? (
        <Hint>No item could be read from this source.</Hint>
      ) : (
        result.preview.map((item) => (
          <Box key={item.item} padding={4} marginBottom={3} background="neutral100" hasRadius>
            <Typography variant="epsilon" fontWeight="bold" tag="p">
              {item.headline}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {[item.agency, item.dateline, item.byline, when(item.versionCreated), `${item.wordCount} words`, item.pubStatus !== 'usable' ? item.pubStatus : null, item.embargoedUntil ? `embargoed until ${when(item.embargoedUntil)}` : null].filter(Boolean).join(' · ')}
            </Typography>
            <Box paddingTop={2}>
              <Typography>{item.excerpt}</Typography>
            </Box>
            <Typography variant="pi" textColor="neutral700" tag="p">
              Licence: {item.licence ? item.licence.terms : 'none in the copy (the feed or agency default applies)'}
            </Typography>
          </Box>
        ))
      )}
    </Box>
  );
}

function Runs({ feedId, refresh }: { feedId: string; refresh: number }) {
  const [page, setPage] = React.useState(1);
  const { data, meta, reload } = useWireGet<Run[]>(`/wire/feeds/${feedId}/runs?page=${page}&pageSize=10`);
  React.useEffect(() => reload(), [refresh, reload]);
  const pagination = meta?.pagination as Pagination | undefined;
  if (!data) return null;
  if (!data.length) return <Hint>No runs yet. Press "Run now" to poll the feed once; scheduled polls will appear here too.</Hint>;
  return (
    <>
      <Table colCount={5} rowCount={data.length + 1}>
        <HeaderRow columns={['Started', 'Trigger', 'Status', 'Items', 'Problems']} />
        <Tbody>
          {data.map((run) => (
            <Tr key={run.id}>
              <Td><Typography>{when(run.startedAt)}</Typography></Td>
              <Td><Typography>{run.trigger}</Typography></Td>
              <Td><RunStatus status={run.status} /></Td>
              <Td>
                {run.status === 'running' ? (
                  <Typography>{`running: ${run.created} new, ${run.updated} updated, ${run.rejected} rejected so far`}</Typography>
                ) : (
                  <>
                    <Typography tag="p">{`${run.created} new, ${run.updated} updated, ${run.unchanged} unchanged`}</Typography>
                    <Typography tag="p" variant="pi" textColor={run.rejected ? 'danger600' : 'neutral600'}>{`${run.rejected} rejected of ${run.items}`}</Typography>
                  </>
                )}
              </Td>
              <Td style={{ whiteSpace: 'normal', maxWidth: '30rem' }}>
                {run.error ? <Typography textColor="danger600" tag="p">{run.error}</Typography> : null}
                {(run.problems ?? []).filter((p) => p.item > 0).slice(0, 20).map((p, i) => (
                  <Typography key={i} variant="pi" textColor="danger600" tag="p">
                    Item {p.item}{p.guid ? ` (${p.guid})` : ''}, {p.field ?? 'item'}: {p.reason}
                  </Typography>
                ))}
                {(run.warnings ?? []).slice(0, 5).map((w, i) => (
                  <Typography key={`w${i}`} variant="pi" textColor="warning600" tag="p">
                    Warning, item {w.item}, {w.field}: {w.reason}
                  </Typography>
                ))}
                {!run.error && !(run.problems ?? []).length && !(run.warnings ?? []).length ? <Typography variant="pi" textColor="neutral500">none</Typography> : null}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <Pager pagination={pagination} onPage={setPage} />
    </>
  );
}

export function FeedPage() {
  const { id } = useParams();
  const isNew = !id;
  const navigate = useNavigate();
  const { post, put, get } = useFetchClient();
  const notify = useNotify();
  const can = useCan();
  const mayManage = can(ACTIONS.manageFeeds);
  const feed = useWireGet<DeskFeed>(isNew ? null : `/wire/feeds/${id}`);
  const agencies = useWireGet<Array<{ documentId: string; code: string; name: string }>>('/wire/agencies');
  const [form, setForm] = React.useState<Form>(emptyForm);
  const [testing, setTesting] = React.useState(false);
  const [testResult, setTestResult] = React.useState<Preview | null>(null);
  const [testError, setTestError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [running, setRunning] = React.useState<{ startedAt: number; live: Run | null } | null>(null);
  const [refreshRuns, setRefreshRuns] = React.useState(0);

  React.useEffect(() => {
    if (feed.data) setForm(formOf(feed.data));
  }, [feed.data]);

  // The test's answer is below the form: bring it into view.
  React.useEffect(() => {
    if (testResult || testError) document.getElementById('feed-test')?.scrollIntoView({ block: 'start' });
  }, [testResult, testError]);

  const field = (key: Exclude<keyof Form, 'lenient'>) => ({
    name: key,
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  async function test() {
    setTesting(true);
    setTestError(null);
    setTestResult(null);
    try {
      const res = await post<any>('/wire/feeds/test', { ...payload(form), feedId: id ?? null });
      setTestResult(res.data.data);
    } catch (error) {
      setTestError(errorMessage(error));
    } finally {
      setTesting(false);
    }
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      if (isNew) {
        const res = await post<any>('/wire/feeds', payload(form));
        notify.ok(`Feed "${res.data.data.name}" added. Press "Run now" to take its copy in.`);
        navigate(`${BASE}/feeds/${res.data.data.documentId}`);
      } else {
        await put<any>(`/wire/feeds/${id}`, payload(form));
        notify.ok('Feed saved');
        feed.reload();
      }
    } catch (error) {
      notify.fail(error, 'The feed was not saved');
    } finally {
      setSaving(false);
    }
  }

  /** Polls the feed's newest run every second while "Run now" is under way: that is the live progress. */
  async function runNow() {
    const startedAt = Date.now();
    setRunning({ startedAt, live: null });
    const timer = setInterval(async () => {
      try {
        const res = await get<any>(`/wire/feeds/${id}/runs?page=1&pageSize=1`);
        const latest = res.data.data[0] as Run | undefined;
        setRunning((r) => (r ? { ...r, live: latest && new Date(latest.startedAt).getTime() >= startedAt - 5000 ? latest : r.live } : r));
      } catch {
        // The final answer below reports any failure.
      }
    }, 1000);
    try {
      const res = await post<any>(`/wire/feeds/${id}/poll`, {});
      const run = res.data.data.run as Run;
      if (run.status === 'failed') notify.fail({ message: run.error ?? 'failed' }, 'The run failed');
      else notify.ok(`Run finished: ${run.created} new, ${run.updated} updated, ${run.unchanged} unchanged, ${run.rejected} rejected`);
    } catch (error) {
      notify.fail(error, 'Run now');
    } finally {
      clearInterval(timer);
      setRunning(null);
      setRefreshRuns((n) => n + 1);
      feed.reload();
    }
  }

  async function pauseOrResume() {
    if (!feed.data) return;
    try {
      if (feed.data.paused) {
        await post<any>(`/wire/feeds/${id}/resume`, {});
        notify.ok('Feed resumed: it is polled at the next tick');
      } else {
        await post<any>(`/wire/feeds/${id}/pause`, { reason: 'paused at the desk' });
        notify.ok('Feed paused: scheduled polls stop until you resume it');
      }
      feed.reload();
    } catch (error) {
      notify.fail(error, 'Pause or resume');
    }
  }

  if (!isNew && feed.loading && !feed.data) return <Page.Loading />;
  if (!isNew && (feed.error || !feed.data)) return <Page.Error />;

  const back = (
    <RouterLink to={`${BASE}/feeds`}>
      <Flex gap={1}>
        <ArrowLeft />
        <Typography textColor="primary600">Feeds</Typography>
      </Flex>
    </RouterLink>
  );
  const headerActions = !isNew && mayManage ? (
    <Flex gap={2}>
      <Button variant="secondary" startIcon={feed.data?.paused ? <Play /> : <Stop />} onClick={pauseOrResume}>
        {feed.data?.paused ? 'Resume' : 'Pause'}
      </Button>
      <Button startIcon={<Play />} loading={!!running} onClick={runNow}>
        Run now
      </Button>
    </Flex>
  ) : undefined;

  return (
    <Shell title={isNew ? 'Add a feed' : feed.data!.name} subtitle={isNew ? 'Test it before you save it: nothing is stored until you run it' : feed.data!.source} actions={headerActions} navigationAction={back}>
      {!isNew && feed.data ? (
        <Panel title="Health">
          <Flex gap={6} wrap="wrap">
            <FeedHealth feed={feed.data} />
            <Typography>Last success: {ago(feed.data.lastSuccessAt)}</Typography>
            <Typography>Last error: {feed.data.lastErrorAt ? `${ago(feed.data.lastErrorAt)}: ${feed.data.lastError}` : 'none'}</Typography>
            <Typography>Consecutive failures: {feed.data.consecutiveFailures}</Typography>
            <Typography>Items in 24 h: {feed.data.itemsLast24h}</Typography>
            <Typography>Next poll: {feed.data.paused ? 'paused' : feed.data.nextPollAt ? when(feed.data.nextPollAt) : 'at the next tick'}</Typography>
          </Flex>
          {feed.data.paused && feed.data.pausedReason ? (
            <Box paddingTop={3}>
              <Alert variant="danger" title="Paused" closeLabel="Close">{`${feed.data.pausedReason}. Press "Resume" when the source is fixed.`}</Alert>
            </Box>
          ) : null}
          {running ? (
            <Box paddingTop={4} data-testid="run-progress">
              <Alert variant="default" title="Running" closeLabel="Close">
                {running.live
                  ? running.live.status === 'running'
                    ? running.live.created + running.live.updated + running.live.unchanged + running.live.rejected > 0
                      ? `Storing: ${running.live.created + running.live.updated + running.live.unchanged + running.live.rejected} of ${running.live.items} items done (${running.live.created} new, ${running.live.updated} updated, ${running.live.unchanged} unchanged, ${running.live.rejected} rejected)…`
                      : `Fetching and reading the feed since ${when(running.live.startedAt)}…`
                    : `Finished: ${running.live.items} read, ${running.live.created} new, ${running.live.updated} updated, ${running.live.rejected} rejected`
                  : 'Starting the run…'}
              </Alert>
            </Box>
          ) : null}
        </Panel>
      ) : null}

      {!isNew ? (
        <Panel title="Ingest runs" id="runs">
          <Runs feedId={id!} refresh={refreshRuns} />
        </Panel>
      ) : null}

      <form onSubmit={save}>
        <Panel title="Feed" actions={mayManage ? (
          <Flex gap={2}>
            <Button type="button" variant="secondary" loading={testing} disabled={!form.source.trim()} onClick={test}>
              Test
            </Button>
            <Button type="submit" loading={saving}>
              {isNew ? 'Save feed' : 'Save changes'}
            </Button>
          </Flex>
        ) : undefined}>
          {!mayManage ? (
            <Box marginBottom={4}>
              <Hint>You may read this feed; changing it needs the "Manage feeds" permission.</Hint>
            </Box>
          ) : null}
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root name="name" required hint="How editors and the CLI name it, e.g. USPA main">
                <Field.Label>Name</Field.Label>
                <TextInput {...field('name')} disabled={!mayManage} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root name="source" required hint="An http(s) URL, or a drop folder inside the drop root (WIRE_DROP_ROOT, default drop/ in the app; relative to it)">
                <Field.Label>Source</Field.Label>
                <TextInput {...field('source')} disabled={!mayManage} placeholder="https://agency.example/feed.rss" />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="format" hint="auto detects it from the content">
                <Field.Label>Format</Field.Label>
                <SingleSelect value={form.format} disabled={!mayManage} onChange={(v: string | number) => setForm((f) => ({ ...f, format: String(v) }))}>
                  {FEED_FORMATS.map((f) => (
                    <SingleSelectOption key={f} value={f}>{f}</SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="pollIntervalMinutes" hint="Minutes between polls">
                <Field.Label>Poll every</Field.Label>
                <TextInput type="number" min={1} {...field('pollIntervalMinutes')} disabled={!mayManage} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="idleLimitMinutes" hint="Warn when nothing new came for this many minutes">
                <Field.Label>Idle after</Field.Label>
                <TextInput type="number" min={1} {...field('idleLimitMinutes')} disabled={!mayManage} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="defaultAgency" hint="For copy that does not name its agency">
                <Field.Label>Default agency</Field.Label>
                <SingleSelect value={form.defaultAgency || 'none'} disabled={!mayManage} onChange={(v: string | number) => setForm((f) => ({ ...f, defaultAgency: v === 'none' ? '' : String(v) }))}>
                  <SingleSelectOption value="none">None: read it from the copy</SingleSelectOption>
                  {(agencies.data ?? []).map((a) => (
                    <SingleSelectOption key={a.documentId} value={a.documentId}>{`${a.name} (${a.code})`}</SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="lenient" hint="Off: XML that is not well-formed is refused, with line and column. On: read it with a forgiving reader, with a warning on every run. Entity declarations are refused either way.">
                <Checkbox checked={form.lenient} disabled={!mayManage} onCheckedChange={(checked: boolean | 'indeterminate') => setForm((f) => ({ ...f, lenient: checked === true }))}>
                  Lenient XML: read this feed even when it is not well-formed
                </Checkbox>
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="authUsername" hint="HTTP basic auth, if the agency asks for it">
                <Field.Label>User name</Field.Label>
                <TextInput {...field('authUsername')} disabled={!mayManage} autoComplete="off" />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Field.Root name="authPassword" hint={feed.data?.hasPassword ? 'A password is stored (encrypted); leave empty to keep it' : 'Stored encrypted, never shown again'}>
                <Field.Label>Password</Field.Label>
                <TextInput type="password" {...field('authPassword')} disabled={!mayManage} autoComplete="new-password" />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="requestHeaders" hint={feed.data?.hasRequestHeaders ? 'Headers are stored (encrypted); leave empty to keep them' : 'A JSON object, e.g. {"X-Api-Key": "…"}; stored encrypted, never shown again'}>
                <Field.Label>Request headers</Field.Label>
                <Textarea {...field('requestHeaders')} disabled={!mayManage} />
                <Field.Hint />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
        </Panel>
      </form>

      {testing || testResult || testError ? (
        <Panel title="Test: what this source would bring in" id="feed-test">
          {testing ? <Typography>Fetching the source once…</Typography> : null}
          {testError ? (
            <Alert variant="danger" title="The test failed" closeLabel="Close" onClose={() => setTestError(null)}>
              {testError}
            </Alert>
          ) : null}
          {testResult ? <TestResult result={testResult} /> : null}
        </Panel>
      ) : null}

    </Shell>
  );
}
