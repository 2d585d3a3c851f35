import { ninjs as ninjsFormat } from '../../plugins/wire/server/src/formats/ninjs';
import { prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { toNinjs, toNinjsList, usageTermsText, rightsStatement } from '../../plugins/wire/server/src/serve/ninjs';
import { toPartnerArticle, type StoredArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { describeIf } from '../helpers/optional';
import { NINJS_SCHEMA_ID, NINJS_SCHEMA_MISSING, schemaValidator } from '../helpers/schemas';
import { storedArticle } from '../helpers/stored-article';

/** The IPTC schema, compiled once (every test here checks against it). */
const validate = NINJS_SCHEMA_MISSING ? () => false : schemaValidator().getSchema(NINJS_SCHEMA_ID)!;
const describe = describeIf('ninjs tests', NINJS_SCHEMA_MISSING);

function expectValid(value: unknown) {
  const ok = validate(value);
  // The errors in the failure message say which property broke the schema.
  expect(ok ? [] : (validate as { errors?: unknown }).errors).toEqual([]);
}

const article = (overrides: Partial<StoredArticle> = {}): StoredArticle => storedArticle({ version: 2, ...overrides });

const rich = () =>
  article({
    byline: 'Lena Holm',
    slugline: 'rail-quiet',
    urgency: 3,
    datelineText: 'BERLIN (USPA News) -',
    datelinePlace: 'Berlin',
    datelineCountry: 'Germany',
    keywords: ['Transport', 'Rail', 'rail', ' '],
    subjects: [
      { code: 'medtop:20000001', name: 'arts, culture and entertainment' },
      { code: 'https://example.test/topics/rail travel', name: 'Rail travel' },
      { code: 'ECON', name: null },
      { code: null, name: 'Commuting' },
      { code: null, name: null },
    ],
    images: [
      {
        url: 'https://img.test/a b.jpg',
        type: 'image/jpeg',
        caption: 'A quiet carriage',
        credit: 'USPA/J. Doe',
        width: 1200,
        height: 800,
      },
      {
        url: 'https://img.test/a-thumb.jpg',
        type: 'thumbnail',
        caption: null,
        credit: null,
        width: null,
        height: null,
      },
      { url: 'not a url', type: null, caption: null, credit: null, width: null, height: null },
    ],
    // Partners receive pictures stored in the Media Library, under a licence that covers them.
    licence: { ...storedArticle().licence!, picturesAllowed: true },
    pictures: [
      {
        ref: 'images[0]',
        href: 'https://img.test/a b.jpg',
        fileId: 1,
        url: 'https://img.test/a b.jpg',
        mime: 'image/jpeg',
        size: 9,
        width: 1200,
        height: 800,
        at: '',
      },
      {
        ref: 'images[1]',
        href: 'https://img.test/a-thumb.jpg',
        fileId: 2,
        url: 'https://img.test/a-thumb.jpg',
        mime: 'image/jpeg',
        size: 9,
        width: null,
        height: null,
        at: '',
      },
      {
        ref: 'images[2]',
        href: 'not a url',
        fileId: 3,
        url: 'not a url',
        mime: 'image/jpeg',
        size: 9,
        width: null,
        height: null,
        at: '',
      },
    ],
    embargoedUntil: '2026-11-01T10:00:00Z',
    expiresAt: '2026-12-01T00:00:00Z',
  });

/** Every value, at any depth: ninjs has no use for null, undefined or empty strings. */
function emptyValues(value: unknown, at = '$'): string[] {
  if (value === null || value === undefined || value === '') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => emptyValues(v, `${at}[${i}]`));
  if (typeof value === 'object')
    return Object.entries(value as object).flatMap(([k, v]) => emptyValues(v, `${at}.${k}`));
  return [];
}

describe('the ninjs 2.2 validator', () => {
  it('is wired: it rejects objects that break the schema', () => {
    expect(validate({ uri: 'urn:wire:article:doc1', type: 'text' })).toBe(true);
    expect(validate({ type: 'text' })).toBe(false); // no uri
    expect(validate({ uri: 'urn:wire:article:doc1', headline: 'a ninjs 1.x field' })).toBe(false);
    expect(validate({ uri: 'urn:wire:article:doc1', usageterms: null })).toBe(false);
    expect(validate({ uri: 'urn:wire:article:doc1', versioncreated: 'yesterday' })).toBe(false);
    expect(validate({ uri: 'urn:wire:article:doc1', version: 2 })).toBe(false);
  });
});

describe('toNinjs', () => {
  it('gives full partners a valid item with the whole body and the rights', () => {
    const item = toNinjs(toPartnerArticle(article(), 'full'));
    expectValid(item);
    expect(item).toMatchObject({
      uri: 'urn:wire:article:doc1',
      type: 'text',
      representationtype: 'full',
      version: '2',
      firstcreated: '2026-11-01T08:00:00.000Z',
      versioncreated: '2026-11-01T09:30:00.000Z',
      pubstatus: 'usable',
      language: 'en',
      headlines: [{ role: 'main', contenttype: 'text/plain', value: 'Rail operator trials quiet carriages' }],
      copyrightholder: 'The author',
      copyrightnotice: '© 2026 USPA News',
      altids: [{ role: 'guid', value: 'uspa-0001' }],
      infosources: [{ name: 'USPA News', literal: 'USPA' }],
      renditions: [
        { name: 'original', href: 'https://news.test/a?x=1&y=2', contenttype: 'text/html' },
        // The full text names its source's canonical page (issue 23).
        { name: 'canonical', href: 'https://news.test/a?x=1&y=2', contenttype: 'text/html' },
      ],
    });
    expect(item.bodies?.[0]).toEqual({ role: 'main', contenttype: 'text/html', value: article().body, wordcount: 400 });
    expect(item.bodies?.[1]).toMatchObject({ contenttype: 'text/plain', value: expect.stringContaining('X374') });
    expect(item.usageterms).toBe(
      'The full text may be published, with the source named and linked: USPA News <https://news.test/a?x=1&y=2>. Keep the copyright notice with it.',
    );
    expect(emptyValues(item)).toEqual([]);
  });

  it('gives quote partners a valid item holding only the marked excerpt, with the limit in usageterms', () => {
    const item = toNinjs(toPartnerArticle(article(), 'quote'));
    expectValid(item);
    expect(item.representationtype).toBe('partial');
    const [html, text] = item.bodies ?? [];
    expect(html.value).toContain('“First sentence has five words.”');
    expect(html.wordcount).toBe(5);
    expect(text.contenttype).toBe('text/plain');
    expect(text.value).toContain('“First sentence has five words.”');
    // Nothing beyond the excerpt, in any body.
    for (const body of item.bodies ?? []) expect(body.value).not.toMatch(/W0|Then another|X0|X374/);
    expect(item.usageterms).toBe(
      'Quote at most 5% of the text (20 words), marked as a quotation, with the source named and linked: USPA News <https://news.test/a?x=1&y=2>.',
    );
    expect(item.copyrightnotice).toBe('© 2026 USPA News');
  });

  it('serves headline and link only when the licence states no limit, and says so', () => {
    const quiet = article({ licence: { ...article().licence!, quoteLimitPercent: null } });
    const item = toNinjs(toPartnerArticle(quiet, 'quote'));
    expectValid(item);
    expect(item.bodies).toBeUndefined();
    expect(item.headlines?.[0].value).toBe('Rail operator trials quiet carriages');
    expect(item.renditions?.[0].href).toBe('https://news.test/a?x=1&y=2');
    expect(item.usageterms).toBe(
      'Use only the headline and a link to the original: the licence states no share of the text that may be quoted. ' +
        'Name the source and link to it: USPA News <https://news.test/a?x=1&y=2>.',
    );
  });

  it('explains a limit that comes to less than one word', () => {
    const short = article({
      bodyText: 'One two three four five six seven eight nine ten.',
      body: '<p>One two three four five six seven eight nine ten.</p>',
      wordCount: 10,
    });
    const item = toNinjs(toPartnerArticle(short, 'quote'));
    expectValid(item);
    expect(item.usageterms).toMatch(
      /^Use only the headline and a link to the original: 5% of this 10-word text is less than one word\./,
    );
  });

  it('writes an article with no licence validly, without rights it does not have', () => {
    const full = toNinjs(toPartnerArticle(article({ licence: null }), 'full'));
    expectValid(full);
    expect(full.copyrightholder).toBeUndefined();
    expect(full.copyrightnotice).toBeUndefined();
    expect(full.usageterms).toBe('The full text may be published. No licence statement came with this article.');
    const quote = toNinjs(toPartnerArticle(article({ licence: null }), 'quote'));
    expectValid(quote);
    expect(quote.bodies).toBeUndefined();
  });

  it('maps images, subjects, keywords, section, dateline, urgency and dates validly', () => {
    const item = toNinjs(toPartnerArticle(rich(), 'full'), { apiUrl: 'https://wire.test/' });
    expectValid(item);
    expect(emptyValues(item)).toEqual([]);
    expect(item).toMatchObject({
      by: 'Lena Holm',
      slugline: 'rail-quiet',
      urgency: 3,
      located: 'Berlin, Germany',
      embargoed: '2026-11-01T10:00:00.000Z',
      expires: '2026-12-01T00:00:00.000Z',
      descriptions: [{ role: 'dateline', contenttype: 'text/plain', value: 'BERLIN (USPA News) -' }],
    });
    expect(item.subjects).toEqual([
      { name: 'arts, culture and entertainment', uri: 'http://cv.iptc.org/newscodes/mediatopic/20000001' },
      { name: 'Rail travel', uri: 'https://example.test/topics/rail%20travel' },
      { literal: 'ECON' },
      { name: 'Commuting' },
      { name: 'Transport', rel: 'section' },
      { name: 'Transport', rel: 'keyword' },
      { name: 'Rail', rel: 'keyword' },
    ]);
    expect(item.renditions).toEqual([
      expect.objectContaining({ name: 'original', href: 'https://news.test/a?x=1&y=2' }),
      expect.objectContaining({ name: 'canonical', href: 'https://news.test/a?x=1&y=2' }),
      expect.objectContaining({
        name: 'wire-api',
        href: 'https://wire.test/api/wire/articles/doc1',
        contenttype: 'application/json',
      }),
    ]);
    // The unlinkable third image is left out.
    expect(item.associations).toEqual([
      {
        name: 'image-1',
        uri: 'urn:wire:article:doc1:image:1',
        type: 'picture',
        renditions: [
          { name: 'original', href: 'https://img.test/a%20b.jpg', contenttype: 'image/jpeg', width: 1200, height: 800 },
        ],
        descriptions: [{ role: 'caption', value: 'A quiet carriage' }],
        by: 'USPA/J. Doe',
      },
      {
        name: 'image-2',
        uri: 'urn:wire:article:doc1:image:2',
        type: 'picture',
        renditions: [{ name: 'thumbnail', href: 'https://img.test/a-thumb.jpg' }],
      },
    ]);
    expect(item.usageterms).toMatch(
      /Not to be published before 2026-11-01T10:00:00.000Z\. Not to be used after 2026-12-01T00:00:00.000Z\.$/,
    );
  });

  it('states syndication and archive limits', () => {
    const strict = article({
      licence: {
        ...article().licence!,
        syndicationAllowed: false,
        archivalUseAllowed: false,
        attributionRequired: false,
        hyperlinkRequired: false,
      },
    });
    const partner = toPartnerArticle(strict, 'quote');
    expect(usageTermsText(partner)).toBe(
      'Quote at most 5% of the text (20 words), marked as a quotation. Not for syndication to third parties. Not for archiving.',
    );
    expect(rightsStatement(partner)).toBe(`© 2026 USPA News. ${usageTermsText(partner)}`);
    expectValid(toNinjs(partner));
  });

  it('derives the plain-text body from the HTML when the partner view has no `text`', () => {
    const partner: Record<string, unknown> = { ...toPartnerArticle(article(), 'full') };
    delete partner.text;
    const item = toNinjs(partner as unknown as ReturnType<typeof toPartnerArticle>);
    expectValid(item);
    expect(item.bodies?.[1]).toMatchObject({
      contenttype: 'text/plain',
      value: expect.stringMatching(/^First sentence has five words\. W0 .* X374\.$/),
    });
  });

  it('reads back through our own ninjs parser', () => {
    const served = toNinjsList([toPartnerArticle(rich(), 'full'), toPartnerArticle(article(), 'quote')]);
    const parsed = ninjsFormat.parse({ text: JSON.stringify(served), origin: 'served.json' });
    expect(parsed.problems).toEqual([]);
    const [full, quote] = parsed.items;
    // Read back by its original identity (altids guid, infosources agency), not Wire's own uri: the
    // same story ingested again is not stored twice (issue 12, item 7). Was 'urn:wire:article:doc1'.
    expect(full).toMatchObject({
      guid: 'uspa-0001',
      agency: { code: 'USPA', name: 'USPA News' },
      url: 'https://news.test/a?x=1&y=2',
      version: 2,
      headline: 'Rail operator trials quiet carriages',
      byline: 'Lena Holm',
      slugline: 'rail-quiet',
      language: 'en',
      urgency: 3,
      bodyHtml: rich().body,
    });
    expect(full.versionCreated?.toISOString()).toBe('2026-11-01T09:30:00.000Z');
    expect(full.embargoedUntil?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(full.rights?.holder).toBe('The author');
    // The notice as the agency gave it: Wire's usage terms (derived from it, for partners) are left out.
    expect(full.rights?.notice).toBe('© 2026 USPA News');
    expect(quote.bodyHtml).not.toContain('X374');
    expect(quote.rights?.notice).toBe('© 2026 USPA News');
    // Section, keywords, subjects (QCodes again), images and the dateline come back as the story had them.
    expect(full).toMatchObject({
      section: 'Transport',
      keywords: ['Transport', 'Rail'],
      dateline: { text: 'BERLIN (USPA News) -' },
    });
    expect(full.subjects.map((s) => s.code)).toEqual([
      'medtop:20000001',
      'https://example.test/topics/rail%20travel',
      'ECON',
      null,
    ]);
    expect(full.images.map((i) => [i.url, i.type, i.caption, i.credit])).toEqual([
      ['https://img.test/a%20b.jpg', 'image/jpeg', 'A quiet carriage', 'USPA/J. Doe'],
      ['https://img.test/a-thumb.jpg', 'thumbnail', null, null],
    ]);
    // The identity a second ingest computes is the original one: the story is recognised, not stored twice.
    const again = prepareItem(full, 1, { feedTitle: 'Another Wire' });
    expect(again.ok && again.article.identity).toBe('USPA:uspa-0001');
  });
});
