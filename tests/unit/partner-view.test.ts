import { excerptWithin, quoteLimitWords, sentences } from '../../plugins/wire/server/src/serve/quote';
import { toPartnerArticle, type StoredArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { parseListQuery } from '../../plugins/wire/server/src/serve/list-query';
import { parseSearch } from '../../plugins/wire/server/src/search/query';
import { storedArticle, USPA_TERMS } from '../helpers/stored-article';

const article = (overrides: Partial<StoredArticle> = {}): StoredArticle =>
  storedArticle({ headline: 'H', section: 'News', licence: { ...USPA_TERMS, notice: 'N' }, ...overrides });

describe('quote limits', () => {
  it('is floor(percent × words): 5% of a 400-word story is 20 words', () => {
    expect(quoteLimitWords(5, 400)).toBe(20);
    expect(quoteLimitWords(5, 399)).toBe(19);
    expect(quoteLimitWords(null, 400)).toBeNull();
  });

  it('cuts at a sentence boundary when whole sentences fit', () => {
    expect(excerptWithin('One two three. Four five six seven. Eight.', 5)).toEqual({
      text: 'One two three.',
      words: 3,
      truncated: false,
    });
  });

  it('cuts the first sentence at a word boundary when it alone is too long', () => {
    expect(excerptWithin('One two three four five six, seven eight.', 5)).toEqual({
      text: 'One two three four five…',
      words: 5,
      truncated: true,
    });
    expect(excerptWithin('One two three four, five six.', 4)).toEqual({
      text: 'One two three four…',
      words: 4,
      truncated: true,
    });
  });

  it('splits sentences after closing quotes and keeps abbreviation-free text intact', () => {
    expect(sentences('He said "yes." Then left. 3 people stayed!')).toEqual([
      'He said "yes."',
      'Then left.',
      '3 people stayed!',
    ]);
  });
});

describe('toPartnerArticle', () => {
  it('gives full partners the whole body and the notice', () => {
    const a = toPartnerArticle(article(), 'full');
    expect(a.body).toBe(article().body);
    expect(a.usage).toMatchObject({
      access: 'full',
      mode: 'full-text',
      wordsServed: 400,
      quoteLimitWords: 20,
      notice: 'N',
    });
    expect(a.licence?.terms.quoteLimitPercent).toBe(5);
  });

  it('gives quote partners an excerpt within floor(5% × 400) = 20 words, marked and linked', () => {
    const a = toPartnerArticle(article(), 'quote');
    expect(a.usage).toMatchObject({ mode: 'quote', quoteLimitWords: 20, wordsServed: 5 });
    expect(a.body).toBe(
      '<blockquote><p>“First sentence has five words.”</p></blockquote>\n<p>Source: <a href="https://news.test/a?x=1&amp;y=2">USPA News</a></p>',
    );
  });

  it('serves headline and link only when no limit is machine-readable', () => {
    const a = toPartnerArticle(article({ licence: null }), 'quote');
    expect(a.usage).toMatchObject({ mode: 'headline-only', wordsServed: 0 });
    expect(a.body).toBe('');
    expect(a.url).toBe('https://news.test/a?x=1&y=2');
  });

  it('serves full text to quote partners when the licence grants it', () => {
    const open = article({ licence: { ...article().licence!, fullTextAllowed: true } });
    expect(toPartnerArticle(open, 'quote').usage.mode).toBe('full-text');
  });
});

describe('parseListQuery', () => {
  it('reads page, pageSize (also as pagination[...]), agency and q; ignores the rest', () => {
    expect(
      parseListQuery({
        page: '2',
        pageSize: '10',
        agency: 'USPA',
        q: ' crane ',
        filters: { pubStatus: 'canceled' },
        status: 'draft',
      }),
    ).toEqual({
      ok: true,
      // q read once (search/query.ts), best match first unless sort=newest.
      query: { page: 2, pageSize: 10, agency: 'USPA', q: 'crane', search: parseSearch('crane'), sort: 'relevance' },
    });
    expect(parseListQuery({ pagination: { page: '3', pageSize: '5' } })).toEqual({
      ok: true,
      query: { page: 3, pageSize: 5, sort: 'newest' },
    });
    expect(parseListQuery({ q: 'crane', sort: 'newest' })).toMatchObject({ ok: true, query: { sort: 'newest' } });
    expect(parseListQuery({ sort: 'relevance' })).toEqual({ ok: false, error: 'sort=relevance needs a search (q)' });
  });

  it('names the parameter at fault', () => {
    expect(parseListQuery({ pageSize: '101' })).toEqual({ ok: false, error: 'pageSize may be at most 100 (got 101)' });
    expect(parseListQuery({ page: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^page must be/) });
    expect(parseListQuery({ agency: ['A', 'B'] })).toEqual({ ok: false, error: 'agency must be given once, as text' });
  });
});
