#!/usr/bin/env node
/**
 * bench/api: requests/s and p50/p99 latency of the partner API (GET /api/wire/articles, a page of
 * 25, and GET /api/wire/articles/:id) for a `full` and a `quote` partner token, on a database filled
 * with N generated articles (SQLite by default; DATABASE_CLIENT=postgres with the DATABASE_*
 * variables for PostgreSQL, on a fresh database dropped afterwards). In the same run, as the
 * baseline, Strapi's own core REST controller and service for the same content type
 * (`plugin::wire.article`) with a plain read-only API token: the routes GET /api/bench/articles and
 * /api/bench/articles/:id exist only in this process (added to the content API before the server
 * mounts; the shipped app has no such route). Load comes from autocannon in a child process on
 * 127.0.0.1, so the generator does not share Strapi's event loop.
 *
 * The data is a real desk's: besides copy a partner may read, stories embargoed, withdrawn, withheld,
 * expired and under a licence that forbids syndication. An ingest stores a new story every
 * --ingest-ms all through the run, so cached list totals do not carry the result. Each scenario runs
 * --rounds times, the variants of a route in turn (reversed every other round, never the baseline
 * first): a full token, a quote token with the quote ledger (a fresh partner each round, so its reads
 * record excerpts), the same quote reads without the ledger (in this process only), and the baseline.
 * The ledger's target: under 20% of quote partners' throughput.
 * The shared request counter (services/limits.ts: one upsert a request, in the database, so every
 * node counts together) against what Wire did before it (each node counting in memory), on the
 * one-article route: the same full reads with a second full partner whose requests this process
 * counts in memory instead (the variant "per-node counter").
 * Usage counting (services/usage.ts) is
 * measured the same way: a full token's reads counted, against a second full partner's reads that
 * (in this process only) are not; its target: under 5%.
 * Usage: npm run bench:api [-- --articles 100000 --duration 10 --connections 10 --warmup 2 --rounds 2 --ingest-ms 500 --no-baseline]
 */
'use strict';
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');

// The load generator: a child process that runs autocannon for each scenario it is sent.
if (process.argv[2] === '--load-child') {
  const autocannon = require('autocannon');
  process.on('message', async ({ origin, paths, headers, duration, connections }) => {
    try {
      const pick = () => paths[Math.floor(Math.random() * paths.length)];
      const result = await autocannon({
        url: origin + paths[0],
        connections,
        duration,
        headers,
        timeout: 30,
        requests: paths.length > 1 ? [{ setupRequest: (req) => ({ ...req, path: pick() }) }] : undefined,
      });
      process.send({
        // Completed requests over the measured time (autocannon's per-second average rounds slow routes to 0).
        rps: result.requests.total / result.duration,
        total: result.requests.total,
        sent: result.requests.sent,
        p50: result.latency.p50,
        p99: result.latency.p99,
        bytesPerReq: result.requests.total ? result.throughput.total / result.requests.total : 0,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        seconds: result.duration,
      });
    } catch (error) {
      process.send({ error: String(error && error.stack ? error.stack : error) });
    }
  });
  return;
}

const { buildServer } = require('../scripts/build-server');
const { withStrapi: withFreshStrapi } = require('./strapi');
const { UID, FOOTER, prng, fill: fillTables, analyze } = require('./fill');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, '.tmp/bench-dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ARTICLES = arg('articles', 100000);
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
const WARMUP = arg('warmup', 2);
// --no-baseline: only Wire's routes (no ratios).
const BASELINE = !process.argv.includes('--no-baseline');
// Rounds of every scenario (the order reversed in odd rounds), and the ingest's pace during them.
const ROUNDS = arg('rounds', 2);
const INGEST_MS = arg('ingest-ms', 500);
const TARGET_COST = 0.2;
const USAGE_TARGET = 0.05;

const PLACES = ['BERLIN', 'HAMBURG', 'MUNICH', 'COLOGNE', 'FRANKFURT', 'LEIPZIG', 'DRESDEN', 'BREMEN'];
const SECTIONS = ['Politics', 'Business', 'Transport', 'Culture', 'Sport', 'Science'];
const SUBJECTS = ['council', 'ministry', 'union', 'regulator', 'court', 'university', 'port authority', 'city hall'];
const VERBS = ['approved', 'rejected', 'postponed', 'revised', 'announced', 'questioned', 'welcomed', 'criticised'];
const THINGS = [
  'the budget for next year',
  'a new rail timetable',
  'plans for a bypass',
  'the school reform',
  'a housing programme',
  'the harbour expansion',
  'new rules for cyclists',
  'the energy contract',
];
const EXTRA = [
  'Officials said the decision had been expected for weeks.',
  'Opposition members called for a full inquiry before any money is spent.',
  'The figures will be reviewed again in the spring, a spokesperson said.',
  'Residents who attended the meeting asked for more information about the timetable.',
  'Several speakers pointed out that costs had risen sharply since the first estimate.',
  'The committee is due to publish its detailed report at the end of the month.',
  'Critics argue that the plan does too little for people living outside the centre.',
  'Supporters say the changes will pay for themselves within a decade.',
];

/** Paragraphs of a plausible 300-600 word wire story. */
function story(i, rand) {
  const one = (list) => list[Math.floor(rand() * list.length)];
  const sentence = () => {
    const r = rand();
    if (r < 0.45)
      return `The ${one(SUBJECTS)} ${one(VERBS)} ${one(THINGS)} on ${['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][Math.floor(rand() * 5)]}, after ${2 + Math.floor(rand() * 9)} hours of debate.`;
    if (r < 0.7)
      return `According to the ${one(SUBJECTS)}, about ${1 + Math.floor(rand() * 900)} people in district ${1 + (i % 97)} would be affected by ${one(THINGS)}.`;
    return one(EXTRA);
  };
  const target = 300 + Math.floor(rand() * 300);
  const place = PLACES[i % PLACES.length];
  const paragraphs = [];
  let words = 0;
  while (words < target) {
    const n = 2 + Math.floor(rand() * 3);
    const p = Array.from({ length: n }, sentence).join(' ');
    const text = paragraphs.length === 0 ? `${place} (USPA News) - ${p}` : p;
    paragraphs.push(text);
    words += text.split(' ').length;
  }
  return { place, paragraphs };
}

// The per-token rate limit stays on (its bookkeeping is part of what a request costs) but so high
// that it never answers 429.
const withStrapi = (fn) =>
  withFreshStrapi(
    {
      appDir,
      distDir,
      name: 'wire-bench-api',
      env: { STRAPI_TELEMETRY_DISABLED: 'true', WIRE_RATE_LIMIT: '1000000000' },
    },
    fn,
  );

/** Peak RSS of this (the server's) process, sampled every 20 ms while `fn` runs. */
async function peakRss(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await fn();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * N articles straight into the tables (bench/fill.js): 300-600 words of English council copy, four
 * agencies (the dateline always USPA's), six sections, urgency 4.
 */
async function fill(strapi, n) {
  const { documentIds } = await fillTables(strapi, n, {
    story: (i, rand) => {
      const { place, paragraphs } = story(i, rand);
      const section = SECTIONS[i % SECTIONS.length];
      return {
        headline: `${section}: the ${SUBJECTS[i % SUBJECTS.length]} ${VERBS[(i >> 3) % VERBS.length]} ${THINGS[(i >> 6) % THINGS.length]} (${i})`,
        section,
        paragraphs,
        place,
        country: 'DE',
        datelineText: `${place} (USPA News)`,
        language: 'en',
        keywords: ['bench', section.toLowerCase()],
        subjects: [{ code: null, name: section }],
        urgency: 4,
        agency: i,
      };
    },
  });
  await analyze(strapi);
  return documentIds;
}

/**
 * Strapi's core controller and service for the article type, on routes only this process has. The
 * body is a private attribute (so that it leaves only through Wire, within the licence); here, in
 * this process only, it is made public, so the baseline serves the same content Wire does.
 */
function addBaselineRoutes(strapi) {
  const { factories } = require('@strapi/strapi');
  const body = strapi.contentType(UID.article).attributes.body;
  if (body.private) body.private = false;
  // The plugin has no core service for its article type (its own services are `articles`, ...);
  // the core controller looks one up by the type's UID.
  if (!strapi.service(UID.article)) strapi.get('services').set(UID.article, factories.createCoreService(UID.article));
  const core = factories.createCoreController(UID.article)({ strapi });
  strapi.server.routes({
    type: 'content-api',
    prefix: '/bench',
    routes: [
      {
        method: 'GET',
        path: '/articles',
        handler: (ctx) => core.find(ctx),
        config: { auth: { scope: [`${UID.article}.find`] } },
      },
      {
        method: 'GET',
        path: '/articles/:id',
        handler: (ctx) => core.findOne(ctx),
        config: { auth: { scope: [`${UID.article}.findOne`] } },
      },
    ],
  });
}

async function get(origin, p, token) {
  const res = await fetch(origin + p, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  if (res.status !== 200 || !json) throw new Error(`GET ${p} answered ${res.status}: ${text.slice(0, 300)}`);
  return json;
}

function check(condition, message) {
  if (!condition) throw new Error(`sample check failed: ${message}`);
}

/** One request per scenario before it runs: the right status, shape, and for quote tokens excerpts. */
async function sampleCheck(s, origin) {
  const body = await get(origin, s.paths[0], s.token);
  const items = s.list ? body.data : [body.data];
  if (s.list) check(items.length === 25, `${s.name}: ${items.length} items on the page, not 25`);
  for (const a of items) {
    if (s.kind === 'baseline') {
      check(
        a.documentId && a.body && a.body.includes('<p>') && a.agency && a.agency.code && a.licence && a.licence.notice,
        `${s.name}: article without body, agency or licence`,
      );
      check(!('bodyText' in a), `${s.name}: private field bodyText in the output`);
    } else if (s.access === 'full') {
      check(
        a.usage.mode === 'full-text' && a.body.includes('<p>') && a.usage.wordsServed === a.wordCount,
        `${s.name}: ${a.id} is not served in full (${a.usage.mode})`,
      );
    } else {
      check(a.usage.mode === 'quote', `${s.name}: ${a.id} is served as ${a.usage.mode}, not quote`);
      check(
        a.body.startsWith('<blockquote>') && a.usage.wordsServed > 0 && a.usage.wordsServed <= a.usage.quoteLimitWords,
        `${s.name}: ${a.id} serves ${a.usage.wordsServed} words, limit ${a.usage.quoteLimitWords}`,
      );
      check(
        a.usage.quoteLimitWords <= Math.floor(a.wordCount * 0.05),
        `${s.name}: quote limit ${a.usage.quoteLimitWords} words of ${a.wordCount}`,
      );
      check(a.body.length < 2000, `${s.name}: ${a.id} body is ${a.body.length} characters`);
    }
  }
  return items;
}

/**
 * Waits until the server has worked through every request autocannon sent. A route that blocks the
 * event loop (better-sqlite3 is synchronous) takes one request at a time and leaves the rest in the
 * socket buffers, where they outlive autocannon's connections: without this they would be answered
 * during the next scenario. Gives up when nothing finishes for 10 s (a request the server dropped).
 * Returns the seconds waited.
 */
async function drain(server, sent) {
  const start = Date.now();
  while (server.completed < sent || server.active > 0) {
    if (Date.now() - Math.max(server.lastDone, start) > 10000) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (Date.now() - start) / 1000;
}

function runLoad(child, s, origin, duration, connections) {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.send({ origin, paths: s.paths, headers: { authorization: `Bearer ${s.token}` }, duration, connections });
  });
}

const f1 = (x) => (x === undefined || x === null ? '-' : x.toFixed(1));
const fr = (rps) => (rps < 100 ? rps.toFixed(1) : String(Math.round(rps)));

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
  console.log(
    `bench/api: ${ARTICLES} articles in ${db}, ${CONNECTIONS} connections, ${DURATION} s per scenario (after ${WARMUP} s warm-up), node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  const started = Date.now();

  await withStrapi(async (strapi) => {
    const filled = await peakRss(async () => {
      const t0 = process.hrtime.bigint();
      const ids = await fill(strapi, ARTICLES);
      return { ids, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
    });
    const { ids } = filled.result;
    console.log(
      `fill: ${ids.length} articles (4 agencies, a USPA-style licence: quotes up to 5%; 40% of the older ones embargoed, withdrawn, withheld, expired or not for syndication) in ${(filled.result.ms / 1000).toFixed(1)} s (${Math.round(ids.length / (filled.result.ms / 1000))} articles/s), peak ${filled.peakMb.toFixed(0)} MB`,
    );

    const partners = strapi.plugin('wire').service('partners');
    const token = async (name, access) => (await partners.createPartnerToken({ name, access })).accessKey;
    const full = await token('bench-full', 'full');
    const memoryFull = await partners.createPartnerToken({ name: 'bench-full-per-node', access: 'full' });
    perNodeCounter(strapi, new Set([memoryFull.partner.documentId]));
    const checker = await token('bench-quote-check', 'quote');
    // The quote ledger's cost: the same quote reads with it, and (in this process only) without it.
    // A fresh quote partner for each ledger turn, so its reads record excerpts as a new partner's do.
    const plainQuote = await partners.createPartnerToken({ name: 'bench-quote-no-ledger', access: 'quote' });
    const ledgerTokens = [];
    for (let r = 0; r < ROUNDS; r += 1) ledgerTokens.push(await token(`bench-quote-ledger-${r + 1}`, 'quote'));
    withoutLedger(strapi, new Set([plainQuote.partner.documentId]));
    // Usage counting's cost: a second full partner whose reads (in this process only) are not counted.
    const uncounted = await partners.createPartnerToken({ name: 'bench-full-uncounted', access: 'full' });
    const usageSpent = withoutUsage(strapi, new Set([uncounted.partner.documentId]));
    const plain = (
      await strapi.service('admin::api-token').create({
        name: 'bench-core',
        type: 'read-only',
        kind: 'content-api',
        lifespan: null,
        description: 'bench/api baseline',
      })
    ).accessKey;

    if (BASELINE) addBaselineRoutes(strapi);
    // Requests the server has finished, and is working on, counted around the router.
    // Also the time each request spends there: on SQLite, where the server works on one request at
    // a time, its mean is a finer measure of a slow route's cost than a handful of answers in 10 s.
    const server = { active: 0, completed: 0, lastDone: 0, busyMs: 0 };
    strapi.server.use(async (ctx, next) => {
      server.active += 1;
      const t0 = performance.now();
      try {
        await next();
      } finally {
        server.active -= 1;
        server.completed += 1;
        server.busyMs += performance.now() - t0;
        server.lastDone = Date.now();
      }
    });
    await new Promise((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;

    const rand = prng(7);
    const sampleIds = Array.from({ length: Math.min(5000, ids.length) }, () => ids[Math.floor(rand() * ids.length)]);
    const CORE_LIST =
      '/api/bench/articles?sort[0]=versionCreated:desc&sort[1]=id:desc&populate[agency]=true&populate[licence]=true&pagination[page]=1&pagination[pageSize]=25';
    const CORE_ONE = (id) => `/api/bench/articles/${id}?populate[agency]=true&populate[licence]=true`;
    const WIRE_LIST = ['/api/wire/articles?page=1&pageSize=25'];
    // Stories a partner may read (the mix above leaves some out): one-article reads answer 200.
    const readable = [];
    for (let i = 0; i < sampleIds.length; i += 20) {
      const batch = sampleIds.slice(i, i + 20);
      const statuses = await Promise.all(
        batch.map(
          async (id) =>
            (
              await fetch(`${origin}/api/wire/articles/${id}`, {
                headers: { authorization: `Bearer ${plainQuote.accessKey}` },
              })
            ).status,
        ),
      );
      batch.forEach((id, j) => statuses[j] === 200 && readable.push(id));
    }
    const WIRE_ONE = readable.map((id) => `/api/wire/articles/${id}`);
    // Each group's variants, in the order of even rounds; odd rounds run them in reverse (A B C D,
    // D C B A, ...), so that Wire and the baseline take turns and drift (ingest growing the
    // database, caches warming) weighs on each the same. Never the baseline first.
    const VARIANTS = [
      { variant: 'full', label: 'wire {g}, full token', kind: 'wire', access: 'full', token: () => full },
      {
        variant: 'per-node',
        only: 'one',
        label: 'wire {g}, full, per-node counter',
        kind: 'wire',
        access: 'full',
        token: () => memoryFull.accessKey,
      },
      {
        variant: 'uncounted',
        label: 'wire {g}, full, not counted',
        kind: 'wire',
        access: 'full',
        token: () => uncounted.accessKey,
      },
      {
        variant: 'ledger',
        label: 'wire {g}, quote + ledger',
        kind: 'wire',
        access: 'quote',
        token: (r) => ledgerTokens[r],
      },
      {
        variant: 'plain',
        label: 'wire {g}, quote, no ledger',
        kind: 'wire',
        access: 'quote',
        token: () => plainQuote.accessKey,
      },
      BASELINE && { variant: 'baseline', label: 'baseline {g} (core REST)', kind: 'baseline', token: () => plain },
    ].filter(Boolean);
    const GROUPS = [
      { group: 'list', list: true, paths: (v) => (v.kind === 'baseline' ? [CORE_LIST] : WIRE_LIST) },
      { group: 'one', list: false, paths: (v) => (v.kind === 'baseline' ? sampleIds.map(CORE_ONE) : WIRE_ONE) },
    ];
    const scenarios = [];
    for (const g of GROUPS)
      for (const v of VARIANTS.filter((x) => !x.only || x.only === g.group))
        scenarios.push({
          ...v,
          group: g.group,
          list: g.list,
          name: v.label.replace('{g}', g.group),
          paths: g.paths(v),
          runs: [],
        });

    // Every route answers, with what it should, before any load: the same newest article first.
    const firsts = [];
    for (const s of scenarios.filter((x) => x.variant !== 'ledger')) {
      const items = await sampleCheck({ ...s, token: s.token(0) }, origin);
      if (s.list) firsts.push(items[0].documentId || items[0].id);
    }
    check(new Set(firsts).size === 1, `list routes disagree on the newest article: ${firsts.join(', ')}`);
    const quoteSample = await get(origin, `/api/wire/articles/${readable[0]}`, checker);
    check(
      quoteSample.data.usage.budget && quoteSample.data.usage.budget.spentWords === quoteSample.data.usage.wordsServed,
      'the quote check token has no ledger budget',
    );
    const visible = await get(origin, '/api/wire/articles?pageSize=1&excerpt=none', checker);
    console.log(
      `sample checks passed (quote: ${quoteSample.data.usage.wordsServed} of ${quoteSample.data.wordCount} words, limit ${quoteSample.data.usage.quoteLimitWords}; a quote partner sees ${visible.meta.pagination.total} of ${ids.length} stories, ${readable.length} of ${sampleIds.length} sampled ids)\n`,
    );

    // Ingest writing all through the run: a new story every INGEST_MS, through the ingest service,
    // so the change counter moves and no cached list total outlives a scenario.
    const ingest = { stories: 0, failed: 0, ms: 0, running: true };
    const ingestLoop = (async () => {
      const service = strapi.plugin('wire').service('ingest');
      for (let n = 0; ingest.running; n += 1) {
        const t0 = performance.now();
        try {
          const summary = await service.ingestDocument(liveStory(n), `bench-live-${n}.rss`);
          if (summary.created + summary.updated > 0) ingest.stories += 1;
          else ingest.failed += 1;
        } catch {
          ingest.failed += 1;
        }
        ingest.ms += performance.now() - t0;
        await new Promise((resolve) => setTimeout(resolve, INGEST_MS));
      }
    })();

    let loadPeak = 0;
    const child = fork(__filename, ['--load-child'], { stdio: 'inherit' });
    const load = async (s, token, duration, connections) => {
      const before = { completed: server.completed, busyMs: server.busyMs };
      const r = await runLoad(child, { ...s, token }, origin, duration, connections);
      r.drained = await drain(server, before.completed + r.sent);
      r.unanswered = Math.max(0, before.completed + r.sent - server.completed);
      r.serverMs = (server.busyMs - before.busyMs) / Math.max(1, server.completed - before.completed);
      return r;
    };
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const g of GROUPS) {
          const order = scenarios.filter((s) => s.group === g.group);
          if (round % 2) order.reverse();
          for (const s of order) {
            const tokenNow = s.token(round);
            // Warm-up on one connection: enough to warm the code up, and a slow route queues little.
            if (WARMUP > 0) await load(s, tokenNow, WARMUP, 1);
            const { result, peakMb } = await peakRss(() => load(s, tokenNow, DURATION, CONNECTIONS));
            loadPeak = Math.max(loadPeak, peakMb);
            s.runs.push(result);
            process.stdout.write(
              `  round ${round + 1}  ${s.name.padEnd(30)} ${fr(result.rps)} req/s, ${result.total} answered${result.drained > 0.5 ? `, then ${result.drained.toFixed(1)} s for the server to finish the requests still queued` : ''}${result.unanswered ? ` (${result.unanswered} sent requests never reached the router)` : ''}\n`,
            );
          }
        }
      }
    } finally {
      child.kill();
      ingest.running = false;
      await ingestLoop;
    }

    // Each scenario over all its rounds: requests answered over the seconds measured.
    for (const s of scenarios) {
      const total = s.runs.reduce((n, r) => n + r.total, 0);
      const seconds = s.runs.reduce((n, r) => n + r.seconds, 0);
      const mean = (f) => s.runs.reduce((n, r) => n + f(r), 0) / s.runs.length;
      s.result = {
        total,
        rps: total / seconds,
        p50: mean((r) => r.p50),
        p99: Math.max(...s.runs.map((r) => r.p99)),
        serverMs: mean((r) => r.serverMs),
        bytesPerReq: mean((r) => r.bytesPerReq),
        non2xx: s.runs.reduce((n, r) => n + r.non2xx, 0),
        dropped: s.runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
      };
    }

    console.log(
      `\n${'scenario'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'srv ms'.padStart(8)} ${'KB/resp'.padStart(8)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)}   vs baseline`,
    );
    let failed = 0;
    let dropped = 0;
    let missed = 0;
    let few = 0;
    const of = (group, variant) => scenarios.find((x) => x.group === group && x.variant === variant);
    for (const s of scenarios) {
      const r = s.result;
      failed += r.non2xx;
      dropped += r.dropped;
      if (r.total < 30) few += 1;
      let versus = '';
      const base = BASELINE && s.kind === 'wire' ? of(s.group, 'baseline').result : null;
      if (base) {
        if (!base.total) versus = 'baseline answered nothing: no ratio';
        else {
          const ratio = r.rps / base.rps;
          versus = `${(ratio * 100).toFixed(0).padStart(4)}%  cost ${((1 - ratio) * 100).toFixed(0).padStart(4)}%`;
        }
      }
      console.log(
        `${s.name.padEnd(30)} ${fr(r.rps).padStart(8)} ${f1(r.p50).padStart(8)} ${f1(r.p99).padStart(8)} ${f1(r.serverMs).padStart(8)} ${(r.bytesPerReq / 1024).toFixed(1).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.dropped).padStart(7)}   ${versus}`,
      );
    }
    console.log("\nthe quote ledger, quote partners' reads with it against the same reads without it:");
    for (const g of GROUPS) {
      const withIt = of(g.group, 'ledger').result;
      const without = of(g.group, 'plain').result;
      const cost = without.rps ? 1 - withIt.rps / without.rps : 1;
      const ok = cost < TARGET_COST;
      if (!ok) missed += 1;
      console.log(
        `  ${g.group.padEnd(5)} ${fr(withIt.rps)} vs ${fr(without.rps)} req/s: cost ${(cost * 100).toFixed(0)}% (server ${f1(withIt.serverMs)} vs ${f1(without.serverMs)} ms a request)  ${ok ? 'meets' : 'MISSES'} <${TARGET_COST * 100}%`,
      );
    }
    {
      const shared = of('one', 'full').result;
      const perNode = of('one', 'per-node').result;
      const cost = perNode.rps ? 1 - shared.rps / perNode.rps : 1;
      console.log(
        `\nthe shared request counter (one upsert a request in the database) against the per-node counter in memory it replaces, full one-article reads:\n  ${fr(shared.rps)} vs ${fr(perNode.rps)} req/s: cost ${(cost * 100).toFixed(1)}% (server ${f1(shared.serverMs)} vs ${f1(perNode.serverMs)} ms a request)`,
      );
    }
    const ledgerRows = await strapi.db.connection('wire_quote_ledger').count({ n: '*' });
    console.log(`  ledger: ${ledgerRows[0].n} partner × story rows written during the run`);
    console.log("\nusage counting, a full partner's reads counted against the same reads not counted:");
    let usageMissed = 0;
    for (const g of GROUPS) {
      const withIt = of(g.group, 'full').result;
      const without = of(g.group, 'uncounted').result;
      const cost = without.rps ? 1 - withIt.rps / without.rps : 1;
      const ok = cost < USAGE_TARGET;
      if (!ok) usageMissed += 1;
      console.log(
        `  ${g.group.padEnd(5)} ${fr(withIt.rps)} vs ${fr(without.rps)} req/s: cost ${(cost * 100).toFixed(1)}% (server ${f1(withIt.serverMs)} vs ${f1(without.serverMs)} ms a request)  ${ok ? 'meets' : 'MISSES'} <${USAGE_TARGET * 100}%`,
      );
    }
    const usage = strapi.plugin('wire').service('usage');
    await usage.flush();
    const counted = server.busyMs / Math.max(1, server.completed);
    const perRequestUs = (usageSpent.countMs / Math.max(1, usageSpent.counted)) * 1000;
    console.log(
      `  on the request's path: ${perRequestUs.toFixed(1)} µs of counting per counted request (${usageSpent.counted} requests), ${((perRequestUs / 1000 / counted) * 100).toFixed(2)}% of the server's mean ${f1(counted)} ms a request; writes (off the path): ${usageSpent.flushes} flushes, ${f1(usageSpent.flushMs / Math.max(1, usageSpent.flushes))} ms each`,
    );
    const usageRows = await strapi.db.connection('wire_usage').count({ n: '*' });
    const served = await strapi.db.connection('wire_usage').sum({ n: 'stories' });
    console.log(
      `  usage: ${usageRows[0].n} rows, ${served[0].n} stories counted during the run; target <${USAGE_TARGET * 100}%: ${usageMissed ? `missed in ${usageMissed} of ${GROUPS.length} groups` : 'met in both groups'}`,
    );
    if (few)
      console.log(
        `\n${few} scenario(s) answered fewer than 30 requests: their figures and ratios are rough (one request more or less moves them); raise --duration, or compare their srv ms (mean time a request spends in the server's router)`,
      );
    console.log(
      `\ningest during the run: ${ingest.stories} stories stored (${ingest.failed} failed), one every ${INGEST_MS} ms, ${f1(ingest.ms / Math.max(1, ingest.stories + ingest.failed))} ms each`,
    );
    console.log(
      `peak RSS of the Strapi process: ${filled.peakMb.toFixed(0)} MB while filling, ${loadPeak.toFixed(0)} MB under load; whole run ${((Date.now() - started) / 1000).toFixed(0)} s; ${ROUNDS} round(s), variants in turn (odd rounds reversed)`,
    );
    if (BASELINE)
      console.log(
        "baseline = Strapi's core controller + core service (Document Service) for plugin::wire.article, populate agency+licence, same sort, read-only API token, body made public in this process; it filters nothing",
      );
    console.log(
      `target: the quote ledger costs quote partners' reads under ${TARGET_COST * 100}% of their throughput: ${missed ? `missed in ${missed} of ${GROUPS.length} groups` : `met in both groups`}`,
    );
    if (dropped) {
      console.log(
        `\nWARNING: ${dropped} request(s) got no answer (connection errors or timeouts). On SQLite a slow route blocks the event loop;`,
      );
      console.log(
        "a keep-alive connection whose next request the server has not read within Node's keepAliveTimeout (5 s) is closed under it.",
      );
    }
    if (failed)
      throw new Error(`${failed} requests answered with a status other than 2xx: the figures above are not valid`);
  });
}

/**
 * In this process only: quote reads of the given partners skip the ledger (served as the pure
 * view serves them), so the ledger's cost is measured on the same route, data and load.
 */
/**
 * In this process only: the given partners' reads are not counted in usage (services/usage.ts), so
 * counting's cost is measured on the same route, data and load.
 */
function withoutUsage(strapi, owners) {
  const usage = strapi.plugin('wire').service('usage');
  const { served, request, flush } = usage;
  // The time counting itself takes, on the request's path (synchronous) and in the writes (off it):
  // a figure a noisy neighbour cannot move the way it moves two throughputs measured apart.
  const spent = { countMs: 0, counted: 0, flushMs: 0, flushes: 0 };
  const timed = (fn) => {
    const t0 = performance.now();
    fn();
    spent.countMs += performance.now() - t0;
  };
  usage.served = (partner, articles, now) =>
    owners.has(partner) ? undefined : timed(() => served(partner, articles, now));
  usage.request = (partner, now) => {
    if (owners.has(partner)) return undefined;
    if (partner) spent.counted += 1;
    return timed(() => request(partner, now));
  };
  usage.flush = async () => {
    const t0 = performance.now();
    await flush();
    spent.flushMs += performance.now() - t0;
    spent.flushes += 1;
  };
  return spent;
}

function withoutLedger(strapi, owners) {
  const ledger = strapi.plugin('wire').service('ledger');
  const serve = ledger.serve;
  ledger.serve = (reader, items, excerpt) =>
    serve(owners.has(reader.ledgerOwner) ? { ...reader, ledgerOwner: null } : reader, items, excerpt);
}

/**
 * In this process only: the requests of the given partners are counted as Wire counted them before
 * the shared counter, in this node's memory (a fixed window per owner), so the shared counter's
 * cost is measured on the same route, data and load.
 */
function perNodeCounter(strapi, owners) {
  const limits = strapi.plugin('wire').service('limits');
  const hit = limits.hit;
  const windows = new Map();
  limits.hit = async (owner, l, now = Date.now()) => {
    if (!owners.has(owner) || !l.burst) return hit(owner, l, now);
    const span = l.burst.windowSeconds * 1000;
    let w = windows.get(owner);
    if (!w || now - w.start >= span) windows.set(owner, (w = { start: now, count: 0 }));
    w.count += 1;
    const resetAt = w.start + span;
    return [
      {
        policy: 'burst',
        limit: l.burst.max,
        used: Math.min(w.count, l.burst.max),
        remaining: Math.max(0, l.burst.max - w.count),
        windowSeconds: l.burst.windowSeconds,
        resetAt,
        resetSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
        refused: w.count > l.burst.max,
      },
    ];
  };
}

/** One new USPA story for the ingest that runs during the load (RSS, as a push would send it). */
function liveStory(n) {
  const rand = prng(1000 + n);
  const { paragraphs } = story(n, rand);
  const when = new Date(Date.UTC(2026, 10, 28, 13, 0, 0) + n * 1000).toUTCString();
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = paragraphs.map((p) => `<p>${esc(p)}</p>`).join('') + `<p>${esc(FOOTER)}</p>`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>USPA News live</title><link>https://uspa.example.test/</link><description>bench</description><language>en</language>
<item><title>Live: the council decided item ${n}</title><link>https://uspa.example.test/live/${n}</link><guid isPermaLink="false">bench-live-${n}</guid><pubDate>${when}</pubDate><content:encoded><![CDATA[${body}]]></content:encoded></item></channel></rss>`;
}

module.exports = { withStrapi, fill, addBaselineRoutes };

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
