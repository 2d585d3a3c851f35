import { cursorCodec, isClearCursor } from '../../plugins/wire/server/src/serve/cursor';
import { parseChangesQuery, parseListQuery } from '../../plugins/wire/server/src/serve/list-query';
import { toPartnerArticle, type StoredArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { quotePassage } from '../../plugins/wire/server/src/serve/quote';
import { keywordIndex, nextVisibilityChange } from '../../plugins/wire/server/src/serve/visibility';
import { sentencesOf } from '../helpers/wire-copy';

/** A cursor in the clear form Wire gave out before cursors were sealed. */
const clear = (seq: number, id: number) => Buffer.from(`${seq}.${id}`).toString('base64url');

function article(overrides: Partial<StoredArticle> = {}): StoredArticle {
  const bodyText = sentencesOf(400, 'w');
  return {
    documentId: 'doc1',
    guid: 'g1',
    version: 1,
    headline: 'H',
    section: null,
    slugline: null,
    byline: null,
    datelineText: null,
    datelinePlace: null,
    datelineRegion: null,
    datelineCountry: null,
    datelineDate: null,
    datelineAgency: null,
    body: `<p>${bodyText}</p>`,
    bodyText,
    wordCount: 400,
    language: 'en',
    keywords: [],
    urgency: null,
    pubStatus: 'usable',
    firstCreated: null,
    versionCreated: null,
    embargoedUntil: null,
    expiresAt: null,
    subjects: [],
    images: [],
    url: 'https://news.test/a',
    licenceSource: 'item',
    agency: { code: 'USPA', name: 'USPA News', homepage: null },
    licence: {
      notice: 'N',
      holder: 'The author',
      quoteLimitPercent: '5',
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
      syndicationAllowed: true,
      archivalUseAllowed: true,
    },
    ...overrides,
  };
}

describe('quotePassage', () => {
  const a = article();
  const text = a.bodyText as string;
  const span = (first: string, last: string) => [text.indexOf(first), text.indexOf(last) + last.length] as const;

  it('grants 20 words of a 400-word story under a 5 % licence, marked and attributed', () => {
    const [from, to] = span('W1 ', 'w16.');
    const q = quotePassage(a, 'quote', from, to);
    expect(q).toMatchObject({ ok: true, words: 16, limitWords: 20, passage: text.slice(from, to) });
    if (q.ok) expect(q.text).toBe(`“${text.slice(from, to)}”\n\nSource: USPA News (https://news.test/a)`);
  });

  it('refuses 21 words, saying the limit', () => {
    const [from, to] = span('W1 ', 'w21');
    expect(quotePassage(a, 'quote', from, to)).toEqual({
      ok: false,
      words: 21,
      limitWords: 20,
      error: 'the passage has 21 words; this licence allows quoting at most 20 (5% of 400 words)',
    });
  });

  it('refuses any quotation when the licence states no limit, unless the newsroom set a fallback', () => {
    const open = article({ licence: null });
    expect(quotePassage(open, 'quote', 0, 10)).toMatchObject({
      ok: false,
      limitWords: null,
      error: expect.stringMatching(/only the headline and link/),
    });
    expect(quotePassage(open, 'quote', 0, 10, { fallbackQuotePercent: 2 })).toMatchObject({ ok: true, limitWords: 8 });
  });

  it('widens offsets inside words and rejects impossible ones', () => {
    const at = text.indexOf('w10');
    expect(quotePassage(a, 'quote', at + 1, at + 2)).toMatchObject({ ok: true, passage: 'w10' });
    expect(quotePassage(a, 'quote', 10, 5)).toMatchObject({ ok: false, error: expect.stringMatching(/0 ≤ from < to/) });
    expect(quotePassage(a, 'quote', 0, text.length + 1)).toMatchObject({ ok: false });
  });

  it('has no limit for full access or a licence that allows the full text', () => {
    expect(quotePassage(a, 'full', 0, text.length)).toMatchObject({ ok: true, words: 400, limitWords: null });
    const free = article({ licence: { ...article().licence!, fullTextAllowed: true } });
    expect(quotePassage(free, 'quote', 0, text.length)).toMatchObject({ ok: true, limitWords: null });
  });
});

describe('serve policy', () => {
  it('serves headline and link only without a limit, or the fallback percentage when one is set', () => {
    expect(toPartnerArticle(article({ licence: null }), 'quote').usage.mode).toBe('headline-only');
    const fallback = toPartnerArticle(article({ licence: null }), 'quote', { fallbackQuotePercent: 2 });
    expect(fallback.usage).toMatchObject({ mode: 'quote', quoteLimitWords: 8, wordsServed: 8 });
    expect(fallback.text).toMatch(/^“W1 .*w8\.”\n\nSource: USPA News \(https:\/\/news\.test\/a\)$/);
  });
});

describe('list and changes parameters', () => {
  it('reads the filters and ignores everything else', () => {
    expect(
      parseListQuery({
        section: ' Politics ',
        language: 'de',
        place: 'Berlin',
        keyword: 'Housing',
        since: '2026-11-01',
        until: '2026-11-30T12:00:00Z',
        filters: { x: 1 },
      }),
    ).toEqual({
      ok: true,
      query: {
        page: 1,
        pageSize: 25,
        section: 'Politics',
        language: 'de',
        place: 'Berlin',
        keyword: 'Housing',
        since: new Date('2026-11-01'),
        until: new Date('2026-11-30T12:00:00Z'),
        sort: 'newest',
      },
    });
  });

  it('names a bad parameter', () => {
    expect(parseListQuery({ since: 'soon' })).toEqual({
      ok: false,
      error: 'since must be an ISO 8601 date or date-time (got "soon")',
    });
    expect(parseListQuery({ since: '2026-12-01', until: '2026-11-01' })).toEqual({
      ok: false,
      error: 'since must not be after until',
    });
    expect(parseListQuery({ keyword: ['a', 'b'] })).toEqual({
      ok: false,
      error: 'keyword must be given once, as text',
    });
    expect(parseChangesQuery({ limit: '500' })).toEqual({ ok: false, error: 'limit may be at most 100 (got 500)' });
    expect(parseChangesQuery({ cursor: 'abc' })).toEqual({
      ok: false,
      error: 'cursor "abc" is not one this API gave out',
    });
  });

  it('round-trips cursors and starts from the beginning without one', () => {
    const codec = cursorCodec('a secret');
    expect(codec.open(codec.seal({ seq: 12345678901, id: 42 }))).toEqual({ seq: 12345678901, id: 42 });
    expect(parseChangesQuery({})).toEqual({ ok: true, query: { after: null, limit: 100 } });
    expect(
      parseChangesQuery({ cursor: codec.seal({ seq: 3, id: 9 }), limit: '10', agency: 'USPA' }, codec.open),
    ).toEqual({ ok: true, query: { after: { seq: 3, id: 9 }, limit: 10, agency: 'USPA' } });
  });

  it('seals cursors: nothing in one can be read, two for one place differ, a changed one is refused', () => {
    const codec = cursorCodec('a secret');
    const a = codec.seal({ seq: 7, id: 3 });
    const b = codec.seal({ seq: 7, id: 3 });
    expect(a).not.toBe(b);
    expect(a.length).toBe(codec.seal({ seq: 123456789012, id: 98765 }).length);
    expect(isClearCursor(a)).toBe(false);
    // One character changed anywhere: the tag no longer matches and it is no clear cursor either.
    for (let i = 0; i < a.length; i += 1) {
      const changed = a.slice(0, i) + (a[i] === 'A' ? 'B' : 'A') + a.slice(i + 1);
      if (changed !== a) expect(codec.open(changed)).toBeNull();
    }
    // Sealed under another key: refused.
    expect(cursorCodec('another secret').open(a)).toBeNull();
    expect(parseChangesQuery({ cursor: a }, cursorCodec('another secret').open)).toEqual({
      ok: false,
      error: `cursor "${a}" is not one this API gave out`,
    });
  });

  it('refuses a cursor in the clear form given out before cursors were sealed, saying to start again', () => {
    const codec = cursorCodec('a secret');
    expect(codec.open(clear(5, 8))).toBeNull();
    expect(isClearCursor(clear(5, 8))).toBe(true);
    expect(isClearCursor('not base64 url!')).toBe(false);
    expect(parseChangesQuery({ cursor: clear(5, 8) }, codec.open)).toEqual({
      ok: false,
      error: `cursor "${clear(5, 8)}" is an unsealed cursor from an older Wire and is no longer accepted: start the sync again from the beginning, without a cursor`,
    });
  });
});

describe('visibility over time', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  it('is due at the embargo end, then at expiry, then never', () => {
    expect(nextVisibilityChange('2026-11-28T13:00:00Z', '2026-11-29T00:00:00Z', now)).toEqual(
      new Date('2026-11-28T13:00:00Z'),
    );
    expect(nextVisibilityChange('2026-11-28T11:00:00Z', '2026-11-29T00:00:00Z', now)).toEqual(
      new Date('2026-11-29T00:00:00Z'),
    );
    expect(nextVisibilityChange('2026-11-28T11:00:00Z', null, now)).toBeNull();
  });

  it('indexes keywords as whole, lower-case words', () => {
    expect(keywordIndex(['Housing', 'Rent | Law'])).toBe('|housing|rent   law|');
    expect(keywordIndex([])).toBeNull();
    expect(keywordIndex(null)).toBeNull();
  });
});
