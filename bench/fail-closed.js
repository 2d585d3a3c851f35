#!/usr/bin/env node
/**
 * bench/fail-closed: how long reading a licence notice and an embargo value takes, on ordinary and
 * hostile input, at growing lengths. Reading must stay linear in the length (a notice is untrusted
 * text): each doubling of the length should at most double the time. Prints ms per read; asserts
 * nothing (timings are not tests). Usage: node bench/fail-closed.js [-- --rounds 50]
 */
'use strict';
const path = require('node:path');
const { buildServer, wireModule } = require('../scripts/build-server');

const appDir = path.resolve(__dirname, '..');
const i = process.argv.indexOf('--rounds');
const ROUNDS = i >= 0 ? Number(process.argv[i + 1]) : 50;

const NOTICES = {
  'USPA footer':
    'Liability for this article lies with the author, who also holds the copyright. Editorial content from USPA may be quoted on other websites as long as the quote comprises no more than 5% of the entire text, is marked as such and the source is named (via hyperlink). ',
  'author ': 'author ',
  'quote 5 no more than ': 'quote 5 no more than ',
  'may be reproduced in full not only with permission ': 'may be reproduced in full not only with permission ',
  'darf nicht ': 'darf nicht ',
  '5,5,5 % quot ': '5,5,5,5,5 % quot ',
  '© ': '© ',
  // Issue 27: shares read by looking back before each share word, contractions, bans.
  '.5.5.5.5%': '.5.5.5.5%',
  '1/2 % quote ': '1/2 % quote ',
  'half a percent quot ': 'half a percent quot ',
  "isn't free to use for private ": "isn't free to use for private ",
  "quotes mustn't exceed 3% ": "quotes mustn't exceed 3% ",
  'not for syndication publish ': 'not for syndication publish ',
};

(async () => {
  await buildServer(appDir, { quiet: true });
  const { parseLicenceNotice } = wireModule(appDir, 'normalise/licence');
  const { readEmbargo } = wireModule(appDir, 'normalise/embargo');
  const time = (fn) => {
    const start = process.hrtime.bigint();
    for (let r = 0; r < ROUNDS; r++) fn(r);
    return Number(process.hrtime.bigint() - start) / 1e6 / ROUNDS;
  };
  console.log(`licence notices, ms per read (${ROUNDS} rounds; each read a new notice, no cache)`);
  for (const [name, unit] of Object.entries(NOTICES)) {
    const row = [500, 1000, 2000, 3990].map((n) => {
      const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      return `${n} ch: ${time((r) => parseLicenceNotice(`${text}${r}`)).toFixed(3)}`;
    });
    console.log(`  ${JSON.stringify(name).padEnd(56)} ${row.join('  ')}`);
  }
  const now = new Date('2026-12-01T00:00:00Z');
  console.log('embargo values, ms per read');
  for (const raw of [
    '05.12.2026 10:00 MEZ',
    'December 5, 2026 at 3:30 p.m. ET',
    'Sat, 05 Dec 2026 10:00:00 +0100',
    `${'1'.repeat(99)}`,
  ]) {
    console.log(`  ${JSON.stringify(raw).slice(0, 40).padEnd(42)} ${time(() => readEmbargo(raw, now)).toFixed(4)}`);
  }
})();
