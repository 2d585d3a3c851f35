#!/usr/bin/env node
/**
 * bench/hostile: time against size for the known worst shapes of untrusted feed text (issue 11).
 * For each shape the input doubles; each doubling should cost about twice the time (ratio ≈ 2),
 * never four times (a quadratic pattern). Asserts nothing (timings are not tests); prints a table
 * and flags a ratio above 3. Usage: npm run bench:hostile [-- --from 10000 --steps 5 --only p]
 *
 * Each shape runs through the function that reads it and through the whole ingest pipeline (parse
 * the RSS document that carries it, then prepare the item: profile, dateline, sanitizer, plain
 * text, word count, licence), without a database.
 */
'use strict';
const path = require('node:path');
const { buildServer, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const FROM = Number(arg('from', 10000));
const STEPS = Number(arg('steps', 5));
const ONLY = arg('only', null);
/** A row stops doubling once one run takes longer than this (the old patterns get there fast). */
const MAX_MS = Number(arg('max-ms', 3000));

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rssWith = ({
  title = 'Hostile item',
  body = '<p>USPA News - Body.</p>',
  author = 'desk@example.test (Desk)',
  rights = null,
}) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><item><title>${esc(title)}</title><guid isPermaLink="false">h-1</guid><link>https://bench.example.test/h-1</link><author>${esc(author)}</author>${rights ? `<dc:rights>${esc(rights)}</dc:rights>` : ''}<description>${esc(body)}</description></item></channel></rss>`;

/** Milliseconds per call: best of 3 batches, each repeating the call for at least 30 ms. */
function time(fn) {
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    if (global.gc) global.gc();
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      fn();
      calls += 1;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    } while (elapsed < 30);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/** The exponent k of time ∝ size^k, fitted over a row (least squares on logs): ≈1 linear, ≈2 quadratic. */
function exponent(points) {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(Math.max(p.ms, 1e-3)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

async function main() {
  await buildServer(appDir, { quiet: true });
  const dist = (p) => wireModule(appDir, p.replace(/\.js$/, ''));
  const { parseDocument } = dist('formats/registry.js');
  const { prepareItem } = dist('ingest/prepare.js');
  const text = dist('normalise/text.js');
  const { sanitizeBody, htmlDepth } = dist('normalise/html.js');
  const { parseLicenceNotice } = dist('normalise/licence.js');
  const { jsonDepth } = dist('normalise/depth.js');
  const { applyAgencyProfile } = dist('agencies/index.js');

  const pipeline = (doc) => () => {
    try {
      const parsed = parseDocument({ text: doc, origin: 'bench' });
      for (const [i, item] of parsed.items.entries()) prepareItem(item, i + 1, {});
    } catch (error) {
      if (error.name !== 'DocumentError') throw error; // refused as the document's problem: done
    }
  };
  // The patterns these replaced, for comparison (rows "before, ¼ size": a quarter of the row's input, so that they finish).
  const before = {
    splitHtmlParagraphs: (html) => html.match(/<p\b[^>]*>[\s\S]*?<\/p\s*>|[^<]+|<(?!p\b)[^>]*>/gi),
    stripScripts: (html) => html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ''),
    stripTags: (html) => html.replace(/<[^>]*>/g, ''),
    words: (t) => t.match(/[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu),
    imgTags: (html) => [...html.matchAll(/<img\b[^>]*>/gi)],
    authorName: (raw) => /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(raw),
    quoteLimit: (n) => /(?:quot|excerpt|zitat|zitier)[^.]*?(?:no more than|at most|up to)\s*(\d{1,3})\s*%/i.exec(n),
  };
  const quarter = (input) => input.slice(0, Math.floor(input.length / 4));
  const { formatByName } = dist('formats/registry.js');
  const streamed = (items) => () => {
    const doc = `<rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;
    const stream = formatByName('rss').streamItems({ origin: 'bench' }, { maxItemChars: 1 << 30, defer: true });
    try {
      for (let i = 0; i < doc.length; i += 4096) stream.write(doc.slice(i, i + 4096));
      stream.close();
    } catch {
      // refused, as it should be: the time to get there is what counts
    }
  };
  let noticeNo = 0; // parseLicenceNotice caches each notice: every call gets a new one
  const ninjsDoc = (body) => JSON.stringify({ uri: 'urn:bench:1', headline: 'Hostile', body_html: body });

  // name → (n) → [label, fn][]; n is a count of repeated units.
  const shapes = {
    'unclosed <p>': (n) => {
      const b = '<p>x '.repeat(n);
      return [
        ['splitHtmlParagraphs', () => text.splitHtmlParagraphs(b)],
        ['before, ¼ size', () => before.splitHtmlParagraphs(quarter(b))],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'unclosed <script': (n) => {
      const b = '<script>x '.repeat(n);
      return [
        ['htmlToText', () => text.htmlToText(b)],
        ['before, ¼ size', () => before.stripScripts(quarter(b))],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    "'<' without '>'": (n) => {
      const b = '< '.repeat(n);
      return [
        ['htmlToText', () => text.htmlToText(b)],
        ['splitHtmlParagraphs', () => text.splitHtmlParagraphs(b)],
        ['before, ¼ size', () => before.stripTags(quarter(b))],
        ['ingest pipeline', pipeline(rssWith({ body: b, title: b }))],
      ];
    },
    'unclosed <img': (n) => {
      const b = '<p>x</p>' + '<img src="a" '.repeat(n);
      return [
        ['before, ¼ size', () => before.imgTags(quarter(b))],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'run of one letter': (n) => {
      const b = 'a'.repeat(n * 4);
      return [
        ['words', () => text.words(b)],
        ['ingest pipeline', pipeline(rssWith({ body: `<p>${b}</p>` }))],
      ];
    },
    'run of punctuation': (n) => {
      const b = '-'.repeat(n * 4);
      return [
        ['words', () => text.words(b)],
        ['before, ¼ size', () => before.words(quarter(b))],
        ['ingest pipeline', pipeline(rssWith({ body: `<p>x ${b}</p>` }))],
      ];
    },
    'run of &': (n) => {
      const b = '&' + 'a'.repeat(n * 4);
      return [
        ['decodeEntities', () => text.decodeEntities(b)],
        ['ingest pipeline', pipeline(rssWith({ body: `<p>${b}</p>` }))],
      ];
    },
    'run of spaces': (n) => {
      const b = `x${' '.repeat(n * 4)}x`;
      return [
        ['htmlToText', () => text.htmlToText(b)],
        ['ingest pipeline', pipeline(rssWith({ body: `<p>${b}</p>` }))],
      ];
    },
    'author of @': (n) => {
      const a = '@'.repeat(n * 4);
      return [
        ['before, ¼ size', () => before.authorName(quarter(a))],
        ['ingest pipeline', pipeline(rssWith({ author: a }))],
      ];
    },
    'long line, no spaces': (n) => {
      const b = 'x<b>y</b>'.repeat(n);
      return [
        ['htmlToText', () => text.htmlToText(b)],
        ['sanitizer', () => sanitizeBody(b)],
        ['ingest pipeline', pipeline(rssWith({ body: `<p>${b}</p>` }))],
      ];
    },
    'many attributes': (n) => {
      const b = `<p ${'a="1" '.repeat(n)}>x</p>`;
      return [
        ['splitHtmlParagraphs', () => text.splitHtmlParagraphs(b)],
        ['sanitizer', () => sanitizeBody(b)],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'deep nesting (HTML)': (n) => {
      const b = `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`;
      return [
        ['htmlDepth', () => htmlDepth(b)],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'unmatched closes': (n) => {
      const b = `${'<b>'.repeat(200)}${'</i>'.repeat(n)}x`;
      return [
        ['htmlDepth', () => htmlDepth(b)],
        ['sanitizer', () => sanitizeBody(b)],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'deep nesting (JSON)': (n) => {
      const d = `{"uri":"u","headline":"h","body_text":"b","x":${'['.repeat(n)}${']'.repeat(n)}}`;
      return [
        ['jsonDepth', () => jsonDepth(d, Infinity)],
        ['ingest pipeline', pipeline(d)],
      ];
    },
    'ninjs body, unclosed <p>': (n) => [['ingest pipeline', pipeline(ninjsDoc('<p>x '.repeat(n)))]],
    'licence: quote, no period': (n) => {
      const r = 'quote '.repeat(n);
      return [
        ['parseLicenceNotice', () => parseLicenceNotice(r + String((noticeNo += 1)))],
        ['before, ¼ size', () => before.quoteLimit(quarter(r))],
        ['ingest pipeline', pipeline(rssWith({ rights: r }))],
      ];
    },
    // The item cutter (formats/cut.ts) waits for a construct that is not complete at the end of a
    // piece: each shape arrives in 4 KB pieces, and its search must never go over the same text twice.
    'streamed, unclosed attribute': (n) => [['stream, 4 KB pieces', streamed(`<item title="${'x'.repeat(n * 4)}`)]],
    'streamed, unclosed comment': (n) => [['stream, 4 KB pieces', streamed(`<item><!--${'-'.repeat(n * 4)}`)]],
    'streamed, unclosed CDATA': (n) => [['stream, 4 KB pieces', streamed(`<item><![CDATA[${']'.repeat(n * 4)}`)]],
    'streamed, many tags in one item': (n) => [
      ['stream, 4 KB pieces', streamed(`<item>${'<b>x</b>'.repeat(n)}</item>`)],
    ],
    'streamed, its own name nested deep in it': (n) => [
      ['stream, 4 KB pieces', streamed(`<item>${'<b>x</b>'.repeat(n)}<a><item>y</item></a></item>`)],
    ],
    // The USPA profile's own scans (agencies/uspa.ts): a body of plain paragraphs is split by one scan,
    // anything else by splitHtmlParagraphs; the opening line is read from the first 600 characters.
    'USPA, plain paragraphs': (n) => {
      const b = `<p>BERLIN (USPA News) - x</p>${'<p>x</p>'.repeat(n)}`;
      const item = { ...parseDocument({ text: rssWith({ body: b }), origin: 'bench' }).items[0], bodyHtml: b };
      return [
        ['applyAgencyProfile', () => applyAgencyProfile(item)],
        ['ingest pipeline', pipeline(rssWith({ body: b }))],
      ];
    },
    'USPA, unclosed <p>': (n) => {
      const b = `<p>BERLIN (USPA News) - x</p>${'<p>x '.repeat(n)}`;
      return [['ingest pipeline', pipeline(rssWith({ body: b }))]];
    },
    'USPA, one long opening paragraph': (n) => {
      const b = `<p>BERLIN (USPA News) - ${'x '.repeat(n)}</p>`;
      return [['ingest pipeline', pipeline(rssWith({ body: b }))]];
    },
    // A whole RSS parse reads each channel item as it closes: elements before the channel must not
    // be gone over again for every item.
    'RSS, elements before the channel': (n) => [
      [
        'ingest pipeline',
        pipeline(
          `<rss version="2.0">${'<x/>'.repeat(n)}<channel><title>T</title>${'<item><title>t</title></item>'.repeat(n)}</channel></rss>`,
        ),
      ],
    ],
    'licence: author, no period': (n) => {
      const r = 'author '.repeat(n);
      return [['parseLicenceNotice', () => parseLicenceNotice(r + String((noticeNo += 1)))]];
    },
  };

  console.log(
    `bench/hostile: ${STEPS} doublings from ${FROM} units; best of 3; ×ratio = time / time at half the size (≈2 linear, ≈4 quadratic); size^k fitted over the row\n`,
  );
  let worst = 0;

  for (const [name, make] of Object.entries(shapes)) {
    if (ONLY && !name.includes(ONLY)) continue;
    const rows = new Map();
    for (let step = 0, n = FROM; step < STEPS; step += 1, n *= 2) {
      for (const [label, fn] of make(n)) {
        const last = rows.get(label)?.at(-1);
        if (last && last.ms > MAX_MS && rows.get(label).length >= 2) continue;
        const ms = time(fn);
        if (!rows.has(label)) rows.set(label, []);
        rows.get(label).push({ n, ms });
      }
    }
    console.log(name);
    for (const [label, points] of rows) {
      const cells = points.map((p, i) => {
        const ratio = i > 0 ? p.ms / points[i - 1].ms : null;
        return `${String(p.n).padStart(7)}: ${p.ms.toFixed(1).padStart(8)} ms${ratio === null ? '       ' : ` ×${ratio.toFixed(1).padEnd(4)} `}`;
      });
      const k = points.length > 2 ? exponent(points) : NaN;
      if (!label.startsWith('before') && Number.isFinite(k)) worst = Math.max(worst, k);
      const fit = Number.isFinite(k) ? `  size^${k.toFixed(2)}${k > 1.5 ? ' !' : ''}` : '';
      console.log(`  ${label.padEnd(20)} ${cells.join('  ')}${fit}`);
    }
  }
  console.log(
    `\nsteepest fitted growth of the current code: size^${worst.toFixed(2)} (1 is linear, 2 quadratic; ! marks above 1.5)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
