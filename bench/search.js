#!/usr/bin/env node
/**
 * bench/search: latency of the desk's and the partner API's full-text search (issue 24) on a
 * large archive, beside the plain list in the same run. A fresh database (SQLite by default;
 * DATABASE_CLIENT=postgres with the DATABASE_* variables for PostgreSQL, a new database dropped
 * afterwards) is filled with --articles generated stories (bench/copy.js: en, de, fr, es, it at
 * 60/15/10/10/5, 150-900 words, Zipf-like vocabularies, eight agencies, sections, urgencies 1-8,
 * keywords and subjects, a year of version times, bench/fill.js's desk mix of statuses) straight
 * into the tables, then indexed through Wire's own code (`search.indexArticles`, a transaction per
 * 5,000 stories), timed, and the database's size reported.
 *
 * Then, over HTTP on 127.0.0.1, one request at a time as an editor or a partner makes them: each
 * scenario --queries requests per round, each with another query drawn from the generated
 * vocabulary (so no one word's pages carry it), --rounds rounds (scenarios in reverse order every
 * other round). Desk (`GET /wire/articles`, an admin's JWT): one common word, one rare word, two
 * words, a phrase, a word with an agency or a language filter, with `facets=true`, with
 * `sort=newest`; partners (`GET /api/wire/articles`): a word for a full token and for a quote
 * token. The baselines: the same lists without `q`. Printed: p50, p95, p99 and the mean number of
 * matches of each, against the goal (p95 under 200 ms).
 * --explain: after the rounds, one request of each scenario again with its SQL statements timed,
 * and the plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) of the slowest.
 * Usage: npm run bench:search [-- --articles 1000000 --rounds 2 --queries 50 --explain]
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildServer } = require('../scripts/build-server');
const { withStrapi } = require('./strapi');
const { fill, analyze, prng } = require('./fill');
const { AGENCIES, LANGUAGES, wireCopy } = require('./copy');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, '.tmp/bench-dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ARTICLES = arg('articles', 100000);
const ROUNDS = arg('rounds', 2);
const QUERIES = arg('queries', 50);
const EXPLAIN = process.argv.includes('--explain');
const GOAL_MS = 200;
const INDEX_TX = 5000;
const PASSWORD = 'Bench-search-passw0rd';
const SEED = 1;

const f0 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Math.round(x).toLocaleString('en'));
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(1));
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * The queries of each scenario, from the generated vocabularies: the languages in their shares of
 * the archive. Common: among the 25 most frequent news words of a language; mid: ranks 10-80;
 * rare: the made-up tail's ranks 8,000-20,000 (a few stories in 10,000 each).
 */
function queryPools(vocab, n) {
  const rand = prng(99);
  const language = () => {
    let r = rand();
    for (const l of LANGUAGES) if ((r -= l.share) < 0) return vocab[l.code];
    return vocab.en;
  };
  const single = (list) => list.filter((x) => !x.includes(' '));
  const from = (list, lo, hi) => list[lo + Math.floor(rand() * Math.min(hi - lo, list.length - lo))];
  const draw = (make) => Array.from({ length: n }, make);
  const words = (v) => single(v.news);
  const code = (v) => LANGUAGES.find((l) => l.code === v.code).agencies[0];
  return {
    common: draw(() => ({ q: from(words(language()), 0, 25) })),
    rare: draw(() => ({ q: from(language().tail, 8000, 20000) })),
    two: draw(() => {
      const v = language();
      return { q: `${from(words(v), 10, 80)} ${from(words(v), 10, 80)}` };
    }),
    phrase: draw(() => {
      const v = language();
      const phrases = v.news.filter((x) => x.includes(' '));
      return { q: `"${from(phrases, 0, phrases.length)}"` };
    }),
    agency: draw(() => {
      const v = language();
      return { q: from(words(v), 0, 80), agency: AGENCIES[code(v)].code };
    }),
    language: draw(() => {
      const v = vocab[['de', 'fr', 'es', 'it'][Math.floor(rand() * 4)]];
      return { q: from(words(v), 0, 80), language: v.code };
    }),
    facets: draw(() => ({ q: from(words(language()), 0, 80), facets: 'true' })),
    newest: draw(() => ({ q: from(words(language()), 0, 80), sort: 'newest' })),
    // Quote partners search headlines, sections, keywords and subjects: news words are in those.
    partner: draw(() => ({ q: from(words(language()), 0, 80) })),
  };
}

/** A super admin (Strapi's own services), logged in over HTTP as the admin panel does. */
async function adminJwt(strapi, origin) {
  const role = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({
    email: 'bench-search@example.test',
    firstname: 'Bench',
    lastname: 'Search',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const res = await fetch(`${origin}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-search@example.test', password: PASSWORD }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

/** One GET, timed from the request to the last byte of the answer. */
async function timedGet(origin, url, token) {
  const t0 = performance.now();
  const res = await fetch(origin + url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text);
  const total = body.meta?.pagination?.total;
  return { ms, total, rows: body.data.length };
}

async function databaseSize(strapi, file) {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    const one = async (sql) => Number(Object.values((await knex.raw(sql)).rows[0])[0]);
    return {
      total: await one('SELECT pg_database_size(current_database())'),
      articles: await one("SELECT pg_total_relation_size('wire_articles')"),
      index: await one("SELECT pg_total_relation_size('wire_article_search')"),
    };
  }
  const one = async (sql) => Number(Object.values((await knex.raw(sql))[0] ?? {})[0] ?? 0);
  await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  const page = await one('PRAGMA page_size');
  // FTS5 keeps its terms in the shadow table <name>_data (and the document sizes in _docsize).
  const index =
    (await one('SELECT SUM(LENGTH(block)) FROM wire_article_search_data')) +
    (await one('SELECT SUM(LENGTH(sz)) FROM wire_article_search_docsize'));
  return { total: fs.statSync(file).size, pageCount: (await one('PRAGMA page_count')) * page, index };
}

/** Every statement the database runs while `fn` does, with its time (knex's query events). */
async function traced(strapi, fn) {
  const knex = strapi.db.connection;
  const open = new Map();
  const statements = [];
  const onQuery = (q) => open.set(q.__knexQueryUid, { sql: q.sql, bindings: q.bindings, t0: performance.now() });
  const onDone = (_r, q) => {
    const s = open.get(q.__knexQueryUid);
    if (s) statements.push({ ...s, ms: performance.now() - s.t0 });
  };
  knex.on('query', onQuery);
  knex.on('query-response', onDone);
  try {
    await fn();
  } finally {
    knex.removeListener('query', onQuery);
    knex.removeListener('query-response', onDone);
  }
  return statements.sort((a, b) => b.ms - a.ms);
}

async function plan(strapi, s) {
  const knex = strapi.db.connection;
  try {
    if (strapi.db.dialect.client === 'postgres') {
      // knex reports PostgreSQL's statements with $1, $2...: given back to it as `?`, in order.
      const r = await knex.raw(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql.replace(/\$\d+/g, '?')}`, s.bindings);
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    }
    const r = await knex.raw(`EXPLAIN QUERY PLAN ${s.sql}`, s.bindings);
    return r.map((x) => `${x.parent ? `  (${x.parent}) ` : ''}${x.detail}`).join('\n');
  } catch (error) {
    return `(no plan: ${error.message})`;
  }
}

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const postgres = process.env.DATABASE_CLIENT === 'postgres';
  const db = postgres ? 'PostgreSQL' : 'SQLite';
  console.log(
    `bench/search: ${ARTICLES.toLocaleString('en')} articles in ${db}, ${ROUNDS} round(s) × ${QUERIES} queries per scenario, one request at a time, node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n`,
  );
  const started = Date.now();
  await withStrapi(
    {
      appDir,
      distDir,
      name: 'wire-bench-search',
      env: { STRAPI_TELEMETRY_DISABLED: 'true', WIRE_RATE_LIMIT: '1000000000' },
    },
    async (strapi) => {
      const search = strapi.plugin('wire').service('search');
      const story = wireCopy(SEED);
      const t0 = performance.now();
      let words = 0;
      const { first } = await fill(strapi, ARTICLES, {
        story: (i, rand) => {
          const s = story(i, rand);
          words += s.words;
          return s;
        },
        agencies: AGENCIES,
        spacingMs: (365 * 86400000) / ARTICLES,
      });
      const fillMs = performance.now() - t0;
      console.log(
        `fill: ${ARTICLES.toLocaleString('en')} articles, ${f0(words / ARTICLES)} words on average, in ${f1(fillMs / 1000)} s (${f0(ARTICLES / (fillMs / 1000))} articles/s)`,
      );

      // The index, through Wire's code, a transaction per INDEX_TX stories.
      const t1 = performance.now();
      for (let start = 0; start < ARTICLES; start += INDEX_TX) {
        const ids = [];
        for (let i = start; i < Math.min(ARTICLES, start + INDEX_TX); i += 1) ids.push(first + i);
        await strapi.db.transaction(({ trx }) => search.indexArticles(trx, ids));
        if (ARTICLES >= 200000 && (start / INDEX_TX) % 20 === 19)
          console.log(
            `  indexed ${(start + INDEX_TX).toLocaleString('en')} in ${f1((performance.now() - t1) / 1000)} s`,
          );
      }
      const indexMs = performance.now() - t1;
      await analyze(strapi);
      const size = await databaseSize(strapi, process.env.DATABASE_FILENAME);
      console.log(
        `index: ${ARTICLES.toLocaleString('en')} articles in ${f1(indexMs / 1000)} s (${f0(ARTICLES / (indexMs / 1000))} articles/s, ${f0(words / (indexMs / 1000) / 1000)}k words/s); database ${mb(size.total)}${size.articles ? `, articles table ${mb(size.articles)}` : ''}, search index ${mb(size.index)}`,
      );

      await new Promise((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
      const origin = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
      const jwt = await adminJwt(strapi, origin);
      const partners = strapi.plugin('wire').service('partners');
      const full = (await partners.createPartnerToken({ name: 'bench-search-full', access: 'full' })).accessKey;
      const quote = (await partners.createPartnerToken({ name: 'bench-search-quote', access: 'quote' })).accessKey;

      const pools = queryPools(story.vocab, QUERIES * ROUNDS);
      const qs = (params) => new URLSearchParams({ pageSize: '25', ...params }).toString();
      const desk = (params) => `/wire/articles?${qs(params)}`;
      const api = (params) => `/api/wire/articles?${qs(params)}`;
      const scenarios = [
        { name: 'desk list, no q (baseline)', token: jwt, baseline: true, urls: [desk({})] },
        { name: 'desk one common word', token: jwt, urls: pools.common.map(desk) },
        { name: 'desk one rare word', token: jwt, urls: pools.rare.map(desk) },
        { name: 'desk two words', token: jwt, urls: pools.two.map(desk) },
        { name: 'desk "a phrase"', token: jwt, urls: pools.phrase.map(desk) },
        { name: 'desk word + agency', token: jwt, urls: pools.agency.map(desk) },
        { name: 'desk word + language', token: jwt, urls: pools.language.map(desk) },
        { name: 'desk list + facets (baseline)', token: jwt, baseline: true, urls: [desk({ facets: 'true' })] },
        { name: 'desk word + facets', token: jwt, urls: pools.facets.map(desk) },
        { name: 'desk word, sort=newest', token: jwt, urls: pools.newest.map(desk) },
        { name: 'partner list, full (baseline)', token: full, baseline: true, urls: [api({})] },
        { name: 'partner word, full token', token: full, urls: pools.partner.map(api) },
        { name: 'partner list, quote (baseline)', token: quote, baseline: true, urls: [api({})] },
        { name: 'partner word, quote token', token: quote, urls: pools.partner.map(api) },
      ].map((s) => ({ ...s, runs: [] }));

      // Every route answers before anything is timed (and the code is warmed up).
      for (const s of scenarios) for (const url of s.urls.slice(0, 3)) await timedGet(origin, url, s.token);

      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 ? [...scenarios].reverse() : scenarios;
        for (const s of order) {
          const t = performance.now();
          for (let k = 0; k < QUERIES; k += 1)
            s.runs.push(await timedGet(origin, s.urls[(round * QUERIES + k) % s.urls.length], s.token));
          const last = s.runs.slice(-QUERIES).map((r) => r.ms);
          console.log(
            `  round ${round + 1}  ${s.name.padEnd(32)} ${QUERIES} requests in ${f1((performance.now() - t) / 1000)} s, median ${f0(last.sort((a, b) => a - b)[Math.floor(last.length / 2)])} ms`,
          );
        }
      }

      console.log(
        `\n${'scenario'.padEnd(32)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'matches'.padStart(10)}   goal: p95 < ${GOAL_MS} ms`,
      );
      let over = 0;
      for (const s of scenarios) {
        const ms = s.runs.map((r) => r.ms).sort((a, b) => a - b);
        const matches = s.runs.reduce((n, r) => n + (r.total ?? 0), 0) / s.runs.length;
        s.result = { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), p99: quantile(ms, 0.99), matches };
        const ok = s.result.p95 < GOAL_MS;
        if (!ok && !s.baseline) over += 1;
        console.log(
          `${s.name.padEnd(32)} ${f0(s.result.p50).padStart(8)} ${f0(s.result.p95).padStart(8)} ${f0(s.result.p99).padStart(8)} ${f0(matches).padStart(10)}   ${ok ? 'meets' : 'OVER'}`,
        );
      }
      console.log(
        `\n${db}, ${ARTICLES.toLocaleString('en')} articles; ${ROUNDS * QUERIES} requests per scenario, one at a time, timed from request to last byte on 127.0.0.1; matches: the answer's total, mean over the requests (a baseline row: the whole list it pages through). ${over ? `${over} search scenario(s) over the goal.` : 'Every search scenario meets the goal.'} Whole run ${f0((Date.now() - started) / 1000)} s.`,
      );

      if (EXPLAIN) {
        console.log('\nthe slowest SQL statements of one request of each scenario:');
        for (const s of scenarios) {
          const url = s.urls[0];
          const statements = await traced(strapi, () => timedGet(origin, url, s.token));
          console.log(`\n${s.name}: GET ${url}`);
          for (const st of statements.slice(0, 3))
            console.log(`  ${f1(st.ms).padStart(8)} ms  ${st.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
          if (statements[0] && statements[0].ms > 20)
            console.log(
              (await plan(strapi, statements[0]))
                .split('\n')
                .map((l) => `      ${l}`)
                .join('\n'),
            );
        }
      }
    },
  );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
