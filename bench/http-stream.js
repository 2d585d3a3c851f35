#!/usr/bin/env node
/**
 * bench/http-stream: memory of reading a large gzipped RSS feed over HTTP, the way the poller reads
 * it now (openFeed: items parsed and prepared as the body arrives) against the way it read it
 * before (fetchFeed: the whole body collected, then decoded and parsed), in the same run. A loopback
 * server generates the feed as it sends it (gzip); each reader runs in its own child process, which
 * reports its peak RSS. Prints figures; asserts nothing (timings and memory are not tests).
 * Usage: npm run bench:http [-- --mb 100]
 */
'use strict';
const { execFile } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { buildServer, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const dist = (file) => wireModule(appDir, file.replace(/\.js$/, ''));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const sentence = (i) =>
  `Officials in district ${i % 97} said on Tuesday that the new timetable would add ${i % 13} trains an hour and cut waiting times for commuters.`;
const item = (i) =>
  `<item><title>Rail timetable change number ${i}</title><link>https://bench.example.test/a/${i}</link><guid isPermaLink="false">bench-${i}</guid><pubDate>${new Date(Date.UTC(2026, 10, 1) + i * 60000).toUTCString()}</pubDate><description>&lt;p&gt;BERLIN (USPA News) - ${[0, 1, 2, 3].map((k) => sentence(i + k)).join(' ')}&lt;/p&gt;</description></item>\n`;

/** The reader, in its own process: `stream` (openFeed, as the poller now reads) or `whole` (fetchFeed, as before). */
async function child(mode, url) {
  const { openFeed, fetchFeed } = dist('ingest/http.js');
  const { byteStreamText, wholeText } = dist('ingest/stream.js');
  const { formatByName } = dist('formats/registry.js');
  const { prepareItem } = dist('ingest/prepare.js');
  const options = { timeoutMs: 600_000, maxBytes: 4 * 1024 ** 3, maxRedirects: 0, allow: ['127.0.0.1'] };
  const started = Date.now();
  let text;
  let bytes = 0;
  if (mode === 'stream') {
    const opened = await openFeed(url, options);
    const counted = (async function* () {
      for await (const chunk of opened.body) {
        bytes += chunk.length;
        yield chunk;
      }
    })();
    text = await byteStreamText(url, counted, opened.charset, options.maxBytes);
  } else {
    const fetched = await fetchFeed(url, options);
    bytes = fetched.bytes.length;
    text = wholeText(url, fetched.bytes, fetched.charset);
  }
  const stream = formatByName('rss').streamItems({ origin: url }, { maxItemChars: 2 * 1024 * 1024 });
  let items = 0;
  let prepared = 0;
  const take = (batch) => {
    for (const { index, item: it } of batch.items) {
      items += 1;
      if (prepareItem(it, index, { defaultAgency: { code: 'USPA', name: 'USPA News' } }).ok) prepared += 1;
    }
  };
  for await (const piece of text.pieces()) take(stream.write(piece));
  take(stream.close());
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      mode,
      items,
      prepared,
      mb: bytes / 1024 ** 2,
      seconds,
      peakMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

async function main() {
  const mb = Number(arg('mb', 100));
  await buildServer(appDir, { quiet: true });
  const perItem = Buffer.byteLength(item(0));
  const count = Math.ceil((mb * 1024 ** 2) / perItem);
  let wire = 0;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-encoding': 'gzip' });
    const gzip = zlib.createGzip();
    gzip.on('data', (chunk) => (wire += chunk.length));
    gzip.pipe(res);
    gzip.write(
      '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>USPA News</title><link>https://bench.example.test</link><description>bench</description>\n',
    );
    let i = 0;
    const more = () => {
      while (i < count) {
        if (!gzip.write(item(i++))) return void gzip.once('drain', more);
      }
      gzip.end('</channel></rss>\n');
    };
    more();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/feed.rss`;
  const run = (mode) =>
    new Promise((resolve, reject) => {
      wire = 0;
      execFile(process.execPath, [__filename, '--child', mode, url], { maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve({ ...JSON.parse(stdout), gzMb: wire / 1024 ** 2 }),
      );
    });
  console.log(
    `bench:http: a ${mb} MB RSS feed (${count} items), gzipped on the wire, read over loopback; each reader in its own process`,
  );
  for (const mode of ['whole', 'stream']) {
    const r = await run(mode);
    const label =
      mode === 'whole' ? 'whole body, then parse (fetchFeed, before)' : 'read as it arrives (openFeed, now)     ';
    console.log(
      `  ${label}  ${r.items} items (${r.prepared} prepared), ${r.mb.toFixed(0)} MB (${r.gzMb.toFixed(1)} MB gzipped) in ${r.seconds.toFixed(1)} s; peak RSS ${r.peakMb.toFixed(0)} MB`,
    );
  }
  server.close();
}

if (process.argv[2] === '--child')
  child(process.argv[3], process.argv[4]).catch((e) => (console.error(e), process.exit(1)));
else main().catch((e) => (console.error(e), process.exit(1)));
