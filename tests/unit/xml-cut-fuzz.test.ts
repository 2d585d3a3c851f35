/**
 * A differential fuzz of the item cutter (formats/cut.ts): small RSS, Atom and NewsML-G2 documents
 * built from the pieces most likely to fool a cutter that reads less than the parser (comments, CDATA
 * and PIs holding `</item>`, attribute values holding `>`, quotes and `xmlns`, line breaks inside
 * tags, nested elements named like the item, prefixes and default namespaces, names with characters
 * JavaScript counts as white space, BOM, DOCTYPE, astral characters), some of them broken on purpose,
 * are streamed in pieces of many sizes with items handed over unread, and what comes out is checked
 * against the document parsed whole (formats/registry parseDocument) and against the sources the
 * parser itself keeps (XmlReader keepSource). Seeded: every run makes the same documents.
 */
import { formatByName, parseDocument } from '../../plugins/wire/server/src/formats/registry';
import { DocumentError, type DeferredItem, type ItemProblem } from '../../plugins/wire/server/src/formats/types';
import { XmlReader, type XmlElement } from '../../plugins/wire/server/src/formats/xml';
import { seededRandom } from '../helpers/seeded';

/** The seeded generator (no Math.random: every run makes the same documents), with picks and chances. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const RSS2 = 'http://backend.userland.com/rss2';
const RSS1 = 'http://purl.org/rss/1.0/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const ATOM = 'http://www.w3.org/2005/Atom';
const G2 = 'http://iptc.org/std/nar/2006-10-01/';

type Format = 'rss' | 'atom' | 'newsml-g2';

/** Which elements the formats keep as items (as rss.ts, atom.ts and newsml-g2.ts say), for the parser's own sources. */
const IS_ITEM: Record<Format, (el: XmlElement, parent: XmlElement) => boolean> = {
  rss: (el, parent) =>
    el.is('rss:item')
      ? parent.is('rss:channel') && el.ns === parent.ns
      : el.is('rss1:item') && (parent.is('rdf:RDF') || parent.is('rss1:channel')),
  atom: (el, parent) => el.is('atom:entry') && parent.is('atom:feed'),
  'newsml-g2': (el, parent) => el.is('g2:newsItem') && parent.is('g2:itemSet'),
};

const BREAK = ['\n', '\r\n', '\r', ' ', ''];

/** Content that may sit anywhere inside an element: built to hide or fake an item's end. */
/** `sameName`: with elements named like the item inside it (nested, self-closing, deeper, in another namespace). */
function filler(r: Rng, item: string, sameName = true): string {
  const b = () => r.pick(BREAK);
  const blocks: Array<() => string> = [
    () => `<!-- </${item}> <${item}> -->`,
    () => `<!---->`,
    () => `<![CDATA[</${item}><${item}>]]>`,
    () => `<![CDATA[]]]]><![CDATA[>]]>`,
    () => `<?pi </${item}>?>`,
    () => `<?x?>`,
    () => `<a b="x>y" c='q"r&amp;'>z</a>`,
    () => `<a${b()} b="1"${b()}/>`,
    () => `<a\r\n b='>'\r/>`,
    () => `text &amp; more${b()}`,
    () => `&#x1D4B3;&#60;item&gt;`,
    () => `<${item}s>not mine</${item}s>`,
    () => `<${item}x/>`,
    () => `<x:${item} xmlns:x="urn:x">other prefix</x:${item}>`,
    ...(sameName
      ? [
          () => `<${item}>nested same name</${item}>`,
          () => `<${item}/>`,
          () => `<${item}${b()}/>`,
          () => `<w><${item}>deeper</${item}></w>`,
        ]
      : []),
    () => `<𝒳:note xmlns:𝒳="urn:x">astral \u{1D4B3} straße</𝒳:note>`,
    () => `<${item}\u1680>ogham space is a name character</${item}\u1680>`,
    () => `<${item}\uFEFF/>`,
    ...(sameName ? [() => `<p xmlns="urn:other"><${item}>in another namespace</${item}></p>`] : []),
    () => b(),
  ];
  let out = '';
  for (let n = r.int(3); n > 0; n -= 1) out += r.pick(blocks)();
  return out;
}

/** Attributes for an item's start tag (some change what it is). */
function itemAttributes(r: Rng, nsOfItem: string): string {
  const b = () => r.pick(['\r\n', '\r', '\n', '\t', ' ']);
  const blocks = [
    () => `${b()}id="a>b"`,
    () => `${b()}q='"'`,
    () => `${b()}xml:lang="de"`,
    () => `${b()}xmlns="${nsOfItem}"`,
    () => `${b()}xmlns="urn:other"`,
    () => `${b()}xmlns:p="${nsOfItem}"`,
    () => `${b()}a=' xmlns=""'`,
    () => `${b()}a=" xmlns:u='${nsOfItem}'"`,
    () => `${b()}xmlns:d="urn:a&amp;b"`,
    () => `${b()}xmlns:d="&#x75;rn:x"`,
    () => `${b()}xmlns\u1680="urn:other"`,
    () => b(),
  ];
  let out = '';
  for (let n = r.int(3); n > 0; n -= 1) out += r.pick(blocks)();
  return out;
}

interface Dialect {
  format: Format;
  open: string;
  close: string;
  head: string;
  /** Qualified item name as written, and the namespace the item is in when it is an item. */
  item: string;
  itemNs: string;
  body: (r: Rng, n: number) => string;
}

function dialect(r: Rng): Dialect {
  const k = r.int(9);
  const g = (n: number) => `<guid>g-${n}</guid>`;
  const rssBody = (r2: Rng, n: number) =>
    r2.pick([
      `${g(n)}<title>Item ${n} &amp; co</title>`,
      `${g(n)}<title>T</title><pubDate>not a date</pubDate>`,
      `<title>Dated</title><pubDate>Sun, 01 Nov 2026 09:30:00 GMT</pubDate>`,
      `${g(n)}<c:encoded>&lt;p&gt;Body&lt;/p&gt;</c:encoded>`,
      `${g(n)}<description>a<br/>b<![CDATA[</item>]]></description>`,
      '',
    ]);
  if (k <= 3) {
    // RSS 2.0: in no namespace, or in the old Userland one (then items may be prefixed).
    const userland = k >= 2;
    const p = k === 3 ? 'u:' : '';
    const rootNs = userland ? ` xmlns="${RSS2}" xmlns:c="${CONTENT}"` : ` xmlns:c="${CONTENT}"`;
    const uOnRoot = userland && r.chance(0.5);
    const channel = r.pick(['channel', ...(userland ? ['u:channel'] : [])]);
    const channelNs = userland && !uOnRoot ? ` xmlns:u="${RSS2}"` : '';
    return {
      format: 'rss',
      open: `<rss version="2.0"${rootNs}${uOnRoot ? ` xmlns:u="${RSS2}"` : ''}><${channel}${channelNs}>`,
      close: `</${channel}></rss>`,
      head: r.pick([
        '<title>Feed</title>',
        '<title>Feed</title><copyright>Copyright Feed</copyright><language>de</language>',
      ]),
      item: `${p}item`,
      itemNs: userland ? RSS2 : '',
      body: rssBody,
    };
  }
  if (k === 4) {
    return {
      format: 'rss',
      open: `<rdf:RDF xmlns:rdf="${RDF}" xmlns="${RSS1}" xmlns:c="${CONTENT}"><channel><title>R</title></channel>`,
      close: '</rdf:RDF>',
      head: '',
      item: 'item',
      itemNs: RSS1,
      body: (r2, n) => r2.pick([`<title>R${n}</title><link>https://x.test/${n}</link>`, '']),
    };
  }
  if (k <= 6) {
    const p = k === 6 ? 'a:' : '';
    const decl = p ? ` xmlns:a="${ATOM}"` : ` xmlns="${ATOM}"`;
    return {
      format: 'atom',
      open: `<${p}feed${decl} xml:lang="de">`,
      close: `</${p}feed>`,
      head: `<${p}title>F</${p}title><${p}rights>R</${p}rights>`,
      item: `${p}entry`,
      itemNs: ATOM,
      body: (r2, n) =>
        r2.pick([
          `<${p}id>e-${n}</${p}id><${p}title>T${n}</${p}title><${p}updated>2026-11-01T09:00:00Z</${p}updated>`,
          `<${p}id>e-${n}</${p}id><${p}updated>yesterday</${p}updated><${p}content type="html">&lt;b&gt;x</${p}content>`,
          '',
        ]),
    };
  }
  const p = k === 8 ? 'g:' : '';
  const decl = p ? ` xmlns:g="${G2}"` : ` xmlns="${G2}"`;
  return {
    format: 'newsml-g2',
    open: `<${p}newsMessage${decl}><${p}header/><${p}itemSet>`,
    close: `</${p}itemSet></${p}newsMessage>`,
    head: '',
    item: `${p}newsItem`,
    itemNs: G2,
    body: (r2, n) =>
      r2.pick([
        `<${p}contentMeta><${p}headline>H${n}</${p}headline></${p}contentMeta>`,
        `<${p}itemMeta><${p}versionCreated>soon</${p}versionCreated></${p}itemMeta>`,
        '',
      ]),
  };
}

function prolog(r: Rng): string {
  let out = r.chance(0.2) ? '\uFEFF' : '';
  if (r.chance(0.5)) out += `<?xml version="1.0" encoding="UTF-8"?>${r.pick(BREAK)}`;
  if (r.chance(0.3)) out += `<!-- <item>not one</item> -->${r.pick(BREAK)}`;
  if (r.chance(0.1)) out += `<?pi <item>?>`;
  if (r.chance(0.08)) out += `<!DOCTYPE x>${r.pick(BREAK)}`;
  return out;
}

function document(r: Rng, sameName = true): { format: Format; text: string } {
  const d = dialect(r);
  const items: string[] = [];
  for (let n = 1 + r.int(4); n > 0; n -= 1) {
    const attrs = r.chance(0.4) ? itemAttributes(r, d.itemNs) : '';
    if (r.chance(0.1)) items.push(`<${d.item}${attrs}${r.pick(BREAK)}/>`);
    else
      items.push(
        `<${d.item}${attrs}${r.pick(BREAK)}>${filler(r, d.item, sameName)}${d.body(r, items.length + 1)}${filler(r, d.item, sameName)}</${d.item}${r.pick(BREAK)}>`,
      );
  }
  let text = `${prolog(r)}${d.open}${d.head}${r.pick(BREAK)}`;
  for (const item of items) text += `${item}${r.pick(BREAK)}${r.chance(0.3) ? filler(r, d.item) : ''}`;
  text += d.close;
  return { format: d.format, text: r.chance(0.3) ? broken(r, text) : text };
}

/** Breaks a document the ways feeds come broken (or not quite: the whole parse decides). */
function broken(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  const ops = [
    () => text.slice(0, at),
    () => `${text.slice(0, at)}&${text.slice(at)}`,
    () => `${text.slice(0, at)}<${text.slice(at)}`,
    () => `${text.slice(0, at)}>${text.slice(at)}`,
    () => `${text.slice(0, at)}\r${text.slice(at)}`,
    () => `${text.slice(0, at)}${text.slice(at + 1)}`,
    () => text.replace('</title>', '</titel>'),
    () => `${text.slice(0, at)}</item>${text.slice(at)}`,
    () => `${text.slice(0, at)}<!-- -- -->${text.slice(at)}`,
    () => `${text.slice(0, at)}]]>${text.slice(at)}`,
    () => text.replace(/<(\w+:)?(item|entry|newsItem) /, '<$1$2 x="1" x="2" '),
  ];
  return r.pick(ops)();
}

/** How the deferred stream (the cutter in front of the reader) reads a document in pieces. */
function streamed(format: Format, text: string, pieceChars: number, maxItemChars = 1 << 20) {
  const stream = formatByName(format).streamItems!({ origin: 'test' }, { maxItemChars, defer: true });
  const deferred: DeferredItem[] = [];
  const items: Array<{ index: number; item: unknown }> = [];
  const problems: ItemProblem[] = [];
  let error: unknown = null;
  // Items are read as soon as they come, so the first error is the first in the document.
  const take = (got: ReturnType<typeof stream.write>) => {
    problems.push(...got.problems);
    for (const d of got.deferred ?? []) {
      deferred.push(d);
      items.push({ index: d.index, item: d.read(problems) });
    }
    items.push(...got.items);
  };
  try {
    for (let i = 0; i < text.length; i += pieceChars) take(stream.write(text.slice(i, i + pieceChars)));
    take(stream.close());
  } catch (e) {
    error = e;
  }
  return { deferred, items, problems, error };
}

/** The item sources the parser itself keeps, the document read whole. */
function parserSources(format: Format, text: string): string[] {
  const kept: string[] = [];
  new XmlReader({
    keepSource: (el, _depth, parent) => IS_ITEM[format](el, parent),
    onSource: (k) => kept.push(k.source),
  })
    .write(text)
    .close();
  return kept;
}

const messageOf = (e: unknown) => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));

type Finding = { kind: string; detail: string } | null;

/**
 * What is wrong with the stream's reading of `text` in pieces of `pieceChars`, compared with the
 * whole parse and with the parser's own sources: null when nothing. Kinds: `accepts` (the stream
 * reads what the whole parse refuses), `refuses`, `error type`, `sources` (not the parser's own),
 * `offsets`, `items` (the parser's sources, read differently from the whole parse), `message`
 * (both refuse, with different messages: only when `messages`).
 */
function discrepancy(format: Format, text: string, pieceChars: number, messages = false): Finding {
  let whole: ReturnType<typeof parseDocument> | null = null;
  let wholeError: unknown = null;
  try {
    whole = parseDocument({ text, origin: 'test' }, format);
  } catch (e) {
    wholeError = e;
  }
  const got = streamed(format, text, pieceChars);
  if (!whole) {
    if (!got.error) return { kind: 'accepts', detail: `the whole parse refuses it: ${messageOf(wholeError)}` };
    if (!(got.error instanceof DocumentError)) return { kind: 'error type', detail: messageOf(got.error) };
    if (messages && messageOf(got.error) !== messageOf(wholeError))
      return { kind: 'message', detail: `${messageOf(got.error)}; whole: ${messageOf(wholeError)}` };
    return null;
  }
  if (got.error) return { kind: 'refuses', detail: `${messageOf(got.error)}: the whole parse reads it` };
  const expected = parserSources(format, text);
  const sources = got.deferred.map((d) => d.source);
  if (JSON.stringify(sources) !== JSON.stringify(expected))
    return { kind: 'sources', detail: `${JSON.stringify(sources)}; the parser keeps ${JSON.stringify(expected)}` };
  let from = 0;
  for (const s of sources) {
    const at = text.indexOf(s, from);
    if (at === -1) return { kind: 'offsets', detail: `${JSON.stringify(s)} is not in the document after ${from}` };
    from = at + s.length;
  }
  const indices = got.items.map((i) => i.index);
  if (JSON.stringify(indices) !== JSON.stringify(whole.items.map((_, i) => i + 1)))
    return { kind: 'items', detail: `indices ${JSON.stringify(indices)} for ${whole.items.length} items` };
  const read = JSON.stringify(got.items.map((i) => i.item));
  if (read !== JSON.stringify(whole.items))
    return { kind: 'items', detail: `${read}; whole ${JSON.stringify(whole.items)}` };
  if (JSON.stringify(got.problems) !== JSON.stringify(whole.problems))
    return {
      kind: 'items',
      detail: `problems ${JSON.stringify(got.problems)}; whole ${JSON.stringify(whole.problems)}`,
    };
  return null;
}

/** The smallest text (dropping runs of characters) that still shows a discrepancy of the same kind. */
function minimise(format: Format, text: string, pieceChars: number, kind: string): string {
  const fails = (t: string) =>
    discrepancy(format, t, Math.min(pieceChars, t.length || 1), kind === 'message')?.kind === kind;
  let cur = text;
  for (let size = Math.max(1, cur.length >> 1); size >= 1; size = size >> 1) {
    for (let at = 0; at < cur.length;) {
      const next = cur.slice(0, at) + cur.slice(at + size);
      if (next.length && fails(next)) cur = next;
      else at += size;
    }
  }
  return cur;
}

const DOCUMENTS = 4000;

/** Every kind of discrepancy found, with how often and its first case (minimised). */
/** How many documents the whole parse read and refused, and how many items it read: the fuzz is not idle. */
const tally = { read: 0, refused: 0, items: 0 };

function fuzz(seed = 0x5eed2026, documents = DOCUMENTS): Record<string, string> {
  const r = prng(seed);
  const found: Record<string, { count: number; first: string }> = {};
  for (let n = 0; n < documents; n += 1) {
    const { format, text } = document(r);
    try {
      tally.items += parseDocument({ text, origin: 'test' }, format).items.length;
      tally.read += 1;
    } catch {
      tally.refused += 1;
    }
    const sizes = [text.length, 1 + r.int(97), 1 + r.int(97), 1 + r.int(13)];
    for (const size of sizes) {
      const wrong = discrepancy(format, text, size);
      if (!wrong) continue;
      const seen = found[wrong.kind];
      if (seen) seen.count += 1;
      else
        found[wrong.kind] = {
          count: 1,
          first: `${format}, pieces of ${size}: ${wrong.detail}\n  document ${JSON.stringify(text)}\n  minimal ${JSON.stringify(minimise(format, text, size, wrong.kind))}`,
        };
      break;
    }
  }
  return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, `${v.count} documents; first: ${v.first}`]));
}

/**
 * The same document with a DOCTYPE before its root: the cutter leaves it all to the parser, which
 * keeps the items itself. With a small item limit, both must report the same items over it (by
 * size) and keep the same others: the cutter's own limit (set aside, then only measured) against
 * the parser's.
 */
function limitDiscrepancy(format: Format, text: string, pieceChars: number, maxItemChars: number): Finding {
  const root = /<(rss|rdf:RDF|feed|a:feed|newsMessage|g:newsMessage)[\s>]/.exec(text);
  if (!root || text.includes('<!DOCTYPE')) return null;
  const off = `${text.slice(0, root.index)}<!DOCTYPE x>${text.slice(root.index)}`;
  const cut = streamed(format, text, pieceChars, maxItemChars);
  const parsed = streamed(format, off, pieceChars, maxItemChars);
  if (!cut.error !== !parsed.error)
    return {
      kind: cut.error ? 'limit: refuses' : 'limit: accepts',
      detail: `cut: ${cut.error ? messageOf(cut.error) : 'read'}; parser alone: ${parsed.error ? messageOf(parsed.error) : 'read'}`,
    };
  if (cut.error) return null;
  const shown = (g: ReturnType<typeof streamed>) =>
    JSON.stringify({
      sources: g.deferred.map((d) => [d.index, d.source]),
      // In item order: the DOCTYPE moves where pieces end, so which batch a problem comes in.
      problems: [...g.problems].sort((a, b) => a.item - b.item),
    });
  if (shown(cut) !== shown(parsed))
    return { kind: 'limit: items', detail: `cut: ${shown(cut)}; parser alone: ${shown(parsed)}` };
  return null;
}

function wellFormed(format: Format, text: string): boolean {
  try {
    parseDocument({ text, origin: 'test' }, format);
    return true;
  } catch {
    return false;
  }
}

function limitFuzz(seed = 0x11a1, documents = DOCUMENTS / 2): Record<string, string> {
  const r = prng(seed);
  const found: Record<string, { count: number; first: string }> = {};
  for (let n = 0; n < documents; n += 1) {
    const { format, text } = document(r);
    // Well-formed documents only: a broken one is refused by the parser alone, and not always by
    // the cutter when the fault is inside an item over the limit (a named case below).
    if (!wellFormed(format, text)) continue;
    const max = 20 + r.int(300);
    for (const size of [text.length, 1 + r.int(97), 1 + r.int(13)]) {
      const wrong = limitDiscrepancy(format, text, size, max);
      if (!wrong) continue;
      const seen = found[wrong.kind];
      if (seen) seen.count += 1;
      else
        found[wrong.kind] = {
          count: 1,
          first: `${format}, limit ${max}, pieces of ${size}: ${wrong.detail}\n  document ${JSON.stringify(text)}`,
        };
      break;
    }
  }
  return Object.fromEntries(Object.entries(found).map(([k, v]) => [k, `${v.count} documents; first: ${v.first}`]));
}

describe('the item cutter against the whole parse (seeded fuzz)', () => {
  // Messages are not compared here: they differ in known ways (the named cases below), in most
  // broken documents.
  it('gives the items, warnings and sources the parser gives, and refuses what it refuses', () => {
    expect(fuzz()).toEqual({});
    // Both kinds of document, in numbers: most read, many refused, items in most of them.
    expect(tally.read).toBeGreaterThan(DOCUMENTS / 2);
    expect(tally.refused).toBeGreaterThan(DOCUMENTS / 10);
    expect(tally.items).toBeGreaterThan(tally.read);
  });

  it('over a small item limit, reports and keeps the items the parser alone reports and keeps', () => {
    expect(limitFuzz()).toEqual({});
  });
});

/**
 * What the fuzz found, each the smallest document that shows it. They fail on formats/cut.ts as it
 * is (marked `failing`, so the suite stays green until the lead fixes them; then make them `it`).
 */
describe('the item cutter: cases found by the fuzz', () => {
  const allPieces = (text: string) => [1, 2, 7, 13, text.length];
  const same = (format: Format, text: string, messages = false) =>
    Object.fromEntries(allPieces(text).map((n) => [n, discrepancy(format, text, n, messages)]));
  const none = (text: string) => Object.fromEntries(allPieces(text).map((n) => [n, null]));

  it('an element whose name goes on after the item name with U+1680 (white space to JavaScript, a name character to XML) is not an item', () => {
    // The cutter takes `<item\u1680>` for an item and, not finding `</item\u1680>` its end, cuts up to
    // the next item's end: one item read from the wrong element, the real item lost.
    const text =
      '<rss><channel><item\u1680><title>not an item</title></item\u1680><item><title>real</title></item></channel></rss>';
    expect(same('rss', text)).toEqual(none(text));
  });

  it('so is one whose name goes on with U+FEFF', () => {
    const text = '<rss><channel><item\uFEFF/><item><title>real</title></item></channel></rss>';
    expect(same('rss', text)).toEqual(none(text));
  });

  it('`xmlns="..."` written inside another attribute\'s value declares nothing', () => {
    // The item is in urn:other (not an RSS item: the whole parse gives one item); the cutter reads
    // ` xmlns=""` in the value of `a` as a declaration, cuts it, and it is read as an item.
    const text = `<rss><channel><item xmlns="urn:other" a=' xmlns=""'><title>not an item</title></item><item><title>real</title></item></channel></rss>`;
    expect(same('rss', text)).toEqual(none(text));
  });

  it('so does `xmlns:p=...` inside a value, for a prefixed item', () => {
    const text = `<rss xmlns:u="urn:u"><channel><u:item a=" xmlns:u=''"><title>not an item</title></u:item></channel></rss>`;
    expect(same('rss', text)).toEqual(none(text));
  });

  it('an attribute named `xmlns` + U+1680 is an attribute, not a declaration', () => {
    const text =
      '<rss><channel><item xmlns="urn:other" xmlns\u1680=""><title>not an item</title></item></channel></rss>';
    expect(same('rss', text)).toEqual(none(text));
  });

  it('an item over the limit holding an element of its own name is measured, not the cause of refusing the feed', () => {
    // The item is over the limit once set aside, so what was set aside is dropped; at the nested
    // `<item>` the cutter counts its depth from what is left (toItemEnd: tagDepth of held + buf),
    // too shallow: it cuts at the nested `</item>` and hands the reader the outer one, unmatched.
    // The parser alone (a DOCTYPE in front) reads it: one item over the limit, the next one kept.
    const text = '<rss><channel><item><a></a><item></item></item><item><title>next</title></item></channel></rss>';
    const got = [1, 8].map((n) => limitDiscrepancy('rss', text, n, 10));
    expect(got).toEqual([null, null]);
  });

  it('malformed XML inside an item over the limit refuses the document, as the parser alone refuses it', () => {
    // An item over the limit is only measured, never checked: `</b>` closing `<a>` goes through, the
    // item is reported over the limit and the next one is kept. The whole parse, and the parser alone
    // with the same limit, refuse the document.
    const text = '<rss><channel><item><a></b></item><item><title>next</title></item></channel></rss>';
    const got = [1, text.length].map((n) => limitDiscrepancy('rss', text, n, 10));
    expect(got).toEqual([null, null]);
  });

  it('an item nested one level too deep for the document is refused, as the whole parse refuses it', () => {
    // rss, channel, item and 254 elements: 257 levels, over MAX_DEPTH (256). Read on its own, the
    // item sits under one wrapper element (readSourceElement), not under rss and channel: 256 levels,
    // accepted. The whole parse and the parser alone refuse it.
    const deep = '<a>'.repeat(254) + '</a>'.repeat(254);
    const text = `<rss><channel><item>${deep}</item></channel></rss>`;
    expect(discrepancy('rss', text, text.length)).toBeNull();
  });

  it('a lone CR (a line break to XML) before an item counts as a line in the places errors give', () => {
    // The cutter counts only LF: a cut item holding a lone CR is passed on as no line break (the
    // error after it: line 2, whole parse line 3), and an item after a lone CR is placed a line
    // short (its error: line 1, whole parse line 2).
    for (const text of [
      '<rss><channel><item>\r</item>\n<bad></channel></rss>',
      '<rss><channel>\r<item><title>a & b</title></item></channel></rss>',
    ])
      expect(same('rss', text, true)).toEqual(none(text));
  });

  it('a CR just before a cut item and an LF just after it stay two line breaks', () => {
    // The reader is passed `\r` then `\n` (the item cut away): one CR LF, one line short.
    const text = '<rss><channel><title>t</title>\r<item/>\n<bad></channel></rss>';
    expect(same('rss', text, true)).toEqual(none(text));
  });

  it.failing('an error after a cut item on the same line is at its column in the document', () => {
    // Whole parse: line 1, column 58; the reader, the item cut away, says column 29.
    const text = '<rss><channel><item><title>a</title></item><bad></channel></rss>';
    expect(same('rss', text, true)).toEqual(none(text));
  });

  it('a BOM does not count as a column of an item on the first line', () => {
    // Whole parse (the BOM dropped): column 30; read, the item says column 31.
    const text = '\uFEFF<rss><channel><item><title>a & b</title></item></channel></rss>';
    expect(same('rss', text, true)).toEqual(none(text));
  });
});

/**
 * Found by the fuzz with other seeds, and not the cutter's: the parser keeps the same sources. RSS
 * streamed takes an item in either RSS namespace (no namespace or the old Userland one) under a
 * channel in either, while RSS parsed whole takes only items in the channel's own namespace
 * (`channel.all('item')`). Marked `failing` until formats/rss.ts makes the two agree.
 */
describe('RSS streamed against RSS parsed whole (formats/rss.ts)', () => {
  it('an item in the Userland namespace under a channel in none is an item to both, or to neither', () => {
    // Whole parse: no items; streamed: one.
    const text = `<rss xmlns:u="${RSS2}"><channel><title>F</title><u:item><title>x</title></u:item></channel></rss>`;
    expect(discrepancy('rss', text, text.length)).toBeNull();
  });

  it('an item in no namespace under a channel in the Userland one is an item to both, or to neither', () => {
    const text = `<rss xmlns="${RSS2}"><channel><title>F</title><item xmlns=""><title>x</title></item></channel></rss>`;
    expect(discrepancy('rss', text, text.length)).toBeNull();
  });

  it.failing('an RDF item before the channel is read streamed, as it is read whole', () => {
    // Streamed, the feed's defaults are read at the first item, and the channel is not there yet.
    const text = `<rdf:RDF xmlns:rdf="${RDF}" xmlns="${RSS1}"><item><title>beside</title></item><channel><title>R</title></channel></rdf:RDF>`;
    expect(discrepancy('rss', text, text.length)).toBeNull();
  });
});

describe('NewsML-G2 streamed against NewsML-G2 parsed whole (formats/newsml-g2.ts)', () => {
  it.failing('a lone newsItem holding an itemSet with a newsItem is one item, as it is read whole', () => {
    // Streamed: the inner newsItem (parent itemSet) and then the root; whole: the root only.
    const text = `<newsItem xmlns="${G2}" guid="root"><itemSet><newsItem guid="inner"/></itemSet></newsItem>`;
    expect(discrepancy('newsml-g2', text, text.length)).toBeNull();
  });
});
