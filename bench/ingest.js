#!/usr/bin/env node
/**
 * bench/ingest: items/s for ingesting a generated N-item RSS feed into a real Strapi (SQLite by
 * default; DATABASE_CLIENT=postgres with the DATABASE_* variables for PostgreSQL), first run and
 * re-run (everything unchanged), with peak memory; and in the same run, as the baseline, a plain
 * loop of strapi.documents(...).create for the same items. Each part gets a fresh database.
 * Usage: npm run bench:ingest [-- --items 10000]
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
// --no-baseline: only Wire's ingest, so peak memory reflects the feed alone.
const BASELINE = !process.argv.includes('--no-baseline');
const FOOTER = 'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';

function feed(n) {
  const item = (i) => `<item><title>Council approves budget number ${i}</title><guid isPermaLink="false">bench-${i}</guid><link>https://bench.example.test/${i}</link><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60000).toUTCString()}</pubDate><category>Politics</category><content:encoded><![CDATA[<p>BERLIN (USPA News) - The council approved budget ${i} on Tuesday after a long debate.</p><p>District ${i % 50} gets a new school and ${i % 7} more buses.</p><p>${FOOTER}</p>]]></content:encoded></item>`;
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>USPA News</title>${Array.from({ length: n }, (_, i) => item(i)).join('')}</channel></rss>`;
}

const withStrapi = (_label, fn) => withFreshStrapi({ appDir, distDir, name: 'wire-bench' }, fn);

async function timed(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(timer);
  return { ms, peakMb: Math.max(peak, process.memoryUsage().rss) / 1048576, result };
}

const line = (label, n, t) => `${label.padEnd(46)} ${String(n).padStart(6)} items ${(t.ms / 1000).toFixed(1).padStart(7)} s ${Math.round(n / (t.ms / 1000)).toString().padStart(7)} items/s   peak ${t.peakMb.toFixed(0)} MB`;

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const db = process.env.DATABASE_CLIENT === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const text = feed(ITEMS);
  console.log(`bench/ingest: ${ITEMS} RSS items (${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB) into ${db}, node ${process.version}\n`);
  const { parseDocument } = require(path.join(appDir, 'plugins/wire/dist/server/formats/registry.js'));
  const { prepareItem } = require(path.join(appDir, 'plugins/wire/dist/server/ingest/prepare.js'));

  const baseline = !BASELINE ? null : await withStrapi('baseline', async (strapi) => {
    const prepared = parseDocument({ text, origin: 'bench' }).items.map((item, i) => prepareItem(item, i + 1, {}).article);
    return timed(async () => {
      for (const a of prepared) {
        await strapi.documents('plugin::wire.article').create({ data: { identity: a.identity, guid: a.guid, headline: a.headline, body: a.body, bodyText: a.bodyText, wordCount: a.wordCount, pubStatus: a.pubStatus, contentHash: a.contentHash } });
      }
      return prepared.length;
    });
  });
  if (baseline) console.log(line('baseline: loop of documents().create', ITEMS, baseline));

  await withStrapi('wire', async (strapi) => {
    const ingest = strapi.plugin('wire').service('ingest');
    const first = await timed(() => ingest.ingestDocument(text, 'bench'));
    console.log(line(`wire ingest, first run (${first.result.created} created)`, ITEMS, first));
    const again = await timed(() => ingest.ingestDocument(text, 'bench'));
    console.log(line(`wire ingest, re-run (${again.result.unchanged} unchanged)`, ITEMS, again));
    if (baseline) console.log(`\nfirst run vs baseline: ${(baseline.ms / first.ms).toFixed(2)}x (target 2x)`);
    console.log(`re-run vs first run: ${(first.ms / again.ms).toFixed(1)}x faster (target 20x)`);
    console.log('(wire ingest = parse, normalise, agency and licence resolution, versions; 50 items per transaction, savepoints only when an item fails)');
  });
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
