/**
 * Items kept as their source (formats/xml.ts keepSource, formats/stream.ts with `defer`): each item's
 * XML exactly as delivered, whatever the pieces the document arrives in; read later into the same
 * item a whole parse gives; its context names everything else the reading depends on, so two
 * deliveries that would read differently never look alike.
 */
import { formatByName, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { DocumentError, type DeferredItem, type ItemProblem } from '../../plugins/wire/server/src/formats/types';
import {
  MAX_DEPTH,
  parseXml,
  readSourceElement,
  SourceElementReader,
  XmlReader,
  type SourceElement,
} from '../../plugins/wire/server/src/formats/xml';

function keep(text: string, pieceChars: number, isItem = (name: string): boolean => name === 'item') {
  const kept: SourceElement[] = [];
  const reader = new XmlReader({
    keepSource: (el, depth) => depth === 3 && isItem(el.localName),
    onSource: (k) => kept.push(k),
  });
  for (let i = 0; i < text.length; i += pieceChars) reader.write(text.slice(i, i + pieceChars));
  const root = reader.close();
  return { kept, root };
}

// Items chosen to trip a reader that finds them by position: a line break inside the start tag right
// after its name (CR LF, read by the parser as one character), a name outside the BMP, a self-closing
// item, a nested element of the same name, `</item>` and `<item>` in CDATA, comments and attributes.
const ITEMS = [
  '<item\r\n id="a"><title>One</title></item>',
  '<item/>',
  '<item id="x>y"><title>Two &amp; <![CDATA[</item><item>]]></title><!-- </item> --></item>',
  '<item><item>nested, not an item of its own</item><?pi </item>?></item>',
  '<item><title>Drei \u{1D4B3} straße</title><𝒳:note xmlns:𝒳="urn:x">astral</𝒳:note></item>',
  '<item><description>a<br/>b<hr\n/>c<img src="x>y"/></description></item>',
  '<item><a><item>nested deeper</item></a><b/><items>not mine</items></item>',
  '<item\ttype="last"\r\n/>',
];
const DOC = `\uFEFF<?xml version="1.0"?>\r\n<!-- <item>not one</item> -->\r\n<rss version="2.0"><channel><title>T</title>\r\n${ITEMS.join('\r\n')}\r\n</channel></rss>`;

describe('an item kept as its source', () => {
  it('is its XML exactly as written, for every way of cutting the document into pieces', () => {
    for (const pieces of [1, 2, 3, 5, 7, 11, 64, DOC.length]) {
      const { kept, root } = keep(DOC, pieces);
      expect(kept.map((k) => k.source)).toEqual(ITEMS);
      expect(kept.map((k) => k.el.localName)).toEqual(ITEMS.map(() => 'item'));
      // Kept items are not in the tree; the rest of it is.
      expect(
        root
          .child('channel')!
          .elements()
          .map((e) => e.localName),
      ).toEqual(['title']);
    }
  });

  it('reads back into the element a whole parse builds, prefixes resolved by the namespaces in scope', () => {
    const text =
      '<rss xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:m="http://search.yahoo.com/mrss/"><channel xmlns="urn:default" xmlns:m="urn:rebound">' +
      '<item xml:lang="de"><c:encoded>Body</c:encoded><m:title>t</m:title><plain a="1" c:b="2"/></item></channel></rss>';
    const { kept } = keep(text, 5);
    expect(kept).toHaveLength(1);
    // The nearest declaration of a prefix wins, as in the document.
    expect(kept[0].namespaces).toEqual({
      '': 'urn:default',
      m: 'urn:rebound',
      c: 'http://purl.org/rss/1.0/modules/content/',
    });
    const read = readSourceElement(kept[0].source, kept[0].namespaces);
    const inTree = parseXml(text).elements()[0].elements()[0];
    expect(read).toEqual(inTree);
    expect(read.ns).toBe('urn:default');
    expect(read.elements().map((e) => [e.ns, e.localName])).toEqual([
      ['http://purl.org/rss/1.0/modules/content/', 'encoded'],
      ['urn:rebound', 'title'],
      ['urn:default', 'plain'],
    ]);
  });

  it('is still checked: malformed XML inside it fails with its place in the document', () => {
    const text = '<rss><channel>\n<item><title>a</titel></item></channel></rss>';
    expect(() => keep(text, 4)).toThrow(/malformed XML: .* at line 2, column \d+/);
  });

  it('counts its nesting with the document around it', () => {
    const deep = '<a>'.repeat(MAX_DEPTH) + '</a>'.repeat(MAX_DEPTH);
    const text = `<rss><channel><item>${deep}</item></channel></rss>`;
    expect(() => keep(text, 1000)).toThrow(DocumentError);
    expect(() => keep(text, 1000)).toThrow(/nested deeper than 256/);
  });

  it('over the item limit is reported by size, and the next item still kept', () => {
    const over: number[] = [];
    const kept: string[] = [];
    const reader = new XmlReader({
      keepSource: (el, depth) => depth === 3 && el.localName === 'item',
      maxElementChars: 40,
      onOversized: (_el, chars) => over.push(chars),
      onSource: (k) => kept.push(k.source),
    });
    reader.write(`<rss><channel><item>${'x'.repeat(100)}</item><item>ok</item></channel></rss>`).close();
    expect(over).toEqual([113]);
    expect(kept).toEqual(['<item>ok</item>']);
  });
});

function deferredOf(format: string, text: string, pieceChars = 13) {
  const stream = formatByName(format).streamItems!({ origin: 'test' }, { maxItemChars: 1 << 20, defer: true });
  const deferred: DeferredItem[] = [];
  for (let i = 0; i < text.length; i += pieceChars) {
    const got = stream.write(text.slice(i, i + pieceChars));
    expect(got.items).toEqual([]);
    deferred.push(...(got.deferred ?? []));
  }
  deferred.push(...(stream.close().deferred ?? []));
  return deferred;
}

const rss = (head: string, ...items: string[]) =>
  `<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed</title>${head}${items.join('')}</channel></rss>`;
const ITEM =
  '<item><guid>g-1</guid><title>Harbour reopens</title><pubDate>not a date</pubDate><c:encoded>&lt;p&gt;BERLIN (dpa) - The harbour reopened.&lt;/p&gt;</c:encoded></item>';

describe('items handed over unread (defer)', () => {
  it.each([
    ['rss', rss('<copyright>Copyright Feed</copyright>', ITEM, ITEM.replace('g-1', 'g-2'))],
    [
      'atom',
      '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>F</title><rights>R</rights><entry><id>e-1</id><title>T</title><updated>2026-11-01T09:00:00Z</updated><content>Body</content></entry></feed>',
    ],
    [
      'newsml-g2',
      '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><newsItem guid="urn:g:1" version="2"><contentMeta><headline>H</headline></contentMeta></newsItem></itemSet></newsMessage>',
    ],
  ])('%s: read, they are the items and warnings a whole parse gives', (format, text) => {
    const whole = parseDocument({ text, origin: 'test' }, format);
    const problems: ItemProblem[] = [];
    const deferred = deferredOf(format, text);
    expect(deferred.map((d) => d.index)).toEqual(whole.items.map((_, i) => i + 1));
    expect(JSON.stringify(deferred.map((d) => d.read(problems)))).toBe(JSON.stringify(whole.items));
    expect(problems).toEqual(whole.problems);
  });

  it('the same bytes in the same document give the same source and context', () => {
    const [a] = deferredOf('rss', rss('', ITEM), 5);
    const [b] = deferredOf('rss', rss('', ITEM), 17);
    expect([a.source, a.context]).toEqual([b.source, b.context]);
  });

  it('the same item bytes read differently have different contexts: feed defaults, namespaces, format', () => {
    const [plain] = deferredOf('rss', rss('', ITEM));
    const [withRights] = deferredOf('rss', rss('<copyright>Copyright Feed</copyright>', ITEM));
    const rebound = rss('', ITEM).replace('http://purl.org/rss/1.0/modules/content/', 'urn:not-content');
    const [otherNamespace] = deferredOf('rss', rebound);
    expect(withRights.source).toBe(plain.source);
    expect(otherNamespace.source).toBe(plain.source);
    expect(new Set([plain.context, withRights.context, otherNamespace.context]).size).toBe(3);
    // And they do read differently: the rights default, and a body that is no longer content:encoded.
    expect(withRights.read([]).rights?.notice).toBe('Copyright Feed');
    expect(plain.read([]).rights).toBeNull();
    expect(otherNamespace.read([]).bodyHtml).toBe('');
    expect(plain.read([]).bodyHtml).toContain('The harbour reopened.');
  });
});

describe('items cut out of the text before the parser sees it (formats/cut.ts)', () => {
  const doc = (items: string[], head = '') =>
    `\uFEFF<?xml version="1.0"?>\r\n<!-- <item>not one</item> -->\r\n<rss version="2.0"><channel><title>T</title>${head}\r\n${items.join('\r\n')}\r\n</channel></rss>`;

  it('are exactly what the parser would keep, for every way of cutting the document into pieces', () => {
    const text = doc(ITEMS);
    for (const pieces of [1, 2, 3, 5, 8, 9, 10, 13, 64, text.length]) {
      const deferred = deferredOf('rss', text, pieces);
      expect(deferred.map((d) => d.source)).toEqual(ITEMS);
      expect(deferred.map((d) => d.index)).toEqual(ITEMS.map((_, i) => i + 1));
    }
  });

  it('read, give what a whole parse gives; unchanged by a DOCTYPE, which leaves everything to the parser', () => {
    const items = [ITEM, ITEM.replace('g-1', 'g-2').replace('not a date', 'Sun, 01 Nov 2026 09:30:00 GMT')];
    for (const text of [rss('', ...items), `<!DOCTYPE rss>\n${rss('', ...items)}`]) {
      const whole = parseDocument({ text, origin: 'test' }, 'rss');
      for (const pieces of [1, 7, text.length]) {
        const problems: ItemProblem[] = [];
        const read = deferredOf('rss', text, pieces).map((d) => d.read(problems));
        expect(JSON.stringify(read)).toBe(JSON.stringify(whole.items));
        expect(problems).toEqual(whole.problems);
      }
    }
  });

  it('a namespace declared on the item itself, or with a reference, resolves as the parser resolves it', () => {
    const own =
      '<c:item xmlns:c="http://purl.org/rss/1.0/"><c:title>Own</c:title><c:link>https://x.test/1</c:link></c:item>';
    const rdf = (decl: string) =>
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ${decl}><channel><title>R</title></channel>${own}<item><title>Plain</title><link>https://x.test/2</link><description>B</description></item></rdf:RDF>`;
    for (const text of [rdf(''), rdf('xmlns:d="urn:a&amp;b"')]) {
      const whole = parseDocument({ text, origin: 'test' }, 'rss');
      const deferred = deferredOf('rss', text, 6);
      expect(deferred.map((d) => d.source)).toEqual([
        own,
        '<item><title>Plain</title><link>https://x.test/2</link><description>B</description></item>',
      ]);
      expect(JSON.stringify(deferred.map((d) => d.read([])))).toBe(JSON.stringify(whole.items));
    }
  });

  it('an item that is not well-formed fails when read, at its place in the document', () => {
    const text = doc(['<item><title>ok</title></item>', '<item>\r\n  <title>Fish & chips</title></item>']);
    let whole = '';
    try {
      parseDocument({ text, origin: 'test' }, 'rss');
    } catch (error) {
      whole = (error as Error).message;
    }
    // Line 6, the 15th character: where the document read whole says it is.
    expect(whole).toMatch(/malformed XML: "&" not starting .* at line 6, column 15$/);
    for (const pieces of [3, text.length]) {
      const [good, bad] = deferredOf('rss', text, pieces);
      expect(good.read([]).headline).toBe('ok');
      expect(() => bad.read([])).toThrow(whole);
    }
  });

  it('an item over the limit is reported without being held, and the items beside it are kept', () => {
    const big = `<item><title>big</title><description>${'<p>x</p>\n'.repeat(2000)}</description></item>`;
    const text = doc(['<item><title>a</title></item>', big, '<item><title>b</title></item>']);
    for (const pieces of [7, 1000, text.length]) {
      const stream = formatByName('rss').streamItems!({ origin: 'test' }, { maxItemChars: 5000, defer: true });
      const deferred: DeferredItem[] = [];
      const problems: ItemProblem[] = [];
      for (let i = 0; i < text.length; i += pieces) {
        const got = stream.write(text.slice(i, i + pieces));
        deferred.push(...got.deferred!);
        problems.push(...got.problems);
      }
      const last = stream.close();
      deferred.push(...last.deferred!);
      expect(deferred.map((d) => [d.index, d.read([]).headline])).toEqual([
        [1, 'a'],
        [3, 'b'],
      ]);
      expect(problems).toEqual([
        expect.objectContaining({
          item: 2,
          field: 'item',
          reason: expect.stringContaining(`${big.length} characters`),
        }),
      ]);
    }
  });

  it('a document cut off inside an item fails at its end, as the parser says', () => {
    const stream = formatByName('rss').streamItems!({ origin: 'test' }, { maxItemChars: 5000, defer: true });
    stream.write(doc(['<item><title>a</title></item>']).replace('\r\n</channel></rss>', '\r\n<item><title>cut'));
    expect(() => stream.close()).toThrow(DocumentError);
  });
});

describe('items read one after another through one stream (one parser reads them all)', () => {
  /** What reading gives: the item and its warnings, or the error, by kind and message. */
  const outcome = (d: DeferredItem) => {
    try {
      const problems: ItemProblem[] = [];
      const item = d.read(problems);
      return JSON.stringify({ item, problems });
    } catch (error) {
      return `${(error as Error).constructor.name}: ${(error as Error).message}`;
    }
  };
  /** Each item read first and alone, through a stream of its own. */
  const alone = (format: string, text: string, count: number) =>
    Array.from({ length: count }, (_, k) => outcome(deferredOf(format, text, text.length)[k]));

  it('each item reads as it reads alone, whatever the item read before it failed on or declared', () => {
    const deep = '<a>'.repeat(MAX_DEPTH) + '</a>'.repeat(MAX_DEPTH);
    const items = [
      '<item><title>one</title></item>',
      '<item>\r\n  <title>Fish & chips</title></item>',
      '<item><title>two</title></item>',
      '<item><title>mismatched</titel></item>',
      '<item><title>three</title></item>',
      `<item><title>deep</title>${deep}</item>`,
      '<item><title>four</title></item>',
      '<item xmlns:x="urn:x"><x:note>declared on the item</x:note><title>five</title></item>',
      '<item><x:note>not declared here</x:note><title>six</title></item>',
      '<item><title>seven ]]&gt; <![CDATA[ & ]]></title></item>',
      '<item><title>eight ]]> in text</title></item>',
      '<item xml:lang="de"><title>nine</title></item>',
    ];
    const text = `<?xml version="1.0"?>\r\n<rss version="2.0"><channel><title>T</title>\r\n${items.join('\r\n')}\r\n</channel></rss>`;
    const expected = alone('rss', text, items.length);
    // The failures are what they should be, each at its own place.
    expect(
      expected.filter((o) => o.startsWith('DocumentError')).map((o) => o.replace(/^.*(at line \d+).*$/, '$1')),
    ).toEqual(['at line 5', 'at line 7', 'at line 9', 'at line 12', 'at line 14']);
    for (const pieces of [5, 64, text.length]) {
      const deferred = deferredOf('rss', text, pieces);
      expect(deferred).toHaveLength(items.length);
      expect(deferred.map(outcome)).toEqual(expected);
      // And again, backwards, through the same stream's reader.
      expect(deferred.reverse().map(outcome)).toEqual([...expected].reverse());
    }
  });

  it('items whose namespaces differ read with their own, and the namespaces handed over cannot be changed', () => {
    const set = (decl: string, guid: string) =>
      `<itemSet ${decl}><newsItem guid="${guid}" version="1"><contentMeta><h:headline>H ${guid}</h:headline></contentMeta></newsItem><newsItem guid="${guid}-b" version="1"><contentMeta><h:headline>H ${guid}-b</h:headline></contentMeta></newsItem></itemSet>`;
    const text = `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">${set('xmlns:h="urn:not-g2"', 'urn:a')}${set('xmlns:h="http://iptc.org/std/nar/2006-10-01/"', 'urn:b')}${set('xmlns:h="urn:not-g2"', 'urn:c')}</newsMessage>`;
    const deferred = deferredOf('newsml-g2', text);
    expect(deferred.map(outcome)).toEqual(alone('newsml-g2', text, 6));
    expect(deferred.map((d) => d.read([]).headline)).toEqual(['', '', 'H urn:b', 'H urn:b-b', '', '']);
    const { kept } = keep(text, 7, (name) => name === 'newsItem');
    expect(kept).toHaveLength(6);
    expect(kept.every((k) => Object.isFrozen(k.namespaces))).toBe(true);
  });

  it("counts each item's nesting from its own depth, and places its errors at its own place", () => {
    const reader = new SourceElementReader();
    const ns = {};
    const deepest = '<a>'.repeat(MAX_DEPTH - 1) + '</a>'.repeat(MAX_DEPTH - 1); // 256 levels from depth 2
    expect(reader.read(deepest, ns, { line: 1, column: 1 }, 2).localName).toBe('a');
    expect(() => reader.read(deepest, ns, { line: 1, column: 1 }, 3)).toThrow(/nested deeper than 256/);
    expect(reader.read(deepest, ns, { line: 1, column: 1 }, 2).localName).toBe('a');
    expect(() => reader.read('<i>&</i>', ns, { line: 9, column: 4 })).toThrow(/at line 9, column 7$/);
    expect(() => reader.read('<i>&</i>', ns, { line: 2, column: 1 })).toThrow(/at line 2, column 4$/);
    expect(() => readSourceElement('<i>&</i>', ns, { line: 2, column: 1 })).toThrow(/at line 2, column 4$/);
  });
});
