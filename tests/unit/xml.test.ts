import { parseXml } from '../../plugins/wire/server/src/formats/xml';

describe('parseXml', () => {
  it('keeps mixed content in order and serialises it back as HTML', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><body.content><p>One <em>two</em> three<br/>four</p><p>five</p></body.content>',
    );
    expect(root.name).toBe('body.content');
    expect(root.innerXml()).toBe('<p>One <em>two</em> three<br/>four</p><p>five</p>');
    expect(root.text()).toBe('One two threefourfive');
  });

  it('decodes the five XML entities and character references, in text and attributes', () => {
    const root = parseXml('<a t="&quot;x&quot; &amp; y">&lt;b&gt; &#8211; &#x20AC; &apos;</a>');
    expect(root.attr('t')).toBe('"x" & y');
    expect(root.text()).toBe("<b> – € '");
  });

  it('reads CDATA as text and joins text split by comments', () => {
    const root = parseXml('<d>a<!-- x -->b<![CDATA[<p>c & d</p>]]></d>');
    expect(root.children).toEqual(['ab<p>c & d</p>']);
  });

  // Was "by local name or by qualified name": matching is now by namespace URI, never by prefix, and
  // an undeclared prefix (`media:` before) is not namespace-well-formed XML (see xml-namespaces.test.ts).
  it('finds children by namespace, whatever prefix the document chose', () => {
    const root = parseXml(
      '<item xmlns:x="http://purl.org/dc/elements/1.1/" xmlns:m="http://search.yahoo.com/mrss/"><x:creator>A</x:creator><m:content url="u"/><title>T</title></item>',
    );
    expect(root.child('dc:creator')?.text()).toBe('A');
    expect(root.child('creator')).toBeNull();
    expect(root.child('media:content')?.attr('url')).toBe('u');
    expect(root.child('title')?.text()).toBe('T');
    expect(root.outerXml()).toBe('<item><creator>A</creator><content url="u"></content><title>T</title></item>');
  });

  it('skips a DOCTYPE, its DTD (never fetched) and internal subset without reading them, and a BOM', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "http://x.test/nitf.dtd" [ <!ELEMENT nitf ANY> ]>\n<nitf><head/></nitf>',
    );
    expect(root.name).toBe('nitf');
    expect(root.child('head')).not.toBeNull();
  });

  // The messages are saxes' own now (they were our tokenizer's); each still says where.
  it.each([
    ['<a><b></a>', /malformed XML: unexpected close tag at line 1, column 10/],
    ['<a>\n<b>\n</b>', /unclosed tag: a at line 3/],
    ['<a></a><b></b>', /only one root/],
    ['<a>fish & chips</a>', /"&" not starting a character or entity reference .* at line 1, column 9/],
    ['<a>&nbsp;</a>', /undefined entity at line 1, column 9/],
    ['<a x=1></a>', /unquoted attribute value/],
    ['<a><!-- open</a>', /malformed XML: unclosed tag: a/],
    ['text<a/>', /text data outside of root node/],
    ['<a>\n\n  </b>', /line 3, column 6/],
    ['', /malformed XML: document must contain a root element/],
  ])('refuses %j', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
  });
});
