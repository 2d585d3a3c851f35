import { parseXml } from '../../plugins/wire/server/src/formats/xml';

describe('parseXml', () => {
  it('keeps mixed content in order and serialises it back as HTML', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><body.content><p>One <em>two</em> three<br/>four</p><p>five</p></body.content>');
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

  it('finds children by local name or by qualified name', () => {
    const root = parseXml('<item xmlns:dc="x"><dc:creator>A</dc:creator><media:content url="u"/><title>T</title></item>');
    expect(root.child('creator')?.text()).toBe('A');
    expect(root.child('dc:creator')?.text()).toBe('A');
    expect(root.child('x:creator')).toBeNull();
    expect(root.child('content')?.attr('url')).toBe('u');
    expect(root.outerXml()).toBe('<item><creator>A</creator><content url="u"></content><title>T</title></item>');
  });

  it('skips a DOCTYPE and its internal subset without reading it, and a BOM', () => {
    const root = parseXml('\uFEFF<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "http://x.test/nitf.dtd" [ <!ELEMENT nitf ANY> ]>\n<nitf><head/></nitf>');
    expect(root.name).toBe('nitf');
    expect(root.child('head')).not.toBeNull();
  });

  it.each([
    ['<a><b></a>', /closing tag <\/a> does not match <b> at line 1, column 7/],
    ['<a>\n<b>\n</b>', /<a> is not closed/],
    ['<a></a><b></b>', /a second root element/],
    ['<a>fish & chips</a>', /"&" not starting a reference/],
    ['<a>&nbsp;</a>', /undeclared entity &nbsp;/],
    ['<a x=1></a>', /bad tag <a>/],
    ['<a><!-- open</a>', /unclosed comment/],
    ['text<a/>', /text outside the root element/],
    ['<a>\n\n  </b>', /line 3, column 3/],
    ['', /empty XML document/],
  ])('refuses %j', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
  });
});
