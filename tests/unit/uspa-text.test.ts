import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { plainText as uspaText } from '../../plugins/wire/server/src/formats/plain-text';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { FIXTURE_DIR } from '../helpers/paths';
import { describeIf } from '../helpers/optional';

const read = (name: string) => readFileSync(path.join(FIXTURE_DIR, name), 'utf8');

function prepareOne(text: string) {
  const parsed = parseDocument({ text, origin: 'test' });
  expect(parsed.items).toHaveLength(1);
  const prepared = prepareItem(parsed.items[0], 1);
  if (!prepared.ok) throw new Error(prepared.problem.reason);
  return { parsed, article: prepared.article };
}

describe('USPA plain-text articles', () => {
  it('is detected by its credit line, not by file name', () => {
    expect(uspaText.detect({ text: read('uspa/harbour-cranes.txt'), origin: 'x.bin' })).toBe(true);
    expect(uspaText.detect({ text: 'Just a note\n\nNothing here is wire copy.', origin: 'a.txt' })).toBe(false);
    expect(
      uspaText.detect({
        text: '<rss><channel><item><description>USPA News - x</description></item></channel></rss>',
        origin: 'a.txt',
      }),
    ).toBe(false);
  });

  it('splits section, headline, credit, body and footer', () => {
    const { parsed, article } = prepareOne(read('uspa/harbour-cranes.txt'));
    expect(parsed.format).toBe('plain-text');
    expect(article.section).toBe('Business');
    expect(article.headline).toBe('Port authority orders forty electric cranes in record deal');
    expect(article.agency).toMatchObject({ code: 'USPA', name: 'USPA News' });
    expect(article.dateline).toEqual({
      text: 'USPA News -',
      place: null,
      region: null,
      country: null,
      date: null,
      agency: 'USPA News',
    });
    expect(article.bodyText.startsWith('The port authority of a large North Sea harbour')).toBe(true);
    expect(article.body).not.toMatch(/USPA News|Liability/);
    expect(article.body.split('</p>').length - 1).toBe(2);
    expect(article.licence?.notice).toMatch(
      /^Liability for this article lies with the author, who also holds the copyright\./,
    );
    expect(article.licence?.terms).toMatchObject({
      quoteLimitPercent: 5,
      quotesMustBeMarked: true,
      attributionRequired: true,
      hyperlinkRequired: true,
      fullTextAllowed: false,
    });
    expect(article.licence?.holder).toBe('The author');
  });

  it('reads the place from a `CITY (USPA News) -` credit', () => {
    const { article } = prepareOne(read('uspa/berlin-tenants.txt'));
    expect(article.dateline).toMatchObject({ text: 'BERLIN (USPA News) -', place: 'BERLIN', agency: 'USPA News' });
    expect(article.bodyText.startsWith('A parliamentary committee on Thursday')).toBe(true);
  });

  it('turns backquotes standing for apostrophes into apostrophes', () => {
    const { article } = prepareOne(read('uspa/harbour-cranes.txt'));
    expect(article.bodyText).toContain("the authority's chief executive");
    expect(article.bodyText).toContain("Dock workers' unions");
    expect(article.bodyText).not.toContain('`');
  });

  it('handles CRLF line endings and a BOM the same way', () => {
    const lf = prepareOne(read('uspa/harbour-cranes.txt')).article;
    const crlf = prepareOne(`\uFEFF${read('uspa/harbour-cranes.txt').replace(/\n/g, '\r\n')}`).article;
    expect(crlf.contentHash).toBe(lf.contentHash);
  });

  it('identifies copy without an id by agency and headline, so a corrected body is the same story', () => {
    const a = prepareOne(read('uspa/harbour-cranes.txt')).article;
    const b = prepareOne(read('uspa/harbour-cranes-corrected.txt')).article;
    expect(a.identity).toBe(b.identity);
    expect(a.contentHash).not.toBe(b.contentHash);
  });

  it('rejects an article without a headline, naming the field', () => {
    const parsed = parseDocument({ text: read('bad/uspa-no-headline.txt'), origin: 'bad.txt' });
    const prepared = prepareItem(parsed.items[0], 1);
    expect(prepared).toMatchObject({ ok: false, problem: { item: 1, field: 'headline', reason: 'missing headline' } });
  });

  it('keeps a body with no footer whole and leaves the licence to the feed or agency', () => {
    const { article } = prepareOne('World\n\nA headline\n\nUSPA News - First paragraph.\nSecond paragraph.');
    expect(article.licence).toBeNull();
    expect(article.bodyText).toBe('First paragraph.\nSecond paragraph.');
  });
});

const SEED = path.resolve(__dirname, '../../../shared/corpus/uspa/seed-article.txt');
const maybe = (() => {
  try {
    return readFileSync(SEED, 'utf8');
  } catch {
    return null;
  }
})();

// The shared corpus sits beside the repository on developers' machines and in CI, not in a bare clone.
describeIf('the real USPA sample in ../shared/corpus', maybe ? null : `${SEED} not found`)(
  'the real USPA sample in ../shared/corpus',
  () => {
    it('parses exactly as EXPECTED.md says', () => {
      const { article } = prepareOne(maybe as string);
      expect(article.headline).toBe('UK police arrest 660 in nationwide crackdown on child porn');
      expect(article.section).toBe('News');
      expect(article.agency.code).toBe('USPA');
      expect(article.bodyText.startsWith('Police across the United Kingdom')).toBe(true);
      expect(article.bodyText).not.toContain('Liability');
      expect(article.licence?.terms).toMatchObject({
        quoteLimitPercent: 5,
        quotesMustBeMarked: true,
        attributionRequired: true,
        hyperlinkRequired: true,
      });
      expect(article.licence?.holder).toBe('The author');
    });
  },
);
