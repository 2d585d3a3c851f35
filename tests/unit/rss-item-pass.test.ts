/**
 * RSS items are read in one pass over their children (formats/rss.ts, itemChildren). This reads the
 * same fields the plain way, one XmlElement lookup per field (child, all, childText: what a field
 * means), on seeded random items made of repeated, empty, misplaced and foreign-namespace children,
 * and fails on any difference.
 */
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { datelineOf, isWireApiLink, plainTitle } from '../../plugins/wire/server/src/formats/rss';
import { readStoryUrn, unwrapServedHtml } from '../../plugins/wire/server/src/formats/wire-story';
import { childText, parseXml, type XmlElement } from '../../plugins/wire/server/src/formats/xml';
import { decodeEntities } from '../../plugins/wire/server/src/normalise/text';
import { parseWireDate } from '../../plugins/wire/server/src/normalise/dates';
import { seededRandom as prng } from '../helpers/seeded';

const NS = {
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  media: 'http://search.yahoo.com/mrss/',
};
const DECLARATIONS = `xmlns:content="${NS.content}" xmlns:dc="${NS.dc}" xmlns:dcterms="${NS.dcterms}" xmlns:media="${NS.media}" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:o="urn:other"`;

/** Children an item may have: each a function of the generator, some empty, some in another namespace. */
const PIECES: Array<(r: () => number) => string> = [
  (r) =>
    `<guid${r() < 0.3 ? ' isPermaLink="false"' : ''}>${['https://x.test/g', 'g-1', ' ', 'urn:wire:story:ABC:orig-1', 'urn:wire:story:D%20E:x'][Math.floor(r() * 5)]}</guid>`,
  (r) => `<link>${['https://x.test/l', '', 'https://wire.test/api/wire/articles/7'][Math.floor(r() * 3)]}</link>`,
  (r) => `<title>${['A &amp;amp; <b>b</b>', '', 'Second'][Math.floor(r() * 3)]}</title>`,
  (r) => `<content:encoded>${r() < 0.3 ? '' : '<![CDATA[<p>BERLIN (USPA) - Body.</p>]]>'}</content:encoded>`,
  (r) => `<description>${r() < 0.3 ? ' ' : '&lt;p&gt;Desc&lt;/p&gt;'}</description>`,
  (r) => `<dc:creator>${r() < 0.3 ? '' : 'Desk'}</dc:creator>`,
  (r) => `<author>${r() < 0.5 ? 'jane@x.test (Jane Roe)' : 'Plain'}</author>`,
  (r) =>
    `<category${r() < 0.5 ? ' domain="d"' : ''}>${['Rail', '', 'A &amp;amp; B', 'rail'][Math.floor(r() * 4)]}</category>`,
  (r) => `<dc:subject>${['Rail', ' ', 'Z'][Math.floor(r() * 3)]}</dc:subject>`,
  (r) => `<dc:language>${r() < 0.3 ? '' : 'de'}</dc:language>`,
  (r) => `<media:description>${r() < 0.3 ? '' : 'Caption'}</media:description>`,
  (r) =>
    `<media:content url="${['u1', 'u2', ''][Math.floor(r() * 3)]}"${['', ' medium="image"', ' medium="video"', ' type="image/png"', ' type="text/html"'][Math.floor(r() * 5)]}${r() < 0.4 ? ' width="40" height="x"' : ''}>${r() < 0.4 ? '<media:credit>Photo</media:credit><media:title>T</media:title>' : ''}</media:content>`,
  (r) => `<media:group><media:content url="g${Math.floor(r() * 2)}"/><media:content url="u1"/></media:group>`,
  (r) => `<media:thumbnail url="${r() < 0.5 ? 'u1' : 't1'}"/>`,
  (r) => `<enclosure url="${r() < 0.5 ? 'e1' : 'u2'}" type="${r() < 0.5 ? 'image/jpeg' : 'audio/mpeg'}"/>`,
  (r) => `<pubDate>${['Tue, 01 Dec 2026 10:00:00 GMT', 'garbage', ''][Math.floor(r() * 3)]}</pubDate>`,
  (r) => `<dc:date>${r() < 0.5 ? '2026-12-01T09:00:00Z' : ''}</dc:date>`,
  (r) => `<dc:rights>${r() < 0.3 ? '' : 'R &amp;amp; S'}</dc:rights>`,
  (r) => `<source>${r() < 0.3 ? '' : 'The Source'}</source>`,
  (r) => `<dcterms:license>${r() < 0.3 ? '' : 'Licence'}</dcterms:license>`,
  (r) => `<dcterms:rightsHolder>${r() < 0.3 ? '' : 'Holder'}</dcterms:rightsHolder>`,
  (r) => `<dcterms:created>${r() < 0.5 ? '2025-05-05T00:00:00Z' : 'bad'}</dcterms:created>`,
  // Same local names in other namespaces: never read.
  (r) => {
    const name = ['guid', 'title', 'category', 'description', 'content', 'creator'][Math.floor(r() * 6)];
    return `<o:${name}>no</o:${name}>`;
  },
  () => `<media:title>Not the headline</media:title>`,
  () => 'text between',
];

function randomItem(r: () => number): string {
  const n = Math.floor(r() * 12);
  const parts: string[] = [];
  for (let i = 0; i < n; i += 1) parts.push(PIECES[Math.floor(r() * PIECES.length)](r));
  return `<item${r() < 0.2 ? ' rdf:about="urn:about"' : ''}>${parts.join('')}</item>`;
}

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

/** The plain reading: one lookup per field. */
function plainItem(node: XmlElement, channel: { language: string | null; rights: string | null }) {
  const guidEl = node.child('guid');
  const guid = guidEl?.clean() ?? '';
  const link = childText(node, 'link');
  const permalink = guid && guidEl?.attr('isPermaLink') !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  const categories = node
    .all('category')
    .map((c) => ({ name: decodeEntities(c.clean()), domain: c.attr('domain') }))
    .filter((c) => c.name);
  const subjects = node
    .all('dc:subject')
    .map((s) => s.clean())
    .filter(Boolean);
  const images: unknown[] = [];
  const seen = new Set<string>();
  const caption = childText(node, 'media:description') || null;
  const add = (el: XmlElement, type: string | null) => {
    const url = el.attr('url');
    if (!url || seen.has(url)) return;
    const medium = el.attr('medium');
    const mime = el.attr('type');
    if ((medium && medium !== 'image') || (mime && !mime.startsWith('image/'))) return;
    seen.add(url);
    images.push({
      url,
      type: type ?? mime,
      caption: childText(el, 'media:description', 'media:title') || caption,
      credit: childText(el, 'media:credit') || null,
      width: num(el.attr('width')),
      height: num(el.attr('height')),
    });
  };
  for (const group of [node, ...node.all('media:group')]) for (const el of group.all('media:content')) add(el, null);
  for (const el of node.all('media:thumbnail')) add(el, 'thumbnail');
  for (const el of node.all('enclosure')) add(el, null);
  const date = parseWireDate(childText(node, 'pubDate') || childText(node, 'dc:date')).date;
  const rights = childText(node, 'dc:rights') || channel.rights;
  const author = childText(node, 'author');
  const item = {
    guid: guid || link || node.attr('rdf:about') || null,
    url: link || permalink,
    headline: plainTitle(node.child('title')?.text() ?? ''),
    bodyHtml: node.child('content:encoded')?.text().trim() || node.child('description')?.text().trim() || '',
    // (The two authors made above: an address with a name, and a bare name.)
    byline: childText(node, 'dc:creator') || (author === 'jane@x.test (Jane Roe)' ? 'Jane Roe' : author) || null,
    keywords: [...new Set([...categories.map((c) => c.name), ...subjects])],
    section: categories[0]?.name ?? null,
    subjects: categories.filter((c) => c.domain).map((c) => ({ code: `${c.domain}:${c.name}`, name: c.name })),
    language: childText(node, 'dc:language') || channel.language,
    images,
    versionCreated: date,
    firstCreated: date,
    rights: rights ? { notice: decodeEntities(rights), holder: null as string | null } : null,
    agency: null as { code: string; name: string } | null,
    dateline: null as unknown,
  };
  const story = readStoryUrn(guid);
  if (!story) return item;
  item.guid = story.guid;
  item.agency = { code: story.code, name: childText(node, 'source') || story.code };
  if (item.url && isWireApiLink(item.url)) item.url = null;
  const notice = childText(node, 'dcterms:license');
  item.rights = notice ? { notice, holder: childText(node, 'dcterms:rightsHolder') || null } : null;
  const served = unwrapServedHtml(item.bodyHtml);
  item.bodyHtml = served.body;
  if (served.dateline) item.dateline = datelineOf(served.dateline, item.versionCreated);
  const created = childText(node, 'dcterms:created');
  if (created && !Number.isNaN(Date.parse(created))) item.firstCreated = new Date(created);
  return item;
}

describe('RSS items read in one pass (seeded, against a reading field by field)', () => {
  it('gives every field as one lookup per field would, on 400 random items', () => {
    const r = prng(0x7255);
    const items = Array.from({ length: 400 }, () => randomItem(r));
    const text = `<rss version="2.0" ${DECLARATIONS}><channel><title>T</title><language>en</language><copyright>Channel rights</copyright>${items.join('\n')}</channel></rss>`;
    const parsed = parseDocument({ text, origin: 'fuzz.rss' });
    const nodes = parseXml(text).child('channel')!.all('item');
    expect(parsed.items).toHaveLength(nodes.length);
    let served = 0;
    let withImages = 0;
    nodes.forEach((node, i) => {
      const expected = plainItem(node, { language: 'en', rights: 'Channel rights' });
      if (expected.agency) served += 1;
      if (expected.images.length) withImages += 1;
      expect({ i, ...parsed.items[i] }).toMatchObject({ i, ...expected });
    });
    // The seed reaches the branches it is for.
    expect(served).toBeGreaterThan(10);
    expect(withImages).toBeGreaterThan(50);
  });

  // A whole parse reads each item as it closes, before the channel's end: the channel's defaults
  // given after its items, or not at all, still reach the items that take them.
  it.each([
    [
      'after the items',
      '',
      '<language>fr</language><copyright>Late rights</copyright>',
      { language: 'fr', rights: 'Late rights' },
    ],
    ['nowhere', '', '', { language: null, rights: null }],
    [
      'as dc:language and dc:rights after the items',
      '',
      '<dc:language>it</dc:language><dc:rights>DC rights</dc:rights>',
      { language: 'it', rights: 'DC rights' },
    ],
  ])('gives the channel defaults given %s to the items that take them', (_, before, after, channel) => {
    const r = prng(0x7256);
    const items = Array.from({ length: 200 }, () => randomItem(r));
    const text = `<rss version="2.0" ${DECLARATIONS}><channel><title>T</title>${before}${items.join('\n')}${after}</channel></rss>`;
    const parsed = parseDocument({ text, origin: 'fuzz.rss' });
    const nodes = parseXml(text).child('channel')!.all('item');
    expect(parsed.items).toHaveLength(200);
    let tookRights = 0;
    nodes.forEach((node, i) => {
      const expected = plainItem(node, channel);
      if (channel.rights && expected.rights?.notice === channel.rights) tookRights += 1;
      expect({ i, ...parsed.items[i] }).toMatchObject({ i, ...expected });
    });
    if (channel.rights) expect(tookRights).toBeGreaterThan(10);
  });
});

describe('RSS whole parse: which elements are the items', () => {
  const guids = (text: string) => parseDocument({ text, origin: 't.rss' }).items.map((i) => i.guid);
  const item = (guid: string, inner = '') => `<item><guid>${guid}</guid><title>T ${guid}</title>${inner}</item>`;

  it("reads the first channel's items in order, not a second channel's, a foreign namespace's or a nested item", () => {
    const text = `<rss version="2.0" xmlns:o="urn:other"><o:channel>${item('foreign-channel')}</o:channel><channel><title>C</title>${item('a')}<o:item><guid>foreign</guid><title>F</title></o:item>${item('b', item('nested'))}<wrap>${item('wrapped')}</wrap>${item('c')}</channel><channel>${item('second-channel')}</channel>${item('beside')}</rss>`;
    expect(guids(text)).toEqual(['a', 'b', 'c']);
  });

  it('numbers problems by the item they belong to', () => {
    const text = `<rss version="2.0"><channel><title>C</title>${item('a')}${item('b', '<pubDate>not a date</pubDate>')}</channel></rss>`;
    const parsed = parseDocument({ text, origin: 't.rss' });
    expect(parsed.problems).toEqual([expect.objectContaining({ item: 2, guid: 'b', field: 'pubDate' })]);
  });

  it("reads an RSS 1.0 (RDF) feed's items, with the channel's defaults", () => {
    const text = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="urn:c"><title>C</title><dc:language>de</dc:language><dc:rights>RDF rights</dc:rights></channel>${item('r1')}${item('r2')}</rdf:RDF>`;
    const parsed = parseDocument({ text, origin: 't.rdf' });
    expect(parsed.items.map((i) => [i.guid, i.language, i.rights?.notice])).toEqual([
      ['r1', 'de', 'RDF rights'],
      ['r2', 'de', 'RDF rights'],
    ]);
  });

  it('refuses a feed that is not well-formed after its items, as a whole', () => {
    const text = `<rss version="2.0"><channel><title>C</title>${item('a')}${item('b')}</channel>`;
    expect(() => parseDocument({ text, origin: 't.rss' })).toThrow(/malformed XML|not closed|unclosed/i);
  });
});
