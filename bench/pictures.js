#!/usr/bin/env node
/**
 * bench/pictures: pictures fetched into the Media Library per second, from a local server on
 * loopback (no network in the figure: the guarded fetch, the byte and header checks, Strapi's upload
 * service with its image processing, the claim and the article's record), on demand (one story's
 * pictures a call) and by the cron's tick (WIRE_PICTURE_BATCH a tick, queued from a fetchPictures feed).
 * Each picture is a distinct PNG URL. Figures only: no pass/fail.
 * Usage: npm run bench:pictures [-- --stories 40 --per-story 3 --size 640]
 */
'use strict';
const http = require('node:http');
const path = require('node:path');
const { crc32, deflateSync } = require('node:zlib');
const { buildServer } = require('../scripts/build-server');
const { withStrapi } = require('./strapi');

const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, '.tmp/bench-dist');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const STORIES = arg('stories', 40);
const PER_STORY = arg('per-story', 3);
const SIZE = arg('size', 640);

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A SIZE × SIZE*2/3 RGB PNG of a gradient (synthetic). */
function png(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width * 3; x++) row[1 + x] = (x * 7 + y * 3) & 0xff;
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function rss(guid, urls) {
  const media = urls
    .map((u) => `<media:content url="${u}" medium="image"><media:credit>Bench Photo</media:credit></media:content>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench Photo Wire</title><copyright>Photos may be published with the story. Quotes up to 5% with a link to the source.</copyright><item><title>Bench story ${guid}</title><guid isPermaLink="false">${guid}</guid><link>https://bench.example.test/${guid}</link><description>&lt;p&gt;Bench copy for ${guid}.&lt;/p&gt;</description>${media}</item></channel></rss>`;
}

async function main() {
  await buildServer(appDir, { quiet: true, outDir: distDir });
  const picture = png(SIZE, Math.round((SIZE * 2) / 3));
  const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(picture));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await withStrapi(
      {
        appDir,
        distDir,
        name: 'wire-bench-pictures',
        env: {
          STRAPI_TELEMETRY_DISABLED: 'true',
          WIRE_FEED_ALLOW: '127.0.0.1',
          WIRE_PICTURE_BATCH: String(PER_STORY * 5),
        },
      },
      async (strapi) => {
        const wire = (name) => strapi.plugin('wire').service(name);
        const feed = await wire('feeds').create({
          name: 'Bench pictures',
          source: `${base}/feed.rss`,
          fetchPictures: false,
        });
        const ids = [];
        for (let s = 0; s < STORIES; s++) {
          const urls = Array.from({ length: PER_STORY }, (_, k) => `${base}/p/${s}-${k}.png`);
          await wire('ingest').ingestDocument(rss(`bench-${s}`, urls), `bench-${s}.rss`, {
            feedDocumentId: feed.documentId,
          });
          ids.push(
            (
              await strapi.db
                .query('plugin::wire.article')
                .findOne({ where: { guid: `bench-${s}` }, select: ['documentId'] })
            ).documentId,
          );
        }
        const half = Math.floor(STORIES / 2);
        const who = { user: null, can: () => true };
        let t0 = process.hrtime.bigint();
        let stored = 0;
        for (const id of ids.slice(0, half)) stored += (await wire('pictures').fetchNow(id, who)).result.stored;
        let ms = Number(process.hrtime.bigint() - t0) / 1e6;
        console.log(
          `on demand: ${stored} pictures (${SIZE}×${Math.round((SIZE * 2) / 3)} PNG, ${(picture.length / 1024).toFixed(0)} KB) in ${(ms / 1000).toFixed(2)} s: ${(stored / (ms / 1000)).toFixed(1)} pictures/s, ${(ms / stored).toFixed(0)} ms each`,
        );
        await wire('feeds').update(feed.documentId, { fetchPictures: true });
        t0 = process.hrtime.bigint();
        let ticks = 0;
        let fetched = 0;
        for (;;) {
          const done = await wire('pictures').tick();
          ticks += 1;
          fetched += done.fetched;
          if (!done.fetched && ticks > 1) break;
        }
        ms = Number(process.hrtime.bigint() - t0) / 1e6;
        console.log(
          `by the tick: ${fetched} pictures in ${ticks} ticks (batch ${PER_STORY * 5}) in ${(ms / 1000).toFixed(2)} s: ${(fetched / (ms / 1000)).toFixed(1)} pictures/s`,
        );
        const upload = strapi.plugin('upload').service('upload');
        for (const file of await strapi.db.query('plugin::upload.file').findMany({})) await upload.remove(file);
      },
    );
  } finally {
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
