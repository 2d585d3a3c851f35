#!/usr/bin/env node
/**
 * bench/ingest: storing N new wire stories, like for like, on SQLite (default) or PostgreSQL
 * (DATABASE_CLIENT=postgres with the DATABASE_* variables). Each part gets a fresh database.
 *
 * - baseline: a loop of strapi.documents(...).create, one document per story with the same fields
 *   and the same relations (agency, licence) as Wire stores;
 * - wire store: the same prepared items given to Wire's storage (ingest's storePrepared: new stories
 *   in bulk, change numbers, reach rows);
 * - wire ingest: the whole pipeline from the file's text (parse, normalise, store), then the re-run
 *   (everything unchanged);
 * - storage floor: the rows Wire wrote (articles and their join-table rows), deleted and inserted
 *   again with bare multi-row knex inserts, 500 rows per statement, one transaction per 500.
 *
 * The order alternates between rounds (round 1: Wire first; round 2: baseline first), so neither
 * always runs on a cold process; the best time of each is compared. The baseline stores every item
 * up to --baseline-sample (default 2,000) and its rate is compared per item: at ≈ 30 stories/s a
 * loop over 100,000 would take the best part of an hour. Its database then holds fewer rows than
 * Wire's, which favours the baseline.
 *
 * Then the CLI itself, each in its own process with its peak resident set (what an operator sees):
 * - `wire ingest <generated feed of --dry-run-mb MB> --dry-run` (default 100; 0 skips it);
 * - `wire backfill <generated archive of --archive-mb MB>` into a fresh database (default 100, 0
 *   skips it; `--archive-mb 1024` is the 1 GB archive of issue 15, ≈ 15 minutes or more).
 * `--rounds 0`: the whole pipeline only (no baseline, no storePrepared rounds, no comparison).
 * `--copy realistic`: the stories bench:search generates (bench/copy.js) instead of one template
 * with numbers changed; near-duplicate detection meets every story alike in the template.
 * Usage: npm run bench:ingest [-- --items 100000] [--copy realistic] [--rounds 2] [--baseline-sample 2000] [--dry-run-mb 100] [--archive-mb 100]
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { buildServer, wireBundle, wireModule } = require('../scripts/build-server');
const { withStrapi: withFreshStrapi } = require('./strapi');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, '.tmp/bench-dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 10000);
const ROUNDS = arg('rounds', 2);
const BASELINE_SAMPLE = Math.min(ITEMS, arg('baseline-sample', 2000));
const DRY_RUN_MB = arg('dry-run-mb', 100);
const ARCHIVE_MB = arg('archive-mb', 100);
const FOOTER =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const ARTICLE = 'plugin::wire.article';

/** `--copy realistic`: stories like bench:search's (bench/copy.js: five languages, 150-900 words, Zipf-like words). */
const COPY = process.argv.includes('--copy') ? process.argv[process.argv.indexOf('--copy') + 1] : 'template';
if (!['template', 'realistic'].includes(COPY)) throw new Error('--copy: template or realistic');
let realistic = null;
const escapeXml = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function realisticItem(i) {
  realistic ??= { story: require('./copy').wireCopy(7), rand: require('./fill').prng(11) };
  const s = realistic.story(i, realistic.rand);
  const body = s.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('');
  return `<item><title>${escapeXml(s.headline)}</title><guid isPermaLink="false">bench-${i}</guid><link>https://bench.example.test/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60000).toUTCString()}</pubDate><category>${s.section}</category><content:encoded><![CDATA[${body}<p>${FOOTER}</p>]]></content:encoded></item>`;
}

const item = (i) => (COPY === 'realistic' ? realisticItem(i) : templatedItem(i));
const templatedItem = (i) =>
  `<item><title>Council approves budget number ${i}</title><guid isPermaLink="false">bench-${i}</guid><link>https://bench.example.test/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60000).toUTCString()}</pubDate><category>Politics</category><content:encoded><![CDATA[<p>BERLIN (USPA News) - The council approved budget ${i} on Tuesday after a long debate.</p><p>District ${i % 50} gets a new school and ${i % 7} more buses.</p><p>${FOOTER}</p>]]></content:encoded></item>`;
const HEAD =
  '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>USPA News</title>';
const TAIL = '</channel></rss>';

function feed(n) {
  return `${HEAD}${Array.from({ length: n }, (_, i) => item(i)).join('')}${TAIL}`;
}

/** The same items written to a file until it holds `megabytes`; returns the item count. */
function feedFile(file, megabytes) {
  const fd = fs.openSync(file, 'w');
  let bytes = fs.writeSync(fd, HEAD);
  let n = 0;
  while (bytes < megabytes * 1048576) {
    let block = '';
    for (let k = 0; k < 1000; k += 1) block += item(n++);
    bytes += fs.writeSync(fd, block);
  }
  fs.writeSync(fd, TAIL);
  fs.closeSync(fd);
  return { items: n, bytes };
}

const withStrapi = (fn) => withFreshStrapi({ appDir, distDir, name: 'wire-bench' }, fn);

let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20).unref();

/** Wall time, and this process's CPU time (Strapi and SQLite run in it): steadier on a shared machine. */
async function timed(fn) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (used.user + used.system) / 1000, result };
}

const rate = (n, t) => n / (t.ms / 1000);
const line = (label, n, t) =>
  `${label.padEnd(60)} ${String(n).padStart(7)} rows ${(t.ms / 1000).toFixed(1).padStart(7)} s ${Math.round(rate(n, t)).toString().padStart(7)} /s  CPU ${(t.cpuMs / 1000).toFixed(1)} s`;
const best = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

/** The fields Wire stores for a story (services/store.ts articleFields), as a document. */
function documentData(a, agency, licence) {
  return {
    identity: a.identity,
    guid: a.guid,
    headline: a.headline,
    section: a.section ?? null,
    slugline: a.slugline ?? null,
    byline: a.byline ?? null,
    body: a.body,
    bodyText: a.bodyText,
    wordCount: a.wordCount,
    language: a.language ?? null,
    keywords: a.keywords,
    subjects: a.subjects,
    images: a.images,
    urgency: a.urgency,
    pubStatus: a.pubStatus,
    embargoedUntil: a.embargoedUntil,
    expiresAt: a.expiresAt,
    url: a.url,
    contentHash: a.contentHash,
    version: a.version ?? 1,
    firstCreated: a.firstCreated,
    versionCreated: a.versionCreated,
    licenceSource: 'item',
    agency,
    licence,
  };
}

async function baselineRun(all) {
  const prepared = all.slice(0, BASELINE_SAMPLE);
  return withStrapi(async (strapi) => {
    // The relations, made once before the clock starts (Wire makes its own inside its timer).
    const first = prepared[0];
    // The shipped directory's agencies are seeded at boot; another one is created.
    const agency =
      (await strapi.db.query('plugin::wire.agency').findOne({ where: { code: first.agency.code } })) ??
      (await strapi
        .documents('plugin::wire.agency')
        .create({ data: { code: first.agency.code, name: first.agency.name || first.agency.code } }));
    const licence = first.licence ? await strapi.plugin('wire').service('store').ensureLicence(first.licence) : null;
    // An article's agency and licence are set through the Document Service only by Wire's own code
    // (document-guard.ts): the loop runs as Wire's, like any plugin code of the app would.
    const { asWire } = wireBundle(appDir);
    const { settleConnections } = wireBundle(appDir);
    await settleConnections(strapi, { timeoutMs: 60000 });
    return timed(async () => {
      for (const a of prepared)
        await asWire(() =>
          strapi.documents(ARTICLE).create({ data: documentData(a, agency.documentId, licence?.documentId ?? null) }),
        );
      // The Document Service sends each entry's event after its commit without waiting for it: the
      // last ones are still reading when the loop ends. Counted in, as Wire's timer counts its flush.
      await settleConnections(strapi, { timeoutMs: 60000 });
      return prepared.length;
    });
  });
}

async function wireStoreRun(prepared) {
  return withStrapi(async (strapi) => {
    const items = prepared.map((article, i) => ({ article, sourceHash: `bench-source-${i}` }));
    // Webhook events for the stories go out inside the timer (the Document Service emits its own).
    const flush = () => strapi.plugin('wire').service('changes').flush();
    const t = await timed(async () => {
      const outcomes = await strapi.plugin('wire').service('ingest').storePrepared(items);
      await flush();
      return outcomes;
    });
    const created = t.result.filter((o) => o === 'created').length;
    if (created !== prepared.length) throw new Error(`wire store created ${created} of ${prepared.length}`);
    return t;
  });
}

/** The whole pipeline from text, the re-run, and the storage floor for the same rows. */
async function wireIngestRun(text) {
  return withStrapi(async (strapi) => {
    const ingest = strapi.plugin('wire').service('ingest');
    const flush = () => strapi.plugin('wire').service('changes').flush();
    const first = await timed(async () => {
      const summary = await ingest.ingestDocument(text, 'bench');
      await flush();
      return summary;
    });
    const again = await timed(() => ingest.ingestDocument(text, 'bench'));
    const knex = strapi.db.connection;
    const tables = ['wire_articles', 'wire_articles_agency_lnk', 'wire_articles_licence_lnk'];
    const rows = {};
    for (const table of tables) rows[table] = await knex(table).select('*');
    await knex('wire_article_reach').del();
    for (const table of [...tables].reverse()) await knex(table).del();
    const floor = await timed(async () => {
      for (const table of tables) {
        for (let i = 0; i < rows[table].length; i += 500) {
          await knex.transaction((trx) => trx(table).insert(rows[table].slice(i, i + 500)));
        }
      }
      return rows.wire_articles.length;
    });
    return {
      first,
      again,
      floor,
      created: first.result.created,
      unchanged: again.result.unchanged,
      linkRows: rows.wire_articles_agency_lnk.length + rows.wire_articles_licence_lnk.length,
    };
  });
}

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const text = feed(ITEMS);
  console.log(
    `bench/ingest: ${ITEMS} RSS items (${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB) into ${db}, node ${process.version}, ${ROUNDS} round(s)\n`,
  );
  const { parseDocument } = wireModule(appDir, 'formats/registry');
  const { prepareItem } = wireModule(appDir, 'ingest/prepare');
  const prepared = parseDocument({ text, origin: 'bench' }).items.map(
    (item, i) => prepareItem(item, i + 1, {}).article,
  );
  if (!prepared[0].licence) throw new Error('bench items carry no licence');

  const baseline = [];
  const wire = [];
  const sampled = BASELINE_SAMPLE < ITEMS ? ` (first ${BASELINE_SAMPLE})` : '';
  for (let round = 1; round <= ROUNDS; round += 1) {
    // --rounds 0: the whole pipeline only (no baseline, no storePrepared rounds).
    const order = round % 2 ? ['wire', 'baseline'] : ['baseline', 'wire'];
    for (const part of order) {
      const t = part === 'wire' ? await wireStoreRun(prepared) : await baselineRun(prepared);
      (part === 'wire' ? wire : baseline).push(t);
      console.log(
        part === 'wire'
          ? line(`round ${round}: wire store (storePrepared)`, ITEMS, t)
          : line(`round ${round}: baseline: loop of documents().create${sampled}`, BASELINE_SAMPLE, t),
      );
    }
  }
  // The whole pipeline in this process. If it fails, that is said and the CLI runs below still go.
  let full = null;
  try {
    full = await wireIngestRun(text);
  } catch (error) {
    console.log(`\nwire ingest from text (in this process) failed: ${error.message}`);
  }
  console.log('');
  if (ROUNDS > 0) {
    console.log(line(`baseline: loop of documents().create${sampled} (best)`, BASELINE_SAMPLE, best(baseline)));
    console.log(line('wire store, same prepared items (best)', ITEMS, best(wire)));
  }
  if (full) {
    console.log(line(`wire ingest from text, first run (${full.created} created)`, ITEMS, full.first));
    console.log(line(`wire ingest from text, re-run (${full.unchanged} unchanged)`, ITEMS, full.again));
    console.log(line(`storage floor: bare multi-row inserts (+${full.linkRows} link rows)`, ITEMS, full.floor));
  }
  console.log('');
  if (ROUNDS > 0) compare(baseline, wire, full, sampled);
  console.log(
    `peak RSS of this process:      ${(Math.max(peakRss, process.memoryUsage().rss) / 1048576).toFixed(0)} MB (two Strapis, the feed's text and ${ITEMS} prepared items held for the comparison)`,
  );
  if (DRY_RUN_MB > 0 || ARCHIVE_MB > 0)
    console.log('\nThe CLI, each command in its own process (times include booting Strapi, ≈ 5 s):');
  if (DRY_RUN_MB > 0) await cliRun('dry-run', DRY_RUN_MB);
  if (ARCHIVE_MB > 0) await cliRun('backfill', ARCHIVE_MB);
}

/** Wire's rates against the baseline and the storage floor (not with --rounds 0: no baseline then). */
function compare(baseline, wire, full, sampled) {
  const base = rate(BASELINE_SAMPLE, best(baseline));
  const per = sampled ? ` (per item; the baseline timed on ${BASELINE_SAMPLE} of the ${ITEMS} items)` : '';
  console.log(`wire store vs baseline:        ${(rate(ITEMS, best(wire)) / base).toFixed(1)}x (target 10x)${per}`);
  if (full) {
    console.log(
      `wire ingest vs baseline:       ${(rate(ITEMS, full.first) / base).toFixed(1)}x (parse and normalise included)${per}`,
    );
    console.log(
      `wire store vs storage floor:   ${((100 * full.floor.ms) / best(wire).ms).toFixed(0)}% of the floor's rate`,
    );
    console.log(`re-run vs first run:           ${(full.first.ms / full.again.ms).toFixed(1)}x faster (target 20x)`);
  }
}

/** A fresh database for a CLI process: its DATABASE_* variables and how to drop it. */
async function freshDatabase() {
  const id = `${process.pid}_${randomBytes(3).toString('hex')}`;
  if (process.env.DATABASE_CLIENT !== 'postgres') {
    const file = path.join(os.tmpdir(), `wire-bench-cli-${id}.db`);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: async () => ['', '-wal', '-shm'].forEach((x) => fs.rmSync(file + x, { force: true })),
    };
  }
  const { Client } = require('pg');
  const query = async (sql) => {
    const c = new Client({
      host: process.env.DATABASE_HOST || '127.0.0.1',
      port: Number(process.env.DATABASE_PORT || 5432),
      user: process.env.DATABASE_USERNAME || 'postgres',
      password: process.env.DATABASE_PASSWORD,
      database: 'postgres',
    });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const name = `wire_bench_cli_${id}`;
  await query(`CREATE DATABASE ${name}`);
  return { env: { DATABASE_NAME: name }, drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** `wire ingest --dry-run` or `wire backfill` of a generated file, in a child process: time, counts, peak RSS. */
async function cliRun(kind, megabytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-bench-cli-'));
  const file = path.join(dir, `archive-${megabytes}mb.rss`);
  const peakFile = path.join(dir, 'peak');
  const db = await freshDatabase();
  try {
    const { items, bytes } = feedFile(file, megabytes);
    const args =
      kind === 'dry-run'
        ? ['ingest', file, '--dry-run', '--json']
        : ['backfill', file, '--json', '--quiet-changes', '--summary', path.join(dir, 'summary.json')];
    const env = {
      ...process.env,
      ...db.env,
      WIRE_DIST_DIR: distDir,
      WIRE_BENCH_PEAK_FILE: peakFile,
      WIRE_SEED_DEMO: 'false',
      WIRE_POLL_ENABLED: 'false',
      NODE_ENV: 'production',
      // A generated "1 GB" archive is a little over the default 1 GiB document limit, as an operator's
      // archive may be: the limit is raised for it as an operator would.
      WIRE_MAX_DOCUMENT_BYTES: String(Math.max(1073741824, bytes + 1048576)),
    };
    for (const key of [
      'APP_KEYS',
      'API_TOKEN_SALT',
      'ADMIN_JWT_SECRET',
      'TRANSFER_TOKEN_SALT',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
    ])
      env[key] = process.env[key] || `bench-${key}`;
    const t = await timed(
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ['--require', path.join(__dirname, 'peak-rss.js'), path.join(appDir, 'scripts/wire.js'), ...args],
            { cwd: appDir, env, stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('error', reject);
          child.on('close', (code) =>
            code === 0
              ? resolve(JSON.parse(out.trim().split('\n').pop()))
              : reject(new Error(`wire ${args[0]} exited ${code}: ${out.slice(-500)}`)),
          );
        }),
    );
    const peak = Number(fs.readFileSync(peakFile, 'utf8')) / 1048576;
    const counts = kind === 'dry-run' ? `${t.result.created} would be created` : `${t.result.created} created`;
    const label =
      kind === 'dry-run'
        ? `wire ingest --dry-run, generated ${(bytes / 1048576).toFixed(0)} MB feed`
        : `wire backfill, generated ${(bytes / 1048576).toFixed(0)} MB archive`;
    console.log(`${line(label, items, t)}   peak RSS ${peak.toFixed(0)} MB (${counts}; target < 512 MB)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
