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
 * always runs on a cold process; the best time of each is compared.
 * Usage: npm run bench:ingest [-- --items 20000] [--rounds 2]
 */
'use strict';
const path = require('node:path');
const { buildServer } = require('../scripts/build-server');
const { withStrapi: withFreshStrapi } = require('./strapi');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, '.tmp/bench-dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 10000);
const ROUNDS = arg('rounds', 2);
const FOOTER = 'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const ARTICLE = 'plugin::wire.article';

function feed(n) {
  const item = (i) => `<item><title>Council approves budget number ${i}</title><guid isPermaLink="false">bench-${i}</guid><link>https://bench.example.test/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60000).toUTCString()}</pubDate><category>Politics</category><content:encoded><![CDATA[<p>BERLIN (USPA News) - The council approved budget ${i} on Tuesday after a long debate.</p><p>District ${i % 50} gets a new school and ${i % 7} more buses.</p><p>${FOOTER}</p>]]></content:encoded></item>`;
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>USPA News</title>${Array.from({ length: n }, (_, i) => item(i)).join('')}</channel></rss>`;
}

const withStrapi = (fn) => withFreshStrapi({ appDir, distDir, name: 'wire-bench' }, fn);

let peakRss = process.memoryUsage().rss;
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20).unref();

async function timed(fn) {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

const rate = (n, t) => n / (t.ms / 1000);
const line = (label, n, t) => `${label.padEnd(52)} ${String(n).padStart(7)} rows ${(t.ms / 1000).toFixed(1).padStart(7)} s ${Math.round(rate(n, t)).toString().padStart(7)} /s`;
const best = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

/** The fields Wire stores for a story (services/store.ts articleFields), as a document. */
function documentData(a, agency, licence) {
  return {
    identity: a.identity, guid: a.guid, headline: a.headline, section: a.section ?? null, slugline: a.slugline ?? null, byline: a.byline ?? null,
    body: a.body, bodyText: a.bodyText, wordCount: a.wordCount, language: a.language ?? null, keywords: a.keywords, subjects: a.subjects, images: a.images,
    urgency: a.urgency, pubStatus: a.pubStatus, embargoedUntil: a.embargoedUntil, expiresAt: a.expiresAt, url: a.url, contentHash: a.contentHash,
    version: a.version ?? 1, firstCreated: a.firstCreated, versionCreated: a.versionCreated, licenceSource: 'item', agency, licence,
  };
}

async function baselineRun(prepared) {
  return withStrapi(async (strapi) => {
    // The relations, made once before the clock starts (Wire makes its own inside its timer).
    const first = prepared[0];
    const agency = await strapi.documents('plugin::wire.agency').create({ data: { code: first.agency.code, name: first.agency.name || first.agency.code } });
    const licence = first.licence ? await strapi.plugin('wire').service('store').ensureLicence(first.licence) : null;
    return timed(async () => {
      for (const a of prepared) await strapi.documents(ARTICLE).create({ data: documentData(a, agency.documentId, licence?.documentId ?? null) });
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
    return { first, again, floor, created: first.result.created, unchanged: again.result.unchanged, linkRows: rows.wire_articles_agency_lnk.length + rows.wire_articles_licence_lnk.length };
  });
}

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const text = feed(ITEMS);
  console.log(`bench/ingest: ${ITEMS} RSS items (${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB) into ${db}, node ${process.version}, ${ROUNDS} round(s)\n`);
  const { parseDocument } = require(path.join(appDir, 'plugins/wire/dist/server/src/formats/registry.js'));
  const { prepareItem } = require(path.join(appDir, 'plugins/wire/dist/server/src/ingest/prepare.js'));
  const prepared = parseDocument({ text, origin: 'bench' }).items.map((item, i) => prepareItem(item, i + 1, {}).article);
  if (!prepared[0].licence) throw new Error('bench items carry no licence');

  const baseline = [];
  const wire = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const order = round % 2 ? ['wire', 'baseline'] : ['baseline', 'wire'];
    for (const part of order) {
      const t = part === 'wire' ? await wireStoreRun(prepared) : await baselineRun(prepared);
      (part === 'wire' ? wire : baseline).push(t);
      console.log(line(`round ${round}: ${part === 'wire' ? 'wire store (storePrepared)' : 'baseline: loop of documents().create'}`, ITEMS, t));
    }
  }
  const full = await wireIngestRun(text);
  console.log('');
  console.log(line('baseline: loop of documents().create (best)', ITEMS, best(baseline)));
  console.log(line('wire store, same prepared items (best)', ITEMS, best(wire)));
  console.log(line(`wire ingest from text, first run (${full.created} created)`, ITEMS, full.first));
  console.log(line(`wire ingest from text, re-run (${full.unchanged} unchanged)`, ITEMS, full.again));
  console.log(line(`storage floor: bare multi-row inserts (+${full.linkRows} link rows)`, ITEMS, full.floor));
  console.log('');
  console.log(`wire store vs baseline:        ${(best(baseline).ms / best(wire).ms).toFixed(1)}x (target 10x)`);
  console.log(`wire ingest vs baseline:       ${(best(baseline).ms / full.first.ms).toFixed(1)}x (parse and normalise included)`);
  console.log(`wire store vs storage floor:   ${((100 * full.floor.ms) / best(wire).ms).toFixed(0)}% of the floor's rate`);
  console.log(`re-run vs first run:           ${(full.first.ms / full.again.ms).toFixed(1)}x faster (target 20x)`);
  console.log(`peak RSS of this process:      ${(Math.max(peakRss, process.memoryUsage().rss) / 1048576).toFixed(0)} MB`);
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
