/**
 * Hostile and broken input: every case ends in a clear error naming the document, item or field,
 * and good items beside a bad one still go through.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { DocumentError } from '../../plugins/wire/server/src/formats/types';
import { LIMITS, prepareItem } from '../../plugins/wire/server/src/ingest/prepare';
import { decodeBytes } from '../../plugins/wire/server/src/normalise/encoding';
import { FIXTURE_DIR } from '../helpers/paths';

const fixture = (name: string) => readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
const parse = (text: string) => parseDocument({ text, origin: 'test' });

describe('truncated documents', () => {
  it.each(['rss/uspa-feed.rss', 'atom/agency-feed.atom', 'newsml-g2/news-message.xml', 'newsml-1.2/item.xml'])(
    '%s cut in half is reported as malformed XML',
    (name) => {
      const text = fixture(name);
      expect(() => parse(text.slice(0, Math.floor(text.length / 2)))).toThrow(/malformed XML/);
    },
  );

  it('a NITF document cut short is malformed XML', () => {
    const text = decodeBytes(readFileSync(path.join(FIXTURE_DIR, 'nitf/embargoed.xml'))).text;
    expect(() => parse(text.slice(0, text.length - 40))).toThrow(/malformed XML/);
  });

  it('truncated JSON is malformed JSON, with the position', () => {
    const text = fixture('ninjs/v2.json');
    expect(() => parse(text.slice(0, 200))).toThrow(/malformed JSON: .*position|malformed JSON: Unexpected end/);
  });

  it('an IPTC 7901 story without STX is not taken for one', () => {
    expect(() => parse('\u0001abc001 4 a 10\r\nSlug/\r\nHeadline without text')).toThrow(/not a known wire format/);
  });
});

describe('garbage', () => {
  it('binary bytes are not a known format', () => {
    const bytes = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 17) % 256));
    const text = decodeBytes(bytes).text;
    expect(() => parse(text)).toThrow(DocumentError);
    expect(() => parse(text)).toThrow(/not a known wire format/);
  });

  it('JSON that is not ninjs is not taken for ninjs', () => {
    expect(() => parse('{"name": "a package.json", "version": "1.0.0"}')).toThrow(/not a known wire format/);
  });

  it('XML of another kind is not a known format', () => {
    expect(() => parse('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toThrow(
      /not a known wire format/,
    );
  });
});

describe('entity tricks', () => {
  it('refuses internal and external entity declarations in every XML format', () => {
    for (const root of [
      'rss version="2.0"',
      'nitf',
      'NewsML',
      'newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"',
    ]) {
      const name = root.split(' ')[0];
      const doc = `<?xml version="1.0"?><!DOCTYPE ${name} [<!ENTITY x SYSTEM "file:///etc/passwd">]><${root}>&x;</${name}>`;
      expect(() => parse(doc)).toThrow(/entity declarations are refused/);
    }
  });

  it('never expands an undeclared entity', () => {
    expect(() => parse('<rss version="2.0"><channel><item><title>&undeclared;</title></item></channel></rss>')).toThrow(
      /malformed XML/,
    );
  });
});

describe('oversized items', () => {
  it(`rejects a 50 MB item by its body size and keeps the small item beside it`, () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const text = `<rss version="2.0"><channel><title>t</title>
      <item><title>Huge</title><guid>huge</guid><description>${huge}</description></item>
      <item><title>Small</title><guid>small</guid><description>USPA News - fine.</description></item></channel></rss>`;
    const parsed = parse(text);
    const results = parsed.items.map((item, i) => prepareItem(item, i + 1, { feedTitle: 'USPA News' }));
    expect(results[0]).toMatchObject({
      ok: false,
      problem: { item: 1, guid: 'huge', field: 'body', reason: `body is larger than ${LIMITS.bodyBytes} bytes` },
    });
    expect(results[1].ok).toBe(true);
  });

  it('rejects an absurd headline', () => {
    const item = parse(
      `<rss version="2.0"><channel><item><title>${'word '.repeat(400)}</title><description>x y</description></item></channel></rss>`,
    ).items[0];
    expect(prepareItem(item, 1, { feedTitle: 'X' })).toMatchObject({ ok: false, problem: { field: 'headline' } });
  });
});
