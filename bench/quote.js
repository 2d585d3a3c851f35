#!/usr/bin/env node
/**
 * bench/quote: CPU time of one partner quote request's text work (what services/ledger.ts does
 * before and after the database: find the passage or the words the offsets touch, size and mark the
 * quotation) on a huge story and on an ordinary one, in the same run. Each request is a new string
 * read from the database, so the text is copied before every call, as a fresh read would give it.
 * The ordinary story is the baseline: a huge story's quote should cost about as much once its words
 * are indexed.
 * Usage: npm run bench:quote [-- --words 250000 --requests 15]
 */
'use strict';
const path = require('node:path');
const { buildServer, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

function story(words) {
  const out = [];
  for (let n = 0; out.length < words; n += 1)
    out.push(...`The harbour board met on day ${n} and agreed the cranes would be replaced by spring.`.split(' '));
  return out.slice(0, words).join(' ');
}

/** A fresh copy of the text, as each request reads it from the database anew. */
const fresh = (text) => (' ' + text).slice(1);

function cpuMs(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  await buildServer(appDir, { quiet: true });
  const dist = (p) => wireModule(appDir, p.replace(/\.js$/, ''));
  const { findPassage, passageOf, rangeOfOffsets } = dist('serve/budget.js');
  const { quotePassage } = dist('serve/quote.js');
  const requests = arg('requests', 15);
  const licence = {
    notice: 'Quotes may comprise no more than 5% of the text, marked, with the source named.',
    terms: { quoteLimitPercent: 5, quotesMustBeMarked: true, attributionRequired: true, hyperlinkRequired: false },
  };
  const rows = [];
  for (const words of [1000, arg('words', 250000)]) {
    const text = story(words);
    const article = {
      bodyText: text,
      licence,
      agency: { code: 'USPA', name: 'USPA News' },
      link: 'https://uspa.example/',
    };
    const at = Math.floor(text.length / 2);
    const passage = text.slice(at, at + 60);
    const shapes = {
      'quote by text': (t) => {
        const found = findPassage(t, passage);
        if (found.length) passageOf(t, found[0]);
      },
      'quote by offsets': (t) => {
        const range = rangeOfOffsets(t, at, at + 60);
        quotePassage({ ...article, bodyText: t }, 'quote', at, at + 60);
        if (range) passageOf(t, range);
      },
    };
    for (const [shape, run] of Object.entries(shapes)) {
      run(fresh(text)); // untimed: the first request of a story
      const times = Array.from({ length: requests }, () => {
        const t = fresh(text);
        return cpuMs(() => run(t));
      });
      rows.push({ words, shape, median: median(times), max: Math.max(...times) });
    }
  }
  const base = Object.fromEntries(rows.filter((r) => r.words === 1000).map((r) => [r.shape, r.median]));
  console.log(`quote request CPU, median of ${requests} requests (ms)`);
  for (const r of rows)
    console.log(
      `${String(r.words).padStart(7)} words  ${r.shape.padEnd(17)} ${r.median.toFixed(2).padStart(8)} ms  (max ${r.max.toFixed(2)})  ${(r.median / base[r.shape]).toFixed(1)}x the 1,000-word story`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
