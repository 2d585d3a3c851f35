/** Every format module on our own synthetic fixtures, through the same path ingest uses. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { prepareItem, type PreparedArticle } from '../../plugins/wire/server/src/ingest/prepare';
import { decodeBytes } from '../../plugins/wire/server/src/normalise/encoding';
import { FIXTURE_DIR } from '../helpers/paths';

function load(name: string) {
  const decoded = decodeBytes(readFileSync(path.join(FIXTURE_DIR, name)));
  const parsed = parseDocument({ text: decoded.text, origin: name });
  const prepared = parsed.items.map((item, i) => prepareItem(item, i + 1, { feedTitle: parsed.feedTitle }));
  const articles = prepared.map((p) => (p.ok ? p.article : null));
  return { parsed, prepared, articles, decoded };
}

const ok = (a: PreparedArticle | null): PreparedArticle => {
  if (!a) throw new Error('item was rejected');
  return a;
};

describe('detection by content', () => {
  it.each([
    ['atom/agency-feed.atom', 'atom'],
    ['newsml-g2/news-message.xml', 'newsml-g2'],
    ['nitf/embargoed.xml', 'nitf'],
    ['newsml-1.2/item.xml', 'newsml-1.2'],
    ['ninjs/v1.json', 'ninjs'],
    ['ninjs/v2.json', 'ninjs'],
    ['rss/media.rss', 'rss'],
    ['uspa/harbour-cranes.txt', 'plain-text'],
  ])('%s is %s', (file, format) => {
    const text = decodeBytes(readFileSync(path.join(FIXTURE_DIR, file))).text;
    expect(detectFormat({ text, origin: 'renamed.bin' }).name).toBe(format);
  });

  it('lets a feed name its format (and aliases)', () => {
    const text = readFileSync(path.join(FIXTURE_DIR, 'newsml-g2/news-message.xml'), 'utf8');
    expect(parseDocument({ text, origin: 'x' }, 'g2').format).toBe('newsml-g2');
    expect(() => parseDocument({ text, origin: 'x' }, 'nitf')).toThrow(/not a NITF document/);
  });
});

describe('Atom 1.0', () => {
  const { articles, parsed } = load('atom/agency-feed.atom');
  const [museum, ferry] = articles.map(ok);

  it('reads entries with xhtml and text content, entry and feed authors, dates and links', () => {
    expect(parsed.items).toHaveLength(2);
    expect(museum).toMatchObject({
      guid: 'urn:example-wire:2026:0001',
      headline: 'Museum reopens after roof repair',
      byline: 'Petra Novak',
      url: 'https://wire.example.test/2026/museum-reopens',
      keywords: ['Culture', 'museums'],
      section: 'Culture',
      language: 'en',
    });
    expect(museum.firstCreated?.toISOString()).toBe('2026-11-27T07:00:00.000Z');
    expect(museum.versionCreated?.toISOString()).toBe('2026-11-27T08:30:00.000Z');
    expect(museum.body).toBe(
      '<p>The city museum reopened on Friday after a <strong>two-year</strong> roof repair.</p><p>Visitors queued from early morning.</p>',
    );
    expect(museum.images).toEqual([
      expect.objectContaining({ url: 'https://img.example.test/museum.jpg', caption: 'The museum hall' }),
    ]);
    expect(ferry.byline).toBe('Example Wire desk');
    expect(ferry.body).toBe(
      '<p>Ferries will run every two hours from December.</p>\n<p>The first boat leaves at six.</p>',
    );
    expect(ferry.firstCreated?.toISOString()).toBe('2026-11-26T17:00:00.000Z');
  });

  it('applies the feed rights and names the agency from them', () => {
    expect(museum.licence?.notice).toBe('© 2026 Example Wire Service. All rights reserved.');
    expect(museum.licence?.holder).toBe('Example Wire Service');
    expect(museum.agency).toMatchObject({ code: 'EXAMPLE-WIRE-SERVICE', name: 'Example Wire Service', isNew: true });
  });
});

describe('NewsML-G2', () => {
  const { articles, parsed } = load('newsml-g2/news-message.xml');
  const [budget, killed] = articles.map(ok);

  it('reads every newsItem of a newsMessage', () => {
    expect(parsed.items).toHaveLength(2);
  });

  it('reads guid, version, dates, embargo, urgency, by, located, dateline, subjects and keywords', () => {
    expect(budget).toMatchObject({
      guid: 'urn:newsml:example-agency.test:20261127:budget-vote',
      version: 3,
      urgency: 3,
      language: 'en',
      byline: 'By Rui Almeida',
      slugline: 'Portugal-Budget',
      headline: 'Parliament passes budget after all-night session',
      keywords: ['budget', 'parliament'],
      section: 'Politics',
      pubStatus: 'usable',
      edNote: 'Embargoed until 0600 GMT Saturday.',
      agency: { code: 'EXA', name: 'Example Agency' },
      url: 'https://example-agency.test/stories/budget-vote',
    });
    expect(budget.subjects).toEqual([
      { code: 'medtop:11000000', name: 'politics' },
      { code: 'exacat:pol', name: 'Politics' },
    ]);
    expect(budget.dateline).toMatchObject({
      text: 'LISBON, Nov 27 (EXA) -',
      place: 'LISBON',
      date: '2026-11-27',
      country: 'PT',
    });
    expect(budget.versionCreated?.toISOString()).toBe('2026-11-27T09:58:00.000Z');
    expect(budget.firstCreated?.toISOString()).toBe('2026-11-27T08:00:00.000Z');
    expect(budget.embargoedUntil?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
  });

  it('takes the XHTML body without its header', () => {
    expect(budget.body).toBe(
      '<p>Lawmakers approved the budget at dawn after a session that lasted <em>fourteen hours</em>.</p><p>The vote was 121 to 104.</p>',
    );
  });

  it('reads rightsInfo in the item language and keeps the other languages', () => {
    expect(budget.licence).toMatchObject({
      holder: 'Example Agency Ltd',
      notice:
        'Copyright 2026 Example Agency Ltd. This material may not be published, broadcast, rewritten or redistributed.',
      terms: { syndicationAllowed: false, fullTextAllowed: false },
      translations: [
        {
          language: 'de',
          notice: 'Copyright 2026 Example Agency Ltd (deutsch). Veröffentlichung nur mit schriftlicher Genehmigung.',
        },
      ],
    });
  });

  it('reads a canceled item and a plain-text inlineData body', () => {
    expect(killed.pubStatus).toBe('canceled');
    expect(killed.version).toBe(2);
    expect(killed.body).toBe('<p>Editors: the story on the bridge closure is withdrawn.</p>\n<p>Do not use it.</p>');
  });
});

describe('NITF', () => {
  const { articles, decoded } = load('nitf/embargoed.xml');
  const story = ok(articles[0]);

  it('reads ISO-8859-1 as declared and never fetches the DTD', () => {
    expect(decoded.encoding).toBe('iso-8859-1');
    expect(story.dateline?.place).toBe('Göteborg');
  });

  it('falls back to head/title, drops byttl, reads compact dates, status, ed-msg, key-list and du-key', () => {
    expect(story).toMatchObject({
      guid: 'EXW.2026.1127.0042',
      headline: 'Harbour strike ends after pay deal',
      byline: 'By Jonas Berg',
      urgency: 2,
      edNote: 'Embargoed until noon CET.',
      keywords: ['strike', 'harbour'],
      slugline: 'Harbour-Strike',
      sequence: '0042',
      pubStatus: 'usable',
      agency: { code: 'EXW', name: 'Example Wire' },
    });
    expect(story.firstCreated?.toISOString()).toBe('2026-11-27T05:45:00.000Z');
    expect(story.embargoedUntil?.toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(story.expiresAt?.toISOString()).toBe('2026-12-27T00:00:00.000Z');
    expect(story.licence).toMatchObject({ notice: 'Copyright 2026 Example Wire', holder: 'Example Wire' });
  });

  it('keeps a <pre> body as preformatted text', () => {
    expect(story.body).toBe(
      '<pre>Dock workers voted to accept a three-year pay deal,\nending a strike that had lasted nine days.</pre>\n      <p>Ships waiting outside the harbour will berth from Saturday.</p>',
    );
    expect(story.wordCount).toBe(26);
  });
});

describe('NewsML 1.2', () => {
  const a = ok(load('newsml-1.2/item.xml').articles[0]);

  it('reads identification, management, news lines, rights, subjects and the NITF body', () => {
    expect(a).toMatchObject({
      guid: 'urn:newsml:example-press.test:20261127T101000Z:TX-EX-0007:2',
      version: 2,
      headline: 'Central bank holds rates steady',
      slugline: 'Norway-rates',
      byline: 'Kari Dahl',
      language: 'en',
      urgency: 3,
      keywords: ['rates'],
      section: 'economy',
      agency: { code: 'EXP', name: 'EXP' },
      body: '<p>The central bank kept its key rate unchanged on Thursday.</p><p>Economists had expected the decision.</p>',
    });
    expect(a.dateline).toMatchObject({ place: 'OSLO', date: '2026-11-27', agency: 'EXP', country: 'NOR' });
    expect(a.licence).toMatchObject({
      holder: 'Example Press',
      notice: 'Copyright 2026 Example Press. NO ARCHIVAL USE',
      terms: { archivalUseAllowed: false },
    });
    expect(a.versionCreated?.toISOString()).toBe('2026-11-27T10:10:00.000Z');
    expect(a.subjects).toEqual([{ code: '04000000', name: null }]);
  });
});

describe('ninjs', () => {
  it('reads 1.x: headline, byline, body_text, usage terms, subjects, located', () => {
    const a = ok(load('ninjs/v1.json').articles[0]);
    expect(a).toMatchObject({
      guid: 'urn:example:ninjs:1001',
      version: 1,
      headline: 'Rail line reopens after landslide',
      byline: 'Ana Costa',
      urgency: 5,
    });
    expect(a.body).toBe('<p>The rail line reopened on Friday.</p>\n<p>Engineers worked through the night.</p>');
    expect(a.licence).toMatchObject({
      holder: 'Example Newswire',
      terms: { quoteLimitPercent: 10, attributionRequired: true },
    });
    expect(a.subjects).toEqual([{ code: 'medtop:20000758', name: 'rail transport' }]);
    expect(a.dateline?.place).toBe('Coimbra');
    expect(a.firstCreated?.toISOString()).toBe('2026-11-27T07:50:00.000Z');
  });

  it('reads 2.x arrays: main headline, the html body (sanitized), by, embargo, and reports what is not an item', () => {
    const { articles, parsed } = load('ninjs/v2.json');
    const [a, withdrawn] = articles.map(ok);
    expect(a).toMatchObject({
      headline: 'Stadtrat beschließt neue Radwege',
      byline: 'Von Lena Weber',
      version: 4,
      language: 'de',
    });
    expect(a.body).toBe('<p>Der Stadtrat hat am Donnerstag neue Radwege beschlossen.</p>');
    expect(a.embargoedUntil?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(a.licence?.notice).toBe('Copyright 2026 Example Agentur. Alle Rechte vorbehalten');
    expect(withdrawn.pubStatus).toBe('canceled');
    expect(parsed.problems).toEqual([{ item: 3, field: null, reason: 'not a ninjs object (got string)' }]);
  });

  it('reads 3.x camelCase', () => {
    const a = ok(load('ninjs/v3.json').articles[0]);
    expect(a).toMatchObject({
      headline: 'Le port rouvre après la tempête',
      pubStatus: 'withheld',
      language: 'fr',
      version: 2,
      byline: 'Claire Martin',
    });
    expect(a.licence).toMatchObject({ holder: 'Exemple Presse', notice: '© 2026 Exemple Presse. NO ARCHIVAL USE' });
    expect(a.firstCreated?.toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });

  it('names malformed JSON', () => {
    expect(() => parseDocument({ text: '{"uri": "x", "headline": ', origin: 'bad.json' })).toThrow(/malformed JSON/);
  });
});

describe('IPTC 7901 and ANPA 1312', () => {
  const SOH = '\u0001',
    STX = '\u0002',
    ETX = '\u0003';
  const story = (header: string, keyword: string, lines: string[], trailer: string) =>
    `${SOH}${header}\r\n\r\n${keyword}\r\n${STX}${lines.join('\r\n')}\r\n${ETX}${trailer}\r\n`;
  const transmission =
    story(
      'exa101 3 a 58 ccccb   exa 100',
      'Harbour-fire/',
      [
        'Fire on cargo ship in harbour under control =',
        '',
        '   Hamburg (dpa) - A fire on a cargo ship in the harbour was brought',
        'under control on Friday, the fire brigade said.',
        '',
        '   Nobody was hurt.',
        '',
        '# Notebook',
        'Pictures to follow.',
        '',
        'exa jd kl',
        '',
      ],
      '271045 GMT Nov 27',
    ) +
    story(
      'a0212  r a BC-Storm-KILL 1st Ld-Writethru 0412',
      '',
      ['MANDATORY KILL: Storm story', '', '   Editors: kill the storm story. It is withdrawn.'],
      '271101',
    );

  const parsed = parseDocument({ text: transmission, origin: 'wire.txt' });

  it('splits a transmission into stories by control bytes', () => {
    expect(parsed.format).toBe('iptc7901');
    expect(parsed.items).toHaveLength(2);
  });

  it('reads header, keyword, headline, paragraphs, notebook and time', () => {
    const prepared = prepareItem(parsed.items[0], 1);
    const a = ok(prepared.ok ? prepared.article : null);
    expect(a).toMatchObject({
      headline: 'Fire on cargo ship in harbour under control =',
      slugline: 'Harbour-fire',
      sequence: '101',
      urgency: 3,
      subjects: [{ code: 'anpa-category:a', name: null }],
      agency: { code: 'DPA' },
      pubStatus: 'usable',
    });
    expect(a.body).toBe(
      '<p>Hamburg (dpa) - A fire on a cargo ship in the harbour was brought under control on Friday, the fire brigade said.</p>\n<p>Nobody was hurt.</p>',
    );
    expect(a.edNote).toBe('# Notebook\nPictures to follow.\n\nexa jd kl');
    expect(a.versionCreated?.getUTCDate()).toBe(27);
    expect(a.versionCreated?.getUTCHours()).toBe(10);
    expect(a.versionCreated?.getUTCMinutes()).toBe(45);
  });

  it('reads an ANPA kill advisory as canceled, with its slug from the header', () => {
    expect(parsed.items[1]).toMatchObject({
      pubStatus: 'canceled',
      slugline: 'BC-Storm-KILL',
      urgency: 4,
      sequence: '0212',
    });
    expect(parsed.items[1].edNote).toBe('Take: 1st Ld-Writethru');
  });
});

describe('RSS media and encodings', () => {
  const { articles, decoded } = load('rss/media.rss');
  const a = ok(articles[0]);

  it('decodes windows-1252 bytes', () => {
    expect(decoded.encoding).toBe('windows-1252');
    expect(a.headline).toBe('Storm brings first snow to the mountains – and closes passes');
    expect(a.bodyText).toBe('Snow fell above 1,200 metres overnight – the first of the season.');
  });

  it('keeps images with credit and caption; video is not an image', () => {
    expect(a.images).toEqual([
      {
        url: 'https://img.example.test/snow-large.jpg',
        type: null,
        caption: 'Snow on the pass road on Friday morning.',
        credit: 'Jane Roe / Example Photo Wire',
        width: 1600,
        height: 900,
      },
      {
        url: 'https://img.example.test/snow-thumb.jpg',
        type: 'thumbnail',
        caption: null,
        credit: null,
        width: 160,
        height: 90,
      },
      {
        url: 'https://img.example.test/snow-print.jpg',
        type: 'image/jpeg',
        caption: null,
        credit: null,
        width: null,
        height: null,
      },
    ]);
  });

  it('reads dc:date and category domains', () => {
    expect(a.versionCreated?.toISOString()).toBe('2026-11-27T05:30:00.000Z');
    expect(a.subjects).toEqual([{ code: 'https://photo.example.test/sections:Weather', name: 'Weather' }]);
    expect(a.guid).toBe('photo-0001');
  });
});
