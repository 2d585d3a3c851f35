import { parseWireDate } from '../../plugins/wire/server/src/normalise/dates';
import { decodeBytes } from '../../plugins/wire/server/src/normalise/encoding';
import { sanitizeBody } from '../../plugins/wire/server/src/normalise/html';
import { htmlToText, wordCount } from '../../plugins/wire/server/src/normalise/text';

const now = new Date('2026-11-28T00:00:00Z');
const iso = (s: string) => parseWireDate(s, now).date?.toISOString() ?? null;

describe('parseWireDate', () => {
  it('reads RFC 822 with numeric and named zones', () => {
    expect(iso('Mon, 23 Nov 2026 07:30:00 GMT')).toBe('2026-11-23T07:30:00.000Z');
    expect(iso('Sat, 21 Nov 2026 21:10:00 EST')).toBe('2026-11-22T02:10:00.000Z');
    expect(iso('21 Nov 26 21:10 +0530')).toBe('2026-11-21T15:40:00.000Z');
    expect(iso('Wed, 31 Jan 2018 07:26:05 +0000')).toBe('2018-01-31T07:26:05.000Z');
  });

  it('reads ISO 8601 with and without colon offsets, and compact NITF dates', () => {
    expect(iso('2018-10-21T16:25:32-05:00')).toBe('2018-10-21T21:25:32.000Z');
    expect(iso('2018-10-21T16:25:32-0500')).toBe('2018-10-21T21:25:32.000Z');
    expect(iso('20131020T192751+1100')).toBe('2013-10-20T08:27:51.000Z');
    expect(iso('20151210T191044Z')).toBe('2015-12-10T19:10:44.000Z');
    expect(iso('2026-11-28')).toBe('2026-11-28T00:00:00.000Z');
  });

  it('flags impossible and unreadable dates instead of storing them', () => {
    expect(parseWireDate('Fri, 20 Nov 3013 10:00:00 GMT', now)).toEqual({
      date: null,
      problem: expect.stringMatching(/implausible year 3013/),
    });
    expect(parseWireDate('2026-02-30T10:00:00Z', now).problem).toMatch(/impossible date/);
    expect(parseWireDate('next Tuesday', now).problem).toMatch(/unreadable date/);
    expect(parseWireDate('Mon, 23 Nov 2026 07:30:00 XYZ', now).problem).toMatch(/unknown time zone/);
    expect(parseWireDate('', now)).toEqual({ date: null, problem: null });
  });
});

describe('decodeBytes', () => {
  it('honours a BOM', () => {
    expect(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x41])).text).toBe('A');
  });

  it('reads ISO-8859-1 and windows-1252 as declared', () => {
    const latin = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>'),
      Buffer.from([0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x20, 0x80]),
      Buffer.from('</t>'),
    ]);
    expect(decodeBytes(latin).text).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><t>München €</t>');
  });

  it('detects UTF-8 bytes behind an ISO-8859-1 label instead of mangling them', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Tränen</t>', 'utf8');
    const decoded = decodeBytes(bytes);
    expect(decoded.text).toContain('Tränen');
    expect(decoded.note).toMatch(/declared iso-8859-1 but the bytes are UTF-8/);
  });

  it('prefers the transport charset to the document declaration', () => {
    expect(decodeBytes(Buffer.from([0x4d, 0xfc]), 'iso-8859-1').text).toBe('Mü');
  });
});

describe('sanitizeBody', () => {
  it('keeps story structure and drops anything active', () => {
    const dirty =
      '<p onclick="x()">Text <em>em</em> <a href="javascript:alert(1)">bad</a> <a href="https://ok.test/" target="_blank">ok</a></p>' +
      '<script>alert(1)</script><iframe src="https://evil.test"></iframe><ul><li>one</li></ul>' +
      '<table><tr><td>cell</td></tr></table><img src="x" onerror="y()"><style>p{}</style>';
    const clean = sanitizeBody(dirty);
    expect(clean).toBe(
      '<p>Text <em>em</em> <a>bad</a> <a href="https://ok.test/">ok</a></p><ul><li>one</li></ul><table><tr><td>cell</td></tr></table>',
    );
  });
});

describe('text helpers', () => {
  it('turns HTML into plain text with paragraph breaks and decoded entities', () => {
    expect(htmlToText('<p>One &amp; two</p><p>Three&nbsp;four<br/>five</p>')).toBe('One & two\nThree four\nfive');
  });

  it('counts words as readers do', () => {
    expect(wordCount('It said - on Monday - 1,200 people came.')).toBe(7);
  });
});
