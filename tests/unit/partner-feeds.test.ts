import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { parseXml } from '../../plugins/wire/server/src/formats/xml';
import { toAtomFeed, toRssFeed, xmlEscape, type FeedOptions } from '../../plugins/wire/server/src/serve/partner-feeds';
import { toPartnerArticle, type StoredArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { storedArticle } from '../helpers/stored-article';

const article = (overrides: Partial<StoredArticle> = {}): StoredArticle =>
  storedArticle({ byline: 'Lena Holm', keywords: ['Rail', 'transport'], ...overrides });

const second = () =>
  article({
    documentId: 'doc2',
    guid: 'uspa-0002',
    headline: 'Library extends opening hours',
    byline: null,
    section: null,
    keywords: [],
    url: null,
    firstCreated: '2026-11-02T06:00:00Z',
    versionCreated: '2026-11-02T07:15:00Z',
  });

const FEED: FeedOptions = {
  title: 'Wire — partner feed',
  selfUrl: 'https://wire.test/api/wire/feed.rss?agency=USPA&x=1',
  siteUrl: 'https://wire.test/',
  description: 'Articles for partners & friends',
  updated: '2026-11-03T00:00:00Z',
};

const feedOf = (access: 'full' | 'quote', ...stored: StoredArticle[]) => stored.map((a) => toPartnerArticle(a, access));

describe('toRssFeed', () => {
  it('reads back through our RSS parser: titles, links, guids, dates, authors, categories', () => {
    const xml = toRssFeed(feedOf('full', article(), second()), FEED);
    const parsed = parseDocument({ text: xml, origin: 'feed.rss' });
    expect(parsed.format).toBe('rss');
    expect(parsed.problems).toEqual([]);
    expect(parsed.feedTitle).toBe('Wire — partner feed');
    const [first, other] = parsed.items;
    // Read back by the story's original identity (issue 12, item 7): the agency's guid and code.
    expect(first).toMatchObject({
      guid: 'uspa-0001',
      agency: { code: 'USPA', name: 'USPA News' },
      url: 'https://news.test/a?x=1&y=2',
      headline: 'Rail operator trials quiet carriages',
      byline: 'Lena Holm',
      section: 'Transport',
      keywords: ['Transport', 'Rail'],
      language: 'en',
    });
    expect(first.versionCreated?.toISOString()).toBe('2026-11-01T09:30:00.000Z');
    expect(first.firstCreated?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    // Without a source URL the item links to the article in the API (selfUrl's origin); read back, that is no source URL.
    const items = parseXml(xml).child('channel')!.all('item');
    expect(items.map((i) => i.child('guid')?.text())).toEqual([
      'urn:wire:story:USPA:uspa-0001',
      'urn:wire:story:USPA:uspa-0002',
    ]);
    expect(items[1].child('link')?.text()).toBe('https://wire.test/api/wire/articles/doc2');
    expect(items[0].child('source')?.attrs).toEqual({ url: 'https://wire.test/api/wire/feed.rss?agency=USPA' });
    expect(other).toMatchObject({ guid: 'uspa-0002', url: null, byline: null });
    expect(other.versionCreated?.toISOString()).toBe('2026-11-02T07:15:00.000Z');
  });

  it('declares its namespaces, marks guids as not permalinks, and dates in RFC 822', () => {
    const xml = toRssFeed(feedOf('full', article()), FEED);
    const channel = parseXml(xml).child('channel')!;
    expect(parseXml(xml).attrs).toMatchObject({
      version: '2.0',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:atom': 'http://www.w3.org/2005/Atom',
    });
    expect(channel.child('atom:link')?.attrs).toEqual({ href: FEED.selfUrl, rel: 'self', type: 'application/rss+xml' });
    expect(channel.child('lastBuildDate')?.text()).toBe('Tue, 03 Nov 2026 00:00:00 GMT');
    expect(channel.child('description')?.text()).toBe('Articles for partners & friends');
    const item = channel.child('item')!;
    expect(item.child('guid')?.attr('isPermaLink')).toBe('false');
    expect(item.child('pubDate')?.text()).toBe('Sun, 01 Nov 2026 09:30:00 GMT');
  });

  it('gives full partners the whole body with the attribution and notice, and the rights in dc:rights', () => {
    const xml = toRssFeed(feedOf('full', article()), FEED);
    const raw = parseXml(xml).child('channel')!.child('item')!;
    // What a partner's reader shows: the dateline, the body, the credit and notice; the rights in plain words.
    expect(raw.child('description')?.text()).toMatch(
      /^<p><span class="wire-dateline">USPA News -<\/span> First sentence/,
    );
    expect(raw.child('description')?.text()).toMatch(
      /<p class="wire-credit">Source: <a href="https:\/\/news\.test\/a\?x=1&amp;y=2">USPA News<\/a> · © 2026 USPA News<\/p>$/,
    );
    expect(raw.child('dc:rights')?.text()).toBe(
      '© 2026 USPA News. The full text may be published, with the source named and linked: USPA News <https://news.test/a?x=1&y=2>. Keep the copyright notice with it.',
    );
    // What a Wire reads back: the agency's body, dateline and notice, without what Wire added.
    const [item] = parseDocument({ text: xml, origin: 'feed.rss' }).items;
    expect(item.bodyHtml).toBe(article().body);
    expect(item.dateline?.text).toBe('USPA News -');
    expect(item.rights).toEqual({ notice: '© 2026 USPA News', holder: 'The author' });
  });

  it('gives quote partners only the marked excerpt and the limit in dc:rights', () => {
    const xml = toRssFeed(feedOf('quote', article()), FEED);
    expect(xml).not.toMatch(/W0|Then another|X374/);
    const [item] = parseDocument({ text: xml, origin: 'feed.rss' }).items;
    expect(item.bodyHtml).toBe(
      '<blockquote><p>“First sentence has five words.”</p></blockquote>\n<p>Source: <a href="https://news.test/a?x=1&amp;y=2">USPA News</a></p>',
    );
    expect(parseXml(xml).child('channel')!.child('item')!.child('dc:rights')?.text()).toMatch(
      /^© 2026 USPA News\. Quote at most 5% of the text \(20 words\), marked as a quotation, with the source named and linked/,
    );
    expect(item.rights?.notice).toBe('© 2026 USPA News');
  });

  it('serves headline, link and source line only when the licence states no limit', () => {
    const quiet = article({ licence: { ...article().licence!, quoteLimitPercent: null } });
    const xml = toRssFeed(feedOf('quote', quiet), FEED);
    expect(xml).not.toContain('First sentence');
    const [item] = parseDocument({ text: xml, origin: 'feed.rss' }).items;
    expect(item.headline).toBe('Rail operator trials quiet carriages');
    expect(item.url).toBe('https://news.test/a?x=1&y=2');
    const raw = parseXml(xml).child('channel')!.child('item')!;
    expect(raw.child('description')?.text()).toBe(
      '<p class="wire-credit">Source: <a href="https://news.test/a?x=1&amp;y=2">USPA News</a></p>',
    );
    expect(raw.child('dc:rights')?.text()).toContain('Use only the headline and a link to the original');
    // A Wire reading it back finds no body (the credit line is Wire's, not the agency's copy): nothing to store.
    expect(item.bodyHtml).toBe('');
  });

  it('is valid with no articles', () => {
    const xml = toRssFeed([], { ...FEED, updated: undefined });
    expect(parseDocument({ text: xml, origin: 'feed.rss' }).items).toEqual([]);
  });
});

describe('toAtomFeed', () => {
  it('reads back through our Atom parser: ids, links, titles, published and updated, authors, rights', () => {
    const xml = toAtomFeed(feedOf('full', article(), second()), {
      ...FEED,
      selfUrl: 'https://wire.test/api/wire/feed.atom',
      apiUrl: 'https://api.wire.test',
    });
    const parsed = parseDocument({ text: xml, origin: 'feed.atom' });
    expect(parsed.format).toBe('atom');
    expect(parsed.problems).toEqual([]);
    const [first, other] = parsed.items;
    expect(first).toMatchObject({
      guid: 'uspa-0001',
      agency: { code: 'USPA', name: 'USPA News' },
      url: 'https://news.test/a?x=1&y=2',
      headline: 'Rail operator trials quiet carriages',
      byline: 'Lena Holm',
      section: 'Transport',
      keywords: ['Transport', 'Rail'],
      language: 'en',
    });
    expect(first.firstCreated?.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(first.versionCreated?.toISOString()).toBe('2026-11-01T09:30:00.000Z');
    expect(first.bodyHtml).toBe(article().body);
    expect(first.rights).toEqual({ notice: '© 2026 USPA News', holder: 'The author' });
    // No byline: none read back (the feed's author stands in for partners); no source URL: the API link, which is none.
    expect(other).toMatchObject({ byline: null, url: null });

    const feed = parseXml(xml);
    const entries = feed.all('entry');
    expect(entries.map((e) => e.child('id')?.text())).toEqual([
      'urn:wire:story:USPA:uspa-0001',
      'urn:wire:story:USPA:uspa-0002',
    ]);
    expect(entries[1].all('link')[0].attr('href')).toBe('https://api.wire.test/api/wire/articles/doc2');
    expect(entries[0].child('rights')?.text()).toMatch(/^© 2026 USPA News\. The full text may be published/);
    const source = entries[0].child('source')!;
    expect([source.child('id')?.text(), source.child('title')?.text(), source.child('rights')?.text()]).toEqual([
      'urn:wire:agency:USPA',
      'USPA News',
      '© 2026 USPA News',
    ]);
    expect(feed.attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect(feed.child('id')?.text()).toBe('https://wire.test/api/wire/feed.atom');
    expect(feed.child('updated')?.text()).toBe('2026-11-03T00:00:00.000Z');
    expect(feed.all('link').map((l) => l.attr('rel'))).toEqual(['self', 'alternate']);
  });

  it('dates an undated feed by its newest article', () => {
    const feed = parseXml(toAtomFeed(feedOf('full', article(), second()), { ...FEED, updated: null }));
    expect(feed.child('updated')?.text()).toBe('2026-11-02T07:15:00.000Z');
  });

  it('gives quote partners only the marked excerpt and the limit in rights', () => {
    const xml = toAtomFeed(feedOf('quote', article()), FEED);
    expect(xml).not.toMatch(/W0|Then another|X374/);
    const [entry] = parseDocument({ text: xml, origin: 'feed.atom' }).items;
    expect(entry.bodyHtml).toContain('“First sentence has five words.”');
    expect(parseXml(xml).child('entry')?.child('rights')?.text()).toContain('Quote at most 5% of the text (20 words)');
    expect(entry.rights?.notice).toBe('© 2026 USPA News');
  });
});

describe('hostile content', () => {
  const nasty = article({
    headline: 'Tom & Jerry <script>alert(1)</script> ]]> "quoted" \u0001bell\u0007',
    byline: 'A <b>&</b> B\u0000',
    section: ']]><x>',
    keywords: ['a&b', '<c>'],
    body: '<p>Fish &amp; chips ]]> <script>alert("x")</script> \u0008\u000B\u000C\uFFFE\uD800 end</p>',
    bodyText: 'Fish & chips ]]> end',
    wordCount: 4,
    url: 'https://news.test/?a=1&b=<2>',
    licence: { ...article().licence!, notice: '© <USPA> & "friends" ]]>\u0002' },
  });

  // Atom titles are typed text and come back exactly; our RSS reader strips tags from titles.
  it.each([
    ['RSS', toRssFeed, 'Tom & Jerry alert(1) ]]> "quoted" bell'],
    ['Atom', toAtomFeed, 'Tom & Jerry <script>alert(1)</script> ]]> "quoted" bell'],
  ] as const)('still yields well-formed %s that reads back as written', (_name, toFeed, headline) => {
    const xml = toFeed(feedOf('full', nasty), { ...FEED, title: 'T & <T> ]]>' });
    // Nothing XML 1.0 forbids is left in the document.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(() => parseXml(xml)).not.toThrow();
    const [item] = parseDocument({ text: xml, origin: 'nasty' }).items;
    expect(item.headline).toBe(headline);
    expect(item.bodyHtml).toContain('<p>Fish &amp; chips ]]> <script>alert("x")</script>  end</p>');
    expect(item.url).toBe('https://news.test/?a=1&b=<2>');
    expect(item.rights?.notice).toBe('© <USPA> & "friends" ]]>');
    expect(xml).toContain('© &lt;USPA&gt; &amp; &quot;friends&quot; ]]&gt;. The full text');
  });

  it('xmlEscape escapes markup characters and drops forbidden ones, keeping astral characters', () => {
    expect(xmlEscape('a & b < c > "d" \u0000\u001F\uFFFF 😀')).toBe('a &amp; b &lt; c &gt; &quot;d&quot;  😀');
  });
});
