/**
 * formats/xml.ts reads runs of a CDATA section at once (readCDataInRuns) instead of saxes' one
 * character at a time. This runs saxes with and without it over seeded random documents, written in
 * random pieces, and fails on any difference in what the parser reports: every event with its text,
 * every error with its message, and the parser's line, column and position after each piece.
 */
import { SaxesParser } from 'saxes';
import { readCDataInRuns } from '../../plugins/wire/server/src/formats/xml';
import { seededRandom } from '../helpers/seeded';

/** Pieces of CDATA content: plain text, line breaks of every kind, brackets, and characters XML 1.0 refuses. */
const CONTENT = [
  'plain words ',
  '<p>markup</p>',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ']',
  ']]',
  '] ]>',
  'é',
  '\u2028',
  '\u0085',
  '😀',
  '\ud800',
  '\udc00',
  '\ufffe',
  '\u0001',
  '&amp; stays',
  ' ',
];

function randomDocument(r: () => number): string {
  const parts: string[] = [];
  if (r() < 0.15) parts.push(`<?xml version="${r() < 0.5 ? '1.1' : '1.0'}"?>`);
  parts.push('<r>');
  const sections = 1 + Math.floor(r() * 4);
  for (let s = 0; s < sections; s += 1) {
    let content = '';
    const n = Math.floor(r() * 12);
    // Mostly plain, as real bodies are; sometimes anything.
    const pool = r() < 0.5 ? CONTENT.slice(0, 2) : CONTENT;
    for (let k = 0; k < n; k += 1) content += pool[Math.floor(r() * pool.length)];
    parts.push(r() < 0.5 ? `text ${s}\n` : '');
    parts.push(`<![CDATA[${content}]]>`);
    if (r() < 0.3) parts.push(`<e${s}/>`);
  }
  // An error after the sections places itself by line and column: it shows any drift in them.
  parts.push(r() < 0.3 ? '<bad attr></r>' : '</r>');
  return parts.join('');
}

/** Cuts a text into 1 to 6 random pieces (a cut may fall inside a CDATA section, a CR LF or a pair). */
function pieces(text: string, r: () => number): string[] {
  const cuts = new Set<number>();
  const n = Math.floor(r() * 6);
  for (let k = 0; k < n; k += 1) cuts.add(Math.floor(r() * text.length));
  const at = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  return at.slice(1).map((end, k) => text.slice(at[k], end));
}

/** Everything a parser reports for the pieces, in order. */
function reading(text: string[], patched: boolean): unknown[] {
  const parser = new SaxesParser({ xmlns: true, position: true });
  if (patched) readCDataInRuns(parser);
  const log: unknown[] = [];
  parser.on('error', (e) => log.push(['error', e.message]));
  parser.on('cdata', (t) => log.push(['cdata', t, parser.line, parser.column, parser.position]));
  parser.on('text', (t) => log.push(['text', t, parser.line, parser.column]));
  parser.on('opentag', (t) => log.push(['open', t.name, parser.line, parser.column, parser.position]));
  parser.on('closetag', (t) => log.push(['close', t.name, parser.line, parser.column]));
  // saxes itself throws on a few inputs (a lone high surrogate at the very end): logged, and compared too.
  try {
    for (const piece of text) {
      parser.write(piece);
      log.push(['after piece', parser.line, parser.column, parser.position, parser.columnIndex]);
    }
    parser.close();
    log.push(['closed', parser.line, parser.column, parser.position]);
  } catch (error) {
    log.push(['thrown', String(error)]);
  }
  return log;
}

describe('CDATA read in runs (formats/xml.ts readCDataInRuns)', () => {
  it('is in effect on the saxes installed (it stands aside for a saxes whose states it does not know)', () => {
    const parser = new SaxesParser({ xmlns: true, position: true });
    const states = (parser as unknown as { stateTable: unknown[]; sCData: unknown }).stateTable;
    expect(states).toContain((parser as unknown as { sCData: unknown }).sCData);
    readCDataInRuns(parser);
    expect(states).not.toContain((parser as unknown as { sCData: unknown }).sCData);
  });

  it('reports exactly what saxes reports on its own, on 3,000 seeded random documents in random pieces', () => {
    const r = seededRandom(0xcda7a);
    let errors = 0;
    let multiLine = 0;
    for (let k = 0; k < 3000; k += 1) {
      const text = randomDocument(r);
      const split = pieces(text, r);
      const plain = reading(split, false);
      expect({ k, text, log: reading(split, true) }).toEqual({ k, text, log: plain });
      if (plain.some((e) => (e as unknown[])[0] === 'error')) errors += 1;
      if (/\n[^]*\]\]>/.test(text)) multiLine += 1;
    }
    // The seed reaches what the comparison is for: errors placed after CDATA, and line breaks in it.
    expect(errors).toBeGreaterThan(300);
    expect(multiLine).toBeGreaterThan(300);
  });

  it('reads a body in CDATA into the same text, line and column', () => {
    const body = '<p>BERLIN (USPA News) - A line.</p>\n<p>Another, with a ] in it.</p>\n<p>Last</p>';
    const text = [`<r>\n<![CDATA[${body}]]>`, '<after/>\n</r>'];
    const log = reading(text, true);
    expect(log).toEqual(reading(text, false));
    expect(log.filter((e) => (e as unknown[])[0] === 'cdata').map((e) => (e as unknown[])[1])).toEqual([body]);
  });
});
