/**
 * XML is read by namespace, not by prefix; hostile structure is refused per document, with the
 * place; quoted entity declarations are text. Synthetic feeds only.
 */
import { detectFormat, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { DocumentError } from '../../plugins/wire/server/src/formats/types';
import { MAX_DEPTH, parseXml } from '../../plugins/wire/server/src/formats/xml';

const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const MEDIA = 'http://search.yahoo.com/mrss/';
const ATOM = 'http://www.w3.org/2005/Atom';
const G2 = 'http://iptc.org/std/nar/2006-10-01/';

const parse = (text: string, lenient = false) => parseDocument({ text, origin: 'test', lenient });
const rss = (ns: string, item: string) =>
  `<?xml version="1.0"?><rss version="2.0" ${ns}><channel><title>Agency</title><item><guid>g1</guid>${item}</item></channel></rss>`;

describe('RSS elements by namespace, whatever the prefix', () => {
  it('<c:encoded> bound to the content module is the body', () => {
    const { items } = parse(
      rss(
        `xmlns:c="${CONTENT}"`,
        '<title>T</title><description>Teaser</description><c:encoded><![CDATA[<p>Full story</p>]]></c:encoded>',
      ),
    );
    expect(items[0].bodyHtml).toBe('<p>Full story</p>');
  });

  it('content:encoded bound to another namespace is not the body', () => {
    const { items } = parse(
      rss(
        'xmlns:content="http://example.test/not-content"',
        '<title>T</title><description>Teaser</description><content:encoded>Other</content:encoded>',
      ),
    );
    expect(items[0].bodyHtml).toBe('Teaser');
  });

  it('<media:title> before <title> does not become the headline', () => {
    const { items } = parse(
      rss(
        `xmlns:media="${MEDIA}"`,
        '<media:title>Picture title</media:title><title>The headline</title><description>Body</description>',
      ),
    );
    expect(items[0].headline).toBe('The headline');
  });

  it('<atom:link> before <link> does not empty the URL', () => {
    const { items } = parse(
      rss(
        `xmlns:atom="${ATOM}"`,
        '<atom:link rel="self" href="https://wire.test/self"/><link>https://agency.test/story</link><title>T</title><description>B</description>',
      ),
    );
    expect(items[0].url).toBe('https://agency.test/story');
  });

  it('<media:description> before <description> does not become the body', () => {
    const { items } = parse(
      rss(
        `xmlns:m="${MEDIA}"`,
        '<m:description>A caption</m:description><description>The body</description><title>T</title>',
      ),
    );
    expect(items[0].bodyHtml).toBe('The body');
  });

  it('reads media elements under any prefix, and not a look-alike prefix', () => {
    const { items } = parse(
      rss(
        `xmlns:pix="${MEDIA}" xmlns:media="http://example.test/other"`,
        '<title>T</title><description>B</description><pix:content url="https://img.test/a.jpg" medium="image"><pix:credit>Photo: A</pix:credit></pix:content><media:content url="https://img.test/b.jpg"/>',
      ),
    );
    expect(items[0].images.map((i) => [i.url, i.credit])).toEqual([['https://img.test/a.jpg', 'Photo: A']]);
  });

  it('an RSS feed whose root is in a foreign default namespace is not RSS', () => {
    expect(() => detectFormat({ text: '<rss xmlns="http://example.test/x"><channel/></rss>', origin: 't' })).toThrow(
      /not a known wire format/,
    );
  });
});

describe('Atom and G2 by namespace', () => {
  it('reads an Atom feed written with a prefix (<a:feed>)', () => {
    const text = `<a:feed xmlns:a="${ATOM}"><a:title>Agency</a:title><a:entry><a:id>urn:x:1</a:id><a:title>Prefixed</a:title>
      <a:updated>2026-11-01T09:00:00Z</a:updated><a:link href="https://agency.test/1"/><a:content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></a:content></a:entry></a:feed>`;
    const { format, items, feedTitle } = parse(text);
    expect(format).toBe('atom');
    expect(feedTitle).toBe('Agency');
    expect(items[0]).toMatchObject({
      guid: 'urn:x:1',
      headline: 'Prefixed',
      url: 'https://agency.test/1',
      bodyHtml: '<p>Body</p>',
    });
  });

  it('an x:entry in a foreign namespace is not an Atom entry', () => {
    const text = `<feed xmlns="${ATOM}" xmlns:x="http://example.test/x"><title>F</title><x:entry><x:id>no</x:id></x:entry>
      <entry><id>yes</id><title>Real</title><updated>2026-11-01T09:00:00Z</updated><content>Body</content></entry></feed>`;
    expect(parse(text).items.map((i) => i.guid)).toEqual(['yes']);
    expect(() =>
      detectFormat({ text: '<x:entry xmlns:x="http://example.test/x"><x:id>1</x:id></x:entry>', origin: 't' }),
    ).toThrow(/not a known wire format .* its root element is <x:entry> in namespace "http:\/\/example.test\/x"/);
  });

  it('reads NewsML-G2 under a prefix', () => {
    const text = `<g:newsItem xmlns:g="${G2}" guid="urn:g2:1" version="2"><g:contentMeta><g:headline>G2 prefixed</g:headline></g:contentMeta>
      <g:contentSet><g:inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Text</p></body></html></g:inlineXML></g:contentSet></g:newsItem>`;
    const { format, items } = parse(text);
    expect(format).toBe('newsml-g2');
    expect(items[0]).toMatchObject({ guid: 'urn:g2:1', version: 2, headline: 'G2 prefixed', bodyHtml: '<p>Text</p>' });
  });
});

describe('entity declarations and quoted ones', () => {
  it('a quoted <!ENTITY in CDATA, a comment or escaped text is just text', () => {
    const body = '<![CDATA[<p>The attack uses <!ENTITY xxe SYSTEM "file:///etc/passwd"></p>]]>';
    const { items } = parse(
      rss('', `<title>About XXE: &lt;!ENTITY tricks</title><!-- <!ENTITY x "y"> --><description>${body}</description>`),
    );
    expect(items).toHaveLength(1);
    expect(items[0].headline).toBe('About XXE: <!ENTITY tricks');
    expect(items[0].bodyHtml).toContain('<!ENTITY xxe SYSTEM');
  });

  it('a DOCTYPE declaring an entity refuses the document, strict or lenient', () => {
    const text =
      '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaa">]>\n<rss version="2.0"><channel><item><title>&a;</title></item></channel></rss>';
    expect(() => parse(text)).toThrow(/entity declarations are refused.*line 2/);
    expect(() => parse(text, true)).toThrow(/entity declarations are refused/);
  });

  it('the lenient reader refuses an entity declaration wherever it stands', () => {
    const stray =
      '<rss version="2.0"><!ENTITY a "b"><channel><item><title>T</title><description>B</description></item></channel></rss>';
    expect(() => parse(stray, true)).toThrow(/entity declarations are refused/);
    const parameter =
      '<!DOCTYPE rss [\n<!ENTITY % p SYSTEM "http://x.test/">\n%p;]><rss version="2.0"><channel><item><title>T</title></item></channel></rss>';
    expect(() => parse(parameter, true)).toThrow(/entity declarations are refused/);
    expect(() => parse(parameter)).toThrow(/entity declarations are refused/);
  });
});

describe('structure limits', () => {
  it(`6,000-deep nesting is the document's error (nesting limit ${MAX_DEPTH}), never a stack overflow`, () => {
    const deep = '<x>'.repeat(6000) + '</x>'.repeat(6000);
    let error: unknown;
    try {
      parse(rss('', `<title>T</title><description>${deep}</description>`));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as Error).message).toMatch(
      new RegExp(`nested deeper than ${MAX_DEPTH} elements at line 1, column \\d+`),
    );
    // The lenient reader has the same limit.
    expect(() => parse(rss('', `<title>T</title><description>${deep}</description>`), true)).toThrow(
      /nested deeper than 256/,
    );
  });

  it('nesting up to the limit is read', () => {
    const depth = MAX_DEPTH - 1;
    const root = parseXml(`<r>${'<x>'.repeat(depth)}deep${'</x>'.repeat(depth)}</r>`);
    expect(root.text()).toBe('deep');
  });
});

describe('XML as the recommendation writes it', () => {
  it('reads non-ASCII element names', () => {
    const root = parseXml('<straße xmlns:j="http://example.test/ja"><j:日本語 属性="値">テキスト</j:日本語></straße>');
    expect(root.localName).toBe('straße');
    expect(root.elements()[0].localName).toBe('日本語');
    expect(root.elements()[0].text()).toBe('テキスト');
    expect(root.elements()[0].attributes[0]).toMatchObject({ local: '属性', value: '値' });
  });

  it('keeps an item whose extension elements have non-ASCII names', () => {
    const { items } = parse(
      rss('xmlns:x="http://example.test/x"', '<title>T</title><x:straße>Ost</x:straße><description>B</description>'),
    );
    expect(items[0].headline).toBe('T');
  });

  it('turns CR LF into LF in text and normalises attribute white space', () => {
    const root = parseXml('<a t="one\r\ntwo\tthree">line one\r\nline two\rline three</a>');
    expect(root.text()).toBe('line one\nline two\nline three');
    expect(root.attr('t')).toBe('one two three');
  });

  it.each([
    ['<a>&#x26zz;</a>'],
    ['<a>&#56.0;</a>'],
    ['<a>&#x1;</a>'],
    ['<a>&#xD800;</a>'],
    ['<a b="1" b="2"/>'],
    ['<a><!-- x -- y --></a>'],
    ['<a>]]></a>'],
  ])('refuses %j', (xml) => {
    expect(() => parseXml(xml)).toThrow(/malformed XML: .* at line \d+, column \d+/);
  });
});

describe('not well-formed feeds, strict and lenient', () => {
  const broken =
    '<rss version="2.0"><channel><title>Agency</title>\n<item><title>Fish & chips</title><guid>g1</guid><description>Body<br></description></item></channel></rss>';

  it('is refused with line and column by default', () => {
    expect(() => parse(broken)).toThrow(/malformed XML: .* at line 2, column \d+/);
  });

  it('is read by the forgiving reader when the feed is marked lenient', () => {
    const { items } = parse(broken, true);
    expect(items[0]).toMatchObject({ guid: 'g1', headline: 'Fish & chips' });
  });
});
