/** The search language (search/query.ts), its index terms (search/text.ts) and snippets. */
import Database from 'better-sqlite3';
import {
  SearchSyntaxError,
  matches,
  parseSearch,
  toFts5,
  toTsquery,
  toTsvector,
} from '../../plugins/wire/server/src/search/query';
import { snippet } from '../../plugins/wire/server/src/search/snippet';
import { searchDocument, stemLanguage, terms } from '../../plugins/wire/server/src/search/text';

const doc = (headline: string, bodyText: string, language = 'en', extra: Record<string, unknown> = {}) =>
  searchDocument({ headline, bodyText, language, ...extra });

describe('index terms', () => {
  it('stems by the story language and drops accents after', () => {
    expect(terms('Properties property', 'en')).toEqual(['properti', 'properti']);
    expect(terms('Häfen Hafen Hafens', 'de')).toEqual(['haf', 'haf', 'haf']);
    expect(terms('propriétés', 'fr')).toEqual(['propriet']);
    expect(terms('Café', null)).toEqual(['cafe']);
    expect(stemLanguage('de-CH')).toBe('de');
    expect(stemLanguage('nb')).toBeNull();
  });
});

describe('parseSearch', () => {
  const article = doc('Dockers strike at the harbour', 'The properties near the port were closed on Monday.');
  const german = doc('Streik im Hafen', 'Die Häfen an der Küste stehen still.', 'de');

  it.each([
    ['property', true],
    ['harbours strike', true],
    ['"harbour strike"', false], // not next to each other
    ['"the harbour"', true],
    ['strike -port', false],
    ['strike -"port were"', false],
    ['strike -"were port"', true],
    ['airport OR harbour', true],
    ['airport OR airfield', false],
    ['dock*', true],
    ['monday strike OR nothing', true],
  ])('%s → %s (English story)', (q, expected) => {
    expect(matches(parseSearch(q), article)).toBe(expected);
  });

  it('finds the German story by another form of the word', () => {
    expect(matches(parseSearch('Häfen'), german)).toBe(true);
    expect(matches(parseSearch('Hafen', 'de'), german)).toBe(true);
    expect(matches(parseSearch('Häfen', 'en'), german)).toBe(false);
  });

  it('limits a quote partner to what it is shown', () => {
    expect(matches(parseSearch('properties'), article, true)).toBe(false);
    expect(matches(parseSearch('strike'), article, true)).toBe(true);
    const keyworded = doc('Strike', 'text', 'en', { keywords: ['Shipping'], section: 'Business' });
    expect(matches(parseSearch('shipping business'), keyworded, true)).toBe(true);
  });

  it.each([
    ['"harbour strike', /quotation mark/],
    ['OR harbour', /OR needs/],
    ['harbour OR', /OR needs/],
    ['harbour OR -port', /excluded/],
    ['-port', /not excluded/],
    ['!!! ...', /no words/],
    ['h*', /at least 2/],
    [Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), /at most 16/],
  ])('refuses %s', (q, reason) => {
    expect(() => parseSearch(q)).toThrow(SearchSyntaxError);
    expect(() => parseSearch(q)).toThrow(reason);
  });

  it('reads a hostile query in linear time', () => {
    // 100,000 characters each: a quadratic reading would not finish within the test's time.
    expect(() => parseSearch('"' + 'a '.repeat(50_000))).toThrow(SearchSyntaxError);
    expect(parseSearch('- '.repeat(50_000) + 'x').must).toHaveLength(1);
  });
});

describe('the same answers from SQLite FTS5', () => {
  const db = new Database(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE s USING fts5(headline, shown, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
  );
  const stories = [
    doc('Dockers strike at the harbour', 'The properties near the port were closed on Monday.'),
    doc('Streik im Hafen', 'Die Häfen an der Küste stehen still.', 'de'),
    doc('Markets calm', 'Shares rose; a strike was called off.', 'en', { keywords: ['Harbour'] }),
    doc('Grève au port', 'Les propriétés du port sont fermées.', 'fr'),
  ];
  const insert = db.prepare('INSERT INTO s (rowid, headline, shown, body) VALUES (?, ?, ?, ?)');
  stories.forEach((d, i) => insert.run(i + 1, d.headline.join(' '), d.shown.join(' '), d.body.join(' ')));
  const ids = (expr: string) =>
    db
      .prepare('SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid')
      .all(expr)
      .map((r: any) => r.rowid);

  it.each([
    'strike',
    'harbour',
    'Häfen',
    'properties',
    'propriété',
    '"strike at the harbour"',
    'strike -harbour',
    'strike -"called off"',
    'hafen OR port',
    'stre*',
    'harbour strike OR grève',
  ])('%s', (q) => {
    for (const shownOnly of [false, true]) {
      const query = parseSearch(q);
      const expected = stories.flatMap((d, i) => (matches(query, d, shownOnly) ? [i + 1] : []));
      expect(ids(toFts5(query, shownOnly))).toEqual(expected);
    }
  });
});

describe('PostgreSQL forms', () => {
  it('writes a tsquery and a tsvector with weights and positions', () => {
    expect(toTsquery(parseSearch('harb* -"a b"', 'en'), true)).toBe("('harb':*AB) & !('a':AB <-> 'b':AB)");
    expect(toTsquery(parseSearch('x OR y', 'en'), false)).toBe("('x' | 'y')");
    expect(toTsvector({ headline: ['a', 'b'], shown: ['c'], body: ['a'] })).toBe("'a':1A,6 'b':2A 'c':4B");
  });
});

describe('snippet', () => {
  it('marks the words asked for, in any form, and never returns markup', () => {
    const text = `${'Filler words here. '.repeat(20)}The <b>properties</b> at the harbour were sold. ${'More. '.repeat(20)}`;
    const parts = snippet(text, 'en', parseSearch('property harbours'));
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['properties', 'harbour']);
    expect(parts[0].text).toBe('… ');
    expect(parts.map((p) => p.text).join('')).toContain('<b>properties</b>');
    expect(parts.at(-1)!.text).toBe(' …');
  });

  it('is empty for an empty text', () => {
    expect(snippet('', 'en', parseSearch('x'))).toEqual([]);
  });
});
