#!/usr/bin/env node
/**
 * bench/parse: parsing speed per format on large generated feeds, and rss-parser on the same RSS
 * input in the same run as the baseline (measured in turn, round by round, and compared by wall clock
 * and by CPU time); what ingest does before the database (items cut, read, prepared) against
 * rss-parser again, in a child process of its own; saxes (the XML parser underneath Wire) on its own; and the
 * work of a dry run (read from disk item by item, parse, prepare) on a generated feed of --dry-run-mb
 * megabytes in a child process, with its peak memory. Prints MB/s, items/s and peak memory; asserts
 * nothing (timings are not tests).
 * Usage: npm run bench:parse [-- --items 10000 --rounds 3 --dry-run-mb 100]   (--dry-run-mb 0 skips it)
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildModules, buildServer, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 10000);
const ROUNDS = arg('rounds', 3);
const DRY_RUN_MB = arg('dry-run-mb', 100);

const FOOTER =
  'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink).';
const sentence = (i) =>
  `Officials in district ${i % 97} said on Tuesday that the new timetable would add ${i % 13} trains an hour and cut waiting times for commuters.`;
const paragraphs = (i) =>
  [0, 1, 2, 3].map((k) => sentence(i + k)).map((s, k) => (k === 0 ? `BERLIN (USPA News) - ${s}` : s));
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const day = (i) => new Date(Date.UTC(2026, 10, 1) + i * 60000);

const generators = {
  rss: (n) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>USPA News</title><link>https://bench.example.test</link><description>bench</description>\n${Array.from(
      { length: n },
      (_, i) =>
        `<item><title>Rail timetable change number ${i}</title><link>https://bench.example.test/a/${i}</link><guid isPermaLink="false">bench-${i}</guid><pubDate>${day(i).toUTCString()}</pubDate><dc:creator>Desk ${i % 7}</dc:creator><category>Transport</category><category>Rail</category><media:content url="https://img.example.test/${i}.jpg" medium="image"><media:credit>Photo desk</media:credit></media:content><content:encoded><![CDATA[${paragraphs(
          i,
        )
          .map((p) => `<p>${p}</p>`)
          .join('')}<p>${FOOTER}</p>]]></content:encoded></item>`,
    ).join('\n')}</channel></rss>`,
  atom: (n) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><id>urn:bench</id><updated>2026-11-01T00:00:00Z</updated><author><name>Desk</name></author>\n${Array.from(
      { length: n },
      (_, i) =>
        `<entry><title>Entry ${i}</title><id>urn:bench:${i}</id><updated>${day(i).toISOString()}</updated><link href="https://bench.example.test/${i}"/><content type="html">${esc(
          paragraphs(i)
            .map((p) => `<p>${p}</p>`)
            .join(''),
        )}</content></entry>`,
    ).join('\n')}</feed>`,
  'newsml-g2': (n) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>\n${Array.from(
      { length: n },
      (_, i) =>
        `<newsItem guid="urn:newsml:bench.test:${i}" version="1" xml:lang="en"><rightsInfo><copyrightHolder><name>Bench Agency</name></copyrightHolder><copyrightNotice>Copyright 2026 Bench Agency</copyrightNotice></rightsInfo><itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"/><versionCreated>${day(i).toISOString()}</versionCreated><pubStatus qcode="stat:usable"/></itemMeta><contentMeta><urgency>4</urgency><headline>Item ${i}</headline><keyword>rail</keyword></contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${paragraphs(
          i,
        )
          .map((p) => `<p>${p}</p>`)
          .join('')}</body></html></inlineXML></contentSet></newsItem>`,
    ).join('\n')}</itemSet></newsMessage>`,
  ninjs: (n) =>
    JSON.stringify(
      Array.from({ length: n }, (_, i) => ({
        uri: `urn:bench:${i}`,
        version: '1',
        versioncreated: day(i).toISOString(),
        pubstatus: 'usable',
        language: 'en',
        headlines: [{ role: 'main', value: `Item ${i}` }],
        bodies: [
          {
            role: 'html',
            contenttype: 'text/html',
            value: paragraphs(i)
              .map((p) => `<p>${p}</p>`)
              .join(''),
          },
        ],
        copyrightholder: 'Bench Agency',
        copyrightnotice: 'Copyright 2026 Bench Agency',
      })),
    ),
  iptc7901: (n) =>
    Array.from(
      { length: n },
      (_, i) =>
        `\u0001abc${String(i % 1000).padStart(3, '0')} 4 a 120 ccccb   dpa 001\r\n\r\nBench-${i}/\r\n\u0002Rail timetable change number ${i} =\r\n\r\n${paragraphs(
          i,
        )
          .map((p) => `   ${p}`)
          .join('\r\n\r\n')}\r\n\r\ndpa ab cd\r\n\u0003011200 GMT Nov 01\r\n`,
    ).join(''),
};
// One document per article: NITF and USPA text.
const singleDocs = {
  nitf: (i) =>
    `<?xml version="1.0" encoding="UTF-8"?><nitf><head><title>Story ${i}</title><docdata><doc-id regsrc="BENCH" id-string="BENCH.${i}"/><date.issue norm="20261101T120000Z"/><doc.copyright year="2026" holder="Bench"/></docdata></head><body><body.head><hedline><hl1>Story ${i}</hl1></hedline><byline>By Desk</byline></body.head><body.content>${paragraphs(
      i,
    )
      .map((p) => `<p>${p}</p>`)
      .join('')}</body.content></body></nitf>`,
  'uspa-text': (i) =>
    `News\n\nRail timetable change number ${i}\n\n${paragraphs(i).join('\n').replace('BERLIN (USPA News) - ', 'USPA News - ')}\n${FOOTER}`,
};

/**
 * A generated text as ingest has a feed's text: decoded from bytes, one flat string. As generated it
 * is built by concatenation (a tree of pieces), which V8 reads more slowly character by character,
 * the way saxes reads: bare saxes over 50 such documents ran at 55-104 MB/s, 93-120 MB/s flat.
 */
const asDecoded = (text) => Buffer.from(text, 'utf8').toString('utf8');

/**
 * A feed's text streamed through the RSS format in 1 MB pieces, as ingest writes it; each batch the
 * stream gives back (items read, or cut and deferred with `defer`) goes to `take`.
 */
function streamRss(formatByName, text, defer, take) {
  const stream = formatByName('rss').streamItems({ origin: 'bench' }, { maxItemChars: 2 * 1024 * 1024, defer });
  for (let i = 0; i < text.length; i += 1 << 20) take(stream.write(text.slice(i, i + (1 << 20))), stream);
  take(stream.close(), stream);
}

function measure(fn) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return Promise.resolve().then(async () => {
    const times = [];
    let result;
    for (let r = 0; r < ROUNDS; r += 1) {
      const start = process.hrtime.bigint();
      result = await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(timer);
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)], peakMb: peak / 1048576, result };
  });
}

/**
 * Several contenders measured round by round in turn (A, B, C, A, B, C, ...), so that a neighbour's
 * load on a shared machine falls on all of them alike: each gets the median of its rounds (wall
 * clock and CPU time), and `ratios` holds, per contender, the median of its per-round ratio to the
 * first one. One untimed round first, so that no contender's first round pays for compiling its code.
 *
 * The heap is collected once before the rounds, not before each contender: a forced full collection
 * (`gc()`) before each made Wire's parse 2-3x slower from the third round on while rss-parser's
 * stayed the same (V8's --trace-deopt: optimized code deoptimized for "weak objects" after each
 * forced collection). Ingest never forces a collection; its own collections come as they come.
 */
async function measureInTurn(fns) {
  const times = fns.map(() => []);
  const cpus = fns.map(() => []);
  const peaks = fns.map(() => 0);
  const results = [];
  for (const fn of fns) await fn();
  global.gc?.();
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [k, fn] of fns.entries()) {
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      results[k] = await fn();
      times[k].push(Number(process.hrtime.bigint() - start) / 1e6);
      const used = process.cpuUsage(cpu);
      cpus[k].push((used.user + used.system) / 1000);
      clearInterval(timer);
      peaks[k] = Math.max(peaks[k], peak, process.memoryUsage().rss);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return fns.map((_, k) => ({
    ms: median(times[k]),
    cpuMs: median(cpus[k]),
    peakMb: peaks[k] / 1048576,
    result: results[k],
    ratio: median(times[k].map((t, r) => times[0][r] / t)),
    cpuRatio: median(cpus[k].map((t, r) => cpus[0][r] / t)),
  }));
}

const row = (name, bytes, items, m) =>
  `${name.padEnd(34)} ${(bytes / 1048576).toFixed(1).padStart(7)} MB ${String(items).padStart(7)} items ${(bytes / 1048576 / (m.ms / 1000)).toFixed(2).padStart(8)} MB/s ${Math.round(
    items / (m.ms / 1000),
  )
    .toString()
    .padStart(9)} items/s   peak ${m.peakMb.toFixed(0)} MB`;

async function main() {
  await buildServer(appDir, { quiet: true });
  const { parseDocument } = wireModule(appDir, 'formats/registry');
  const { prepareItem } = wireModule(appDir, 'ingest/prepare');
  const RssParser = require('rss-parser');
  const { formatByName } = wireModule(appDir, 'formats/registry');
  const parseAndPrepare = (text) => {
    const parsed = parseDocument({ text, origin: 'bench' });
    return parsed.items.map((item, i) => prepareItem(item, i + 1, { feedTitle: parsed.feedTitle })).filter((p) => p.ok)
      .length;
  };

  console.log(`bench/parse: ${ITEMS} items per feed, median of ${ROUNDS} rounds, node ${process.version}\n`);
  const rssText = asDecoded(generators.rss(ITEMS));
  const rssBytes = Buffer.byteLength(rssText);
  // The comparison the issue asks for: rss-parser's bare parse against Wire's parse and parse +
  // prepare of the same string, measured in turn within each round.
  const [baseline, wireParse, wireFull] = await measureInTurn([
    () => new RssParser().parseString(rssText).then((f) => f.items.length),
    () => parseDocument({ text: rssText, origin: 'bench' }).items.length,
    () => parseAndPrepare(rssText),
  ]);
  console.log(row('rss-parser (baseline, parse only)', rssBytes, baseline.result, baseline));
  const { SaxesParser } = require('saxes');
  const saxesEvents = await measure(() => {
    let n = 0;
    const p = new SaxesParser({ xmlns: true });
    p.on('opentag', (t) => (n += t.local === 'item' ? 1 : 0));
    p.write(rssText).close();
    return n;
  });
  console.log(row('saxes alone (events, namespaces)', rssBytes, saxesEvents.result, saxesEvents));
  const { parseXml } = wireModule(appDir, 'formats/xml');
  const wireTree = await measure(() => parseXml(rssText).child('channel').all('item').length);
  console.log(row('wire XML tree (saxes underneath)', rssBytes, wireTree.result, wireTree));
  console.log(row('wire rss (parse)', rssBytes, wireParse.result, wireParse));
  const wireStream = await measure(() => {
    let n = 0;
    streamRss(formatByName, rssText, false, (got) => (n += got.items.length));
    return n;
  });
  console.log(row('wire rss (parse, item by item)', rssBytes, wireStream.result, wireStream));
  // What a re-delivery costs before the database is asked: items cut out and handed over unread.
  const wireCut = await measure(() => {
    let n = 0;
    streamRss(formatByName, rssText, true, (got) => (n += got.deferred.length));
    return n;
  });
  console.log(row('wire rss (items cut, not read)', rssBytes, wireCut.result, wireCut));
  // What a first delivery costs before the database is asked: items cut out, then each read, as ingest reads them.
  const wireCutRead = await measure(() => {
    let n = 0;
    streamRss(formatByName, rssText, true, (got) => {
      for (const d of got.deferred) if (d.read([])) n += 1;
    });
    return n;
  });
  console.log(row('wire rss (items cut, then read)', rssBytes, wireCutRead.result, wireCutRead));
  console.log(row('wire rss (parse + prepare)', rssBytes, wireFull.result, wireFull));
  // prepare alone, on items parsed once: the part of the line above that is not parsing.
  const parsedOnce = parseDocument({ text: rssText, origin: 'bench' });
  const [prepareOnly] = await measureInTurn([
    () =>
      parsedOnce.items
        .map((item, i) => prepareItem(item, i + 1, { feedTitle: parsedOnce.feedTitle }))
        .filter((p) => p.ok).length,
  ]);
  console.log(
    `${row('wire rss (prepare alone)', rssBytes, prepareOnly.result, prepareOnly)}   ${((prepareOnly.cpuMs * 1000) / ITEMS).toFixed(1)} µs CPU/item`,
  );
  console.log(
    `\nratio wire/rss-parser on the same RSS: parse ${wireParse.ratio.toFixed(2)}x, parse + prepare ${wireFull.ratio.toFixed(2)}x (above 1 = Wire faster)`,
  );
  console.log(
    `  same, by CPU time: parse ${wireParse.cpuRatio.toFixed(2)}x, parse + prepare ${wireFull.cpuRatio.toFixed(2)}x (median of per-round ratios, contenders run in turn each round)`,
  );
  console.log('(prepare = USPA credit and footer split, licence terms, sanitizing, word count, identity and hash)');
  ingestPath();

  for (const [name, generate] of Object.entries(generators)) {
    if (name === 'rss') continue;
    const text = asDecoded(generate(ITEMS));
    const m = await measure(() => parseAndPrepare(text));
    console.log(row(`wire ${name} (parse + prepare)`, Buffer.byteLength(text), m.result, m));
  }
  if (DRY_RUN_MB > 0) dryRun(DRY_RUN_MB);
  const docCount = Math.min(ITEMS, 2000);
  for (const [name, generate] of Object.entries(singleDocs)) {
    const docs = Array.from({ length: docCount }, (_, i) => asDecoded(generate(i)));
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
    const m = await measure(() => docs.reduce((n, d) => n + parseAndPrepare(d), 0));
    console.log(row(`wire ${name} (${docCount} documents)`, bytes, m.result, m));
  }
}

/**
 * What ingest does with a feed's text before the database: items cut out of it, each read, then
 * prepared (the source hash that picks out unseen items, about 1 µs an item, is left out); against
 * rss-parser's bare parse, the two in turn each round. In a child process of its own, so that no row
 * depends on the others: in one process alternating this with the whole-document parse and prepare
 * above, V8's code for saxes was seen to end up 2-4× slower for every row measured after (see
 * docs/development.md, "One process, two ways of reading").
 */
function ingestPath() {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', __filename, '--ingest-path-child', '--items', String(ITEMS), '--rounds', String(ROUNDS)],
    { encoding: 'utf8' },
  );
  const { rssBytes, baseline, wire } = JSON.parse(out.trim().split('\n').pop());
  console.log(`\nas ingest reads, in a child process of its own (${ROUNDS} rounds, in turn):`);
  console.log(row('rss-parser (baseline, parse only)', rssBytes, baseline.result, baseline));
  console.log(row('wire rss (cut, read, prepare)', rssBytes, wire.result, wire));
  console.log(
    `ratio wire/rss-parser as ingest reads: ${wire.ratio.toFixed(2)}x, by CPU time ${wire.cpuRatio.toFixed(2)}x\n`,
  );
}

async function ingestPathChild() {
  const { formatByName } = wireModule(appDir, 'formats/registry');
  const { prepareItem } = wireModule(appDir, 'ingest/prepare');
  const RssParser = require('rss-parser');
  const rssText = asDecoded(generators.rss(ITEMS));
  const cutReadPrepare = (text) => {
    let n = 0;
    let index = 0;
    streamRss(formatByName, text, true, (got, stream) => {
      for (const d of got.deferred) {
        index += 1;
        if (prepareItem(d.read([]), index, { feedTitle: stream.feedTitle() }).ok) n += 1;
      }
    });
    return n;
  };
  const [baseline, wire] = await measureInTurn([
    () => new RssParser().parseString(rssText).then((f) => f.items.length),
    () => cutReadPrepare(rssText),
  ]);
  console.log(JSON.stringify({ rssBytes: Buffer.byteLength(rssText), baseline, wire }));
}

/**
 * What `wire ingest <file> --dry-run` does to a feed, without the database: read from disk item by
 * item, parse, prepare. In a child process, so its peak memory is its own.
 */
function dryRun(megabytes) {
  const file = path.join(os.tmpdir(), `wire-bench-${process.pid}.rss`);
  const fd = fs.openSync(file, 'w');
  const head = generators.rss(0).replace('</channel></rss>', '');
  fs.writeSync(fd, head);
  let bytes = Buffer.byteLength(head);
  for (let block = 0; bytes < megabytes * 1048576; block += 1) {
    const items = generators
      .rss(1000)
      .slice(head.length)
      .replace('</channel></rss>', '')
      .replace(/bench-(\d+)/g, (_, n) => `bench-${block}-${n}`);
    fs.writeSync(fd, items);
    bytes += Buffer.byteLength(items);
  }
  fs.writeSync(fd, '</channel></rss>\n');
  fs.closeSync(fd);
  const dist = path.join(buildModules(appDir), 'server/src');
  const child = `
    const { detectFormat } = require(${JSON.stringify(path.join(dist, 'formats/registry.js'))});
    const { fileText } = require(${JSON.stringify(path.join(dist, 'ingest/stream.js'))});
    const { prepareItem } = require(${JSON.stringify(path.join(dist, 'ingest/prepare.js'))});
    (async () => {
      const start = process.hrtime.bigint();
      const text = await fileText(${JSON.stringify(file)}, 4 * 1024 ** 3);
      const stream = detectFormat({ text: text.head, origin: 'bench' }).streamItems({ origin: 'bench' }, { maxItemChars: 2 * 1024 * 1024 });
      let items = 0, ok = 0;
      const take = (got) => { for (const { index, item } of got.items) { items += 1; if (prepareItem(item, index, { feedTitle: stream.feedTitle() }).ok) ok += 1; } };
      for await (const piece of text.pieces()) take(stream.write(piece));
      take(stream.close());
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(JSON.stringify({ ms, items, ok, peakMb: process.resourceUsage().maxRSS / 1024 }));
    })();`;
  try {
    const result = JSON.parse(
      execFileSync(process.execPath, ['-e', child], { encoding: 'utf8' }).trim().split('\n').pop(),
    );
    console.log(
      row(`dry run of a ${megabytes} MB file (no DB)`, bytes, result.ok, { ms: result.ms, peakMb: result.peakMb }),
    );
    console.log(
      `(read from disk item by item, parsed and prepared in a child process; peak is its maximum resident set)\n`,
    );
  } finally {
    fs.rmSync(file, { force: true });
  }
}

(process.argv.includes('--ingest-path-child') ? ingestPathChild() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
