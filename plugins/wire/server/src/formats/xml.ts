/**
 * Safe XML reading for every XML format, into a small ordered DOM. Order matters: NITF, G2 and Atom
 * bodies are mixed content (text and inline elements) that must come out as written.
 *
 * The parser underneath is `saxes` (strict XML 1.0 + Namespaces, streaming; see docs/formats.md,
 * "How Wire reads XML"). Feed bodies are untrusted:
 * - a DOCTYPE that declares entities (internal or external) refuses the document; no DTD is ever
 *   read or fetched, and only XML's own five entities and character references are decoded. Text
 *   that merely says `<!ENTITY` (in CDATA, a comment, escaped) is text.
 * - elements nest at most MAX_DEPTH deep: deeper is the document's problem (an error naming line and
 *   column), never a stack overflow, so every tree walk below is bounded by MAX_DEPTH.
 * - elements and attributes are matched by namespace URI and local name, never by the prefix a feed
 *   happened to choose (see `child`).
 */
import { Parser as ForgivingParser } from 'htmlparser2';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { foldSpaces } from '../normalise/text';
import { DocumentError, type RawDocument } from './types';

export type XmlChild = XmlElement | string;

/** How deep elements may nest. Real feeds stay under 20; 256 leaves room and bounds every walk. */
export const MAX_DEPTH = 256;

/**
 * The vocabularies Wire reads, by the prefix Wire's code uses for them (never the feed's prefix).
 * A vocabulary may have several URIs: NITF and NewsML 1 were DTD-based and often come without one.
 */
export const NS = {
  /** RSS 2.0's own elements: no namespace (a few feeds use the old Userland URI). */
  rss: ['', 'http://backend.userland.com/rss2'],
  /** RSS 1.0 (RDF) elements. */
  rss1: ['http://purl.org/rss/1.0/'],
  rdf: ['http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
  content: ['http://purl.org/rss/1.0/modules/content/'],
  dc: ['http://purl.org/dc/elements/1.1/'],
  /** DCMI terms: Wire's own feeds give the licence notice, its holder and the first version's date in them. */
  dcterms: ['http://purl.org/dc/terms/'],
  media: ['http://search.yahoo.com/mrss/'],
  atom: ['http://www.w3.org/2005/Atom'],
  g2: ['http://iptc.org/std/nar/2006-10-01/'],
  nitf: ['http://iptc.org/std/NITF/2006-10-18/', ''],
  /** NewsML 1.x (DTD-based, no namespace). */
  newsml1: [''],
  xhtml: ['http://www.w3.org/1999/xhtml'],
  xml: ['http://www.w3.org/XML/1998/namespace'],
} as const satisfies Record<string, readonly string[]>;

export type Vocabulary = keyof typeof NS;

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'col', 'area', 'base', 'wbr', 'source']);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const localOf = (name: string) => name.slice(name.indexOf(':') + 1);

/** One attribute, resolved: its namespace URI ('' for an unprefixed attribute) and local name. */
export interface XmlAttribute {
  name: string;
  ns: string;
  local: string;
  value: string;
}

/**
 * A name as Wire's code writes it: `vocab:local` is that vocabulary (a key of NS); a bare `local` is
 * the context element's own namespace (for an element) or no namespace (for an attribute, as XML
 * Namespaces says).
 */
function resolveName(name: string, own: string): { uris: readonly string[]; local: string } {
  const colon = name.indexOf(':');
  if (colon === -1) return { uris: [own], local: name };
  let resolved = VOCABULARY_NAMES.get(name);
  if (!resolved) {
    const vocab = name.slice(0, colon) as Vocabulary;
    const uris = NS[vocab];
    if (!uris) throw new Error(`formats/xml: unknown vocabulary "${vocab}" in "${name}"`);
    resolved = { uris, local: name.slice(colon + 1) };
    VOCABULARY_NAMES.set(name, resolved);
  }
  return resolved;
}
/** `vocab:local` names as resolved (only names in Wire's own code, so a handful). */
const VOCABULARY_NAMES = new Map<string, { uris: readonly string[]; local: string }>();

/** `vocab:local` resolved (cached, no object made), or null for a bare name (compared as it is). */
const prefixed = (name: string) => (name.indexOf(':') === -1 ? null : resolveName(name, ''));

/** Is `c` an element called `local` in one of `uris` (null: in the namespace `own`)? */
const isNamed = (c: XmlChild, local: string, uris: readonly string[] | null, own: string): c is XmlElement =>
  typeof c !== 'string' && c.localName === local && (uris ? uris.includes(c.ns) : c.ns === own);

/** Is `el` the resolved name? */
const isResolved = (el: XmlElement, r: { uris: readonly string[]; local: string }) =>
  el.localName === r.local && r.uris.includes(el.ns);

export class XmlElement {
  private attrsByName: Record<string, string> | null = null;

  constructor(
    /** Qualified name as written, e.g. `dc:creator`: for messages only, never for matching. */
    readonly name: string,
    /** Namespace URI ('' for none). */
    readonly ns: string,
    readonly localName: string,
    readonly attributes: readonly XmlAttribute[],
    /** Text and elements in document order (only a reader adds to them, as it reads). */
    public children: XmlChild[] = [],
  ) {}

  /** Attribute values by qualified name as written (`xml:lang`, `xmlns:dc`): for tests and output. Built when first asked. */
  get attrs(): Record<string, string> {
    if (!this.attrsByName) {
      const byName: Record<string, string> = {};
      for (const a of this.attributes) byName[a.name] = a.value;
      this.attrsByName = byName;
    }
    return this.attrsByName;
  }

  /** Is this element `name` (see resolveName), with a bare name meaning `own` namespace? */
  is(name: string, own: string = this.ns): boolean {
    const { uris, local } = resolveName(name, own);
    return this.localName === local && uris.includes(this.ns);
  }

  elements(): XmlElement[] {
    return this.children.filter((c): c is XmlElement => typeof c !== 'string');
  }

  /** The first child element called `name`: `vocab:local`, or a bare local name in this element's namespace. */
  child(name: string): XmlElement | null {
    // Indexed loops, not for-of: V8 deoptimized child() at its for-of about once per item (an
    // element with no children leaves the iterator's feedback empty), a loop that cost more than
    // the lookups themselves. A bare name is compared as it is (resolving it would make an object
    // per call, and child() is called a dozen times per item).
    const r = prefixed(name);
    const local = r ? r.local : name;
    const uris = r ? r.uris : null;
    const { children } = this;
    for (let i = 0; i < children.length; i += 1) {
      const c = children[i];
      if (isNamed(c, local, uris, this.ns)) return c;
    }
    return null;
  }

  all(name: string): XmlElement[] {
    const r = prefixed(name);
    const local = r ? r.local : name;
    const uris = r ? r.uris : null;
    const out: XmlElement[] = [];
    const { children } = this;
    for (let i = 0; i < children.length; i += 1) {
      const c = children[i];
      if (isNamed(c, local, uris, this.ns)) out.push(c);
    }
    return out;
  }

  /** Follows a path of child names, e.g. `docdata/doc-id`. */
  find(path: string): XmlElement | null {
    let el: XmlElement | null = null;
    for (const [i, step] of path.split('/').entries()) el = (i === 0 ? this : el)?.child(step) ?? null;
    return el;
  }

  /** Every descendant with this name (a bare name: this element's namespace), document order. Iterative. */
  descendants(name: string): XmlElement[] {
    const out: XmlElement[] = [];
    const stack: XmlElement[] = [...this.elements()].reverse();
    const r = resolveName(name, this.ns);
    while (stack.length) {
      const e = stack.pop()!;
      if (isResolved(e, r)) out.push(e);
      const kids = e.elements();
      for (let i = kids.length - 1; i >= 0; i -= 1) stack.push(kids[i]);
    }
    return out;
  }

  /**
   * An attribute's value: a bare name is an unprefixed attribute, `vocab:local` one in that namespace
   * (`xml:lang`, `rdf:about`); `xmlns` and `xmlns:p` are the declarations as written.
   */
  attr(name: string): string | null {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return this.attrs[name] ?? null;
    if (name.indexOf(':') === -1) {
      // A bare name: the unprefixed attribute (no namespace), as resolveName(name, '') reads it.
      for (const a of this.attributes) if (a.local === name && a.ns === '') return a.value;
      return null;
    }
    const { uris, local } = resolveName(name, '');
    const found = this.attributes.find((a) => a.local === local && uris.includes(a.ns));
    return found ? found.value : null;
  }

  /** All text below this element, as written (entities decoded). Depth is bounded by MAX_DEPTH. */
  text(): string {
    const only = this.children.length === 1 ? this.children[0] : null;
    if (typeof only === 'string') return only;
    let out = '';
    for (const c of this.children) out += typeof c === 'string' ? c : c.text();
    return out;
  }

  /** Trimmed text with runs of white space folded. */
  clean(): string {
    return foldSpaces(this.text()).trim();
  }

  /** The content serialised as (X)HTML, namespace prefixes dropped: for inline bodies. */
  innerXml(): string {
    return this.children.map((c) => (typeof c === 'string' ? escapeText(c) : c.outerXml())).join('');
  }

  outerXml(): string {
    const attrs = this.attributes
      .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
      .map((a) => ` ${localOf(a.name)}="${escapeAttr(a.value)}"`)
      .join('');
    const name = this.localName;
    if (!this.children.length && VOID.has(name.toLowerCase())) return `<${name}${attrs}/>`;
    return `<${name}${attrs}>${this.innerXml()}</${name}>`;
  }
}

/** Text of a child element, folded and trimmed; '' when absent. */
export function childText(el: XmlElement | null, ...names: string[]): string {
  for (const name of names) {
    const value = el?.child(name)?.clean();
    if (value) return value;
  }
  return '';
}

/**
 * The security stance on a DOCTYPE's contents (everything after `<!DOCTYPE`): throws to refuse.
 * Any entity declaration is refused (internal ones expand, external ones fetch; parameter entities
 * can do both). The DOCTYPE's own external identifier (`<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">`, as
 * NITF and NewsML 1 deliveries carry) is never read or fetched: it is ignored, and an entity the DTD
 * would have declared is then an undefined entity, an error.
 */
export function checkDoctype(doctype: string, where: string): void {
  if (/<!ENTITY/i.test(doctype)) {
    throw new DocumentError(
      `XML entity declarations are refused (entity expansion and external entities are not allowed), in the DOCTYPE at ${where}`,
      'DOCTYPE',
    );
  }
}

export interface XmlReadOptions {
  /**
   * Streaming: an element for which this returns true is handed to `onElement` as soon as it closes,
   * and not kept in the tree (one item's subtree in memory at a time).
   */
  detach?: (el: XmlElement, depth: number, parent: XmlElement) => boolean;
  onElement?: (el: XmlElement) => void;
  /** Largest detached element, in characters of source; larger goes to onOversized (else an error). */
  maxElementChars?: number;
  /** A detached element over maxElementChars, with its size: reported as that item's problem. */
  onOversized?: (el: XmlElement, chars: number) => void;
  /**
   * Streaming without reading (strict reader only): an element for which this returns true, asked
   * when its start tag has been read, is not built into a tree but handed to `onSource` as its
   * source text when it closes, with the namespaces in scope (the parser still checks every character
   * of it). `el` is the start tag alone. Over maxElementChars, it goes to onOversized.
   */
  keepSource?: (el: XmlElement, depth: number, parent: XmlElement) => boolean;
  onSource?: (element: SourceElement) => void;
  /**
   * The text is one element of a larger document, read on its own (an item kept as source): the
   * levels above it count towards MAX_DEPTH, and error positions are moved by `lines` and, on the
   * first line, `columns` to their place in that document.
   */
  partOf?: { depth: number; lines: number; columns: number };
  /**
   * The namespaces declared around the text (prefix → URI, '' for the default namespace), as if on
   * an element around it: an element kept as source, read on its own (strict reader only).
   */
  namespaces?: Record<string, string>;
}

/** An element kept as its source text (XmlReadOptions.keepSource). */
export interface SourceElement {
  /** The start tag alone (name, namespace, attributes), for messages. */
  el: XmlElement;
  /** The element's XML exactly as written, start tag to end tag. */
  source: string;
  /** The namespace declarations in scope around it (prefix → URI, '' for the default namespace). */
  namespaces: Record<string, string>;
  /** Its depth in the document (the root is 1). */
  depth: number;
}

/**
 * Adds a child. An element's first child gets an array of its own size: a first push into an empty
 * array makes room for 16, and most elements of a feed hold one text and nothing else (the tree of
 * a whole feed is kept until its items are read, and each byte of it is copied by the collector).
 */
function append(parent: XmlElement, child: XmlChild): void {
  if (parent.children.length === 0) parent.children = [child];
  else parent.children.push(child);
}

/**
 * Builds the tree from parser events; shared by the strict (saxes) and lenient readers so both give
 * the same tree and the same limits.
 */
export class TreeBuilder {
  private readonly stack: XmlElement[] = [];
  private readonly starts: number[] = [];
  root: XmlElement | null = null;

  constructor(
    private readonly options: XmlReadOptions,
    private readonly where: () => string,
  ) {}

  get depth(): number {
    return this.stack.length;
  }

  /** Forgets the tree read (a reader used again for the next document). */
  reset(): void {
    this.stack.length = 0;
    this.starts.length = 0;
    this.root = null;
  }

  open(el: XmlElement, at: number): void {
    if (this.stack.length + (this.options.partOf?.depth ?? 0) >= MAX_DEPTH) {
      // Where, not which element: a reason names files and places, never their content.
      throw new DocumentError(`XML nested deeper than ${MAX_DEPTH} elements at ${this.where()}`, 'document');
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent) append(parent, el);
    else if (this.root) throw new DocumentError(`malformed XML: a second root element <${el.name}> at ${this.where()}`);
    else this.root = el;
    this.stack.push(el);
    this.starts.push(at);
  }

  close(at: number): void {
    const el = this.stack.pop();
    const start = this.starts.pop() ?? 0;
    if (!el) return;
    const parent = this.stack[this.stack.length - 1];
    if (parent && this.options.detach?.(el, this.stack.length + 1, parent)) {
      parent.children.pop();
      const max = this.options.maxElementChars;
      if (max && at - start > max) {
        if (!this.options.onOversized)
          throw new DocumentError(`<${el.name}> ending at ${this.where()} is larger than ${max} characters`, el.name);
        this.options.onOversized(el, at - start);
      } else this.options.onElement?.(el);
    }
  }

  text(value: string): void {
    if (!value) return;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return;
    const last = parent.children.length - 1;
    const before = last >= 0 ? parent.children[last] : null;
    if (typeof before !== 'string') append(parent, value);
    // Streaming, the white space between the items taken off a feed's tree is not gathered into
    // one string (a million items' worth grew without bound and overflowed the stack when read).
    else if (this.streaming && WHITE.test(value) && WHITE.test(before)) return;
    // Text split by a comment or CDATA section is one text.
    else parent.children[last] = before + value;
  }

  /** Items are taken off this tree as they are read (detach or keepSource). */
  private get streaming(): boolean {
    return Boolean(this.options.detach || this.options.keepSource);
  }

  /** The innermost open element. */
  top(): XmlElement | null {
    return this.stack[this.stack.length - 1] ?? null;
  }

  /** The open element's qualified name, for "not closed" messages. */
  openName(): string | null {
    return this.stack[this.stack.length - 1]?.name ?? null;
  }
}

/**
 * The text of a stream from some offset on, kept as the pieces it arrived in (joined only for what is
 * asked): offsets count UTF-16 code units from the stream's start, as saxes' `position` does.
 */
class SourceWindow {
  private readonly pieces: string[] = [];
  private readonly starts: number[] = [];
  end = 0;
  /** The offset of the last `<` appended (-1 if none). */
  lastLt = -1;

  append(piece: string): void {
    const lt = piece.lastIndexOf('<');
    if (lt !== -1) this.lastLt = this.end + lt;
    this.pieces.push(piece);
    this.starts.push(this.end);
    this.end += piece.length;
  }

  /** The offset of the last `<` at or before `at` (-1 if none is kept). */
  lastOpen(at: number): number {
    for (let k = this.pieces.length - 1; k >= 0; k -= 1) {
      if (this.starts[k] > at) continue;
      const found = this.pieces[k].lastIndexOf('<', at - this.starts[k]);
      if (found !== -1) return this.starts[k] + found;
    }
    return -1;
  }

  /** The text from `from` to `to`. */
  slice(from: number, to: number): string {
    let out = '';
    for (let k = 0; k < this.pieces.length; k += 1) {
      const start = this.starts[k];
      const end = start + this.pieces[k].length;
      if (end <= from || start >= to) continue;
      out += this.pieces[k].slice(Math.max(0, from - start), Math.min(end, to) - start);
    }
    return out;
  }

  /** Forgets the pieces wholly before `from` (nothing when it is -1). */
  dropBefore(from: number): void {
    if (from < 0) return;
    let drop = 0;
    while (drop < this.pieces.length - 1 && this.starts[drop + 1] <= from) drop += 1;
    if (drop) {
      this.pieces.splice(0, drop);
      this.starts.splice(0, drop);
    }
  }
}

/** What an element without attributes holds (one array for all: nothing changes a tree once read). */
const NO_ATTRIBUTES: readonly XmlAttribute[] = [];

/**
 * An element (start tag only) from saxes' tag, its attributes in the order written. Most elements
 * have none: for them, no array is made.
 */
function elementOf(tag: SaxesTagNS, names: Map<string, string>): XmlElement {
  let attributes = NO_ATTRIBUTES;
  const byName = tag.attributes as Record<string, SaxesAttributeNS>;
  for (const key in byName) {
    const a = byName[key];
    if (attributes === NO_ATTRIBUTES) attributes = [];
    (attributes as XmlAttribute[]).push({ name: a.name, ns: a.uri ?? '', local: a.local, value: a.value });
  }
  // One string per name (saxes reads each tag's name anew): a feed uses a few dozen, so its tree need
  // not hold a copy per element. At most MAX_NAMES per document, whatever it holds.
  let name = names.get(tag.name);
  if (name === undefined) {
    name = tag.name;
    if (names.size < MAX_NAMES) names.set(name, name);
  }
  const local = tag.local ?? localOf(name);
  let own = names.get(local);
  if (own === undefined) {
    own = local;
    if (names.size < MAX_NAMES) names.set(own, own);
  }
  return new XmlElement(name, tag.uri ?? '', own, attributes);
}
const MAX_NAMES = 1000;

const WHITE = /^[ \t\r\n]*$/;

/** saxes' state number for "inside `&...;`" (saxes 6, `S_ENTITY`). */
const SAXES_ENTITY_STATE = 14;
const REFERENCE_END = /[\s<>&;"']/;

/**
 * saxes reads everything after a bare `&` up to the next `;` as the reference's name, so the most
 * common flaw in a feed, `Fish & chips`, is reported far away (at the next `;`, or at the end as an
 * unclosed tag). This looks ahead from the `&` instead and fails right there when no `;` ends a name.
 */
function failBareAmpersandEarly(parser: SaxesParser): void {
  const p = parser as unknown as {
    stateTable: Array<() => void>;
    chunk: string;
    i: number;
    entity: string;
    fail(m: string): void;
    sEntity: () => void;
  };
  // Only on the saxes this was written for: another version may number its states otherwise, and
  // then this stands aside (tests/unit/xml.test.ts, which expects the error at the `&`, fails).
  if (!Array.isArray(p.stateTable) || p.stateTable[SAXES_ENTITY_STATE] !== p.sEntity) return;
  const original = p.stateTable[SAXES_ENTITY_STATE];
  p.stateTable[SAXES_ENTITY_STATE] = function (this: typeof p) {
    if (this.entity === '') {
      const ahead = this.chunk.slice(this.i, this.i + 64);
      const m = REFERENCE_END.exec(ahead);
      if (m && m[0] !== ';') this.fail('"&" not starting a character or entity reference (write it as &amp;)');
      else if (m && m.index === 0) this.fail('empty entity name');
    }
    original.call(this);
  };
}

/**
 * A strict, streaming XML reader: write chunks, then close. Not-well-formed XML is an error with its
 * line and column; so is a refused DOCTYPE or nesting beyond MAX_DEPTH.
 */
export class XmlReader {
  private readonly parser: SaxesParser<{ xmlns: true; position: true }>;
  private readonly builder: TreeBuilder;
  private started = false;
  /** Namespace declarations of the open elements of the tree (not those inside a kept element). */
  private readonly declared: Array<Record<string, string>> = [];
  /** inScope()'s answer until `declared` changes (the same object: items beside each other share it). */
  private scope: Record<string, string> | null = null;
  /** The source from the kept element's start on (else from the last `<`), as the pieces it came in. */
  private readonly source = new SourceWindow();
  /** Where the last start or end tag the parser read ended. */
  private tagEnd = 0;
  /** Element names read so far, one string each (elementOf). */
  private readonly names = new Map<string, string>();
  /** Namespaces are tracked here only for keepSource (inScope, itemAt). */
  private readonly keeping: boolean;
  /** The element being kept as source: its start tag, where it began, and how deep inside it the parser is. */
  private kept: {
    el: XmlElement;
    start: number;
    /** Its elements still open (itself included). */
    open: number;
    namespaces: Record<string, string>;
    /** Its depth in the document (the root is 1). */
    depth: number;
    oversized?: boolean;
  } | null = null;

  constructor(private readonly options: XmlReadOptions = {}) {
    this.parser = new SaxesParser({ xmlns: true, position: true, additionalNamespaces: options.namespaces });
    const where = () => {
      const { line, column } = this.parser;
      const part = options.partOf;
      if (!part) return `line ${line}, column ${column}`;
      return `line ${line + part.lines}, column ${Math.max(1, line === 1 ? column + part.columns : column)}`;
    };
    this.builder = new TreeBuilder(options, where);
    this.keeping = Boolean(options.keepSource);
    const p = this.parser;
    failBareAmpersandEarly(p);
    p.on('error', (err: Error) => {
      const reason = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
      throw new DocumentError(`malformed XML: ${reason} at ${where()}`);
    });
    p.on('doctype', (doctype: string) => checkDoctype(doctype, where()));
    p.on('opentag', (tag: SaxesTagNS) => {
      this.tagEnd = p.position;
      if (this.kept) {
        this.kept.open += 1;
        if (this.builder.depth + this.kept.open > MAX_DEPTH)
          throw new DocumentError(`XML nested deeper than ${MAX_DEPTH} elements at ${where()}`, 'document');
        return;
      }
      const el = elementOf(tag, this.names);
      const parent = this.builder.top();
      if (parent && this.keeping && this.options.keepSource!(el, this.builder.depth + 1, parent)) {
        // Its start tag has just been read, and holds no other `<` (not even in attribute values).
        this.kept = {
          el,
          start: this.source.lastOpen(p.position - 1),
          open: 1,
          namespaces: this.inScope(),
          depth: this.builder.depth + 1,
        };
        return;
      }
      if (this.keeping) {
        this.declared.push(tag.ns ?? {});
        this.scope = null;
      }
      this.builder.open(el, p.position);
    });
    // Emitted for self-closing tags too.
    p.on('closetag', () => {
      this.tagEnd = p.position;
      if (this.kept) {
        this.kept.open -= 1;
        if (this.kept.open === 0) this.emitKept(p.position);
        return;
      }
      if (this.keeping) {
        this.declared.pop();
        this.scope = null;
      }
      this.builder.close(p.position);
    });
    p.on('text', (t: string) => {
      if (!this.kept) this.builder.text(t);
    });
    p.on('cdata', (t: string) => {
      if (!this.kept) this.builder.text(t);
    });
  }

  write(chunk: string): this {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (!this.options.keepSource) {
      this.parser.write(chunk);
      return this;
    }
    this.source.append(chunk);
    this.parser.write(chunk);
    // What is still needed: the kept element's source so far (none once it is over the limit: it is
    // only reported), else from the last `<` on (a start tag the piece cut off).
    const max = this.options.maxElementChars;
    if (this.kept && max && this.source.end - this.kept.start > max) this.kept.oversized = true;
    // (The last `<` matters only while its tag is still being read: once a tag ended after it, no.)
    const lt = this.source.lastLt;
    const open = this.kept && !this.kept.oversized ? this.kept.start : lt >= this.tagEnd ? lt : -1;
    this.source.dropBefore(open === -1 || this.kept?.oversized ? this.source.end : open);
    return this;
  }

  private emitKept(end: number): void {
    const { el, start, namespaces, oversized, depth } = this.kept!;
    this.kept = null;
    const max = this.options.maxElementChars;
    if (oversized || (max && end - start > max)) {
      if (!this.options.onOversized)
        throw new DocumentError(
          `<${el.name}> ending at line ${this.parser.line} is larger than ${max} characters`,
          el.name,
        );
      this.options.onOversized(el, end - start);
      return;
    }
    const source = this.source.slice(start, end);
    this.options.onSource?.({ el, source, namespaces, depth });
  }

  /**
   * Would the start tag `name`, coming next, be kept (keepSource)? `declarations` are its own
   * `xmlns` attributes. Returns the namespaces in scope around it, or null (formats/cut.ts asks).
   */
  itemAt(
    name: string,
    declarations: Record<string, string>,
  ): { namespaces: Record<string, string>; depth: number } | null {
    const parent = this.builder.top();
    if (this.kept || !parent || !this.options.keepSource) return null;
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const namespaces = this.inScope();
    const ns = prefix in declarations ? declarations[prefix] : prefix === 'xml' ? XML_URI : namespaces[prefix];
    if (ns === undefined && prefix) return null;
    const el = new XmlElement(name, ns ?? '', name.slice(colon + 1), []);
    const depth = this.builder.depth + 1;
    return this.options.keepSource(el, depth, parent) ? { namespaces, depth } : null;
  }

  /** The namespaces declared around the next element, nearest declaration first. */
  private inScope(): Record<string, string> {
    if (this.scope) return this.scope;
    const scope: Record<string, string> = {};
    for (let i = this.declared.length - 1; i >= 0; i -= 1)
      for (const [prefix, uri] of Object.entries(this.declared[i])) if (!(prefix in scope)) scope[prefix] = uri;
    // Frozen: items beside each other share it, and what is made of it is made once (SourceElementReader).
    return (this.scope = Object.freeze(scope));
  }

  /** The root element as far as read so far (detached elements are not in it). */
  peekRoot(): XmlElement | null {
    return this.builder.root;
  }

  /**
   * Ready to read another document, as a new reader would (saxes resets itself when a document
   * closes well). Only after close() returned, and only for a reader that keeps nothing as source
   * (its namespaces and source window are not reset): a reader that threw is left as it is.
   */
  reuse(): this {
    if (this.keeping) throw new Error('formats/xml: a reader keeping items as source is not reused');
    if (!this.parser.closed && this.parser.line === 1 && this.parser.column === 0 && this.parser.position === 0) {
      this.builder.reset();
      this.started = false;
      this.tagEnd = 0;
      return this;
    }
    throw new Error('formats/xml: a reader is reused only once its document closed');
  }

  /** Ends the document and returns its root (what is left of it after detaching). */
  close(): XmlElement {
    if (!this.builder.root) {
      this.parser.close();
      throw new DocumentError('empty XML document');
    }
    this.parser.close();
    return this.builder.root;
  }
}

/** The element an item kept as source is read inside (see SourceElementReader). */
const WRAPPER_OPEN = '<source>';
const WRAPPER_CLOSE = '</source>';

/**
 * Reads elements kept as source (XmlReadOptions.keepSource) into their trees, one after another, each
 * inside a wrapper element with the namespaces that were in scope around it given to the parser
 * (XmlReadOptions.namespaces), so every name resolves as it did in its document. A stream's items are
 * read by one of these: one parser for them all while they share their namespaces object (items
 * beside each other do; nothing changes it: XmlReader freezes it), used again only after it read an
 * item through (an item that threw leaves it, and the next gets a new one). The namespaces are given
 * to the parser, not written on the wrapper as declarations: read anew for every item, those cost a
 * tenth of reading the item.
 */
export class SourceElementReader {
  /** Where the item being read stands (XmlReadOptions.partOf; the reader reads it when it needs it). */
  private readonly part = { depth: 0, lines: 0, columns: 0 };
  private reader: XmlReader | null = null;
  /** The namespaces the reader was made with. */
  private namespaces: Record<string, string> | null = null;

  read(
    source: string,
    namespaces: Record<string, string>,
    at: { line: number; column: number } = { line: 1, column: 1 },
    depth = 2,
  ): XmlElement {
    if (this.namespaces !== namespaces) {
      this.reader = null;
      this.namespaces = namespaces;
    }
    // The wrapper stands for the item's parent: nesting counts from the item's depth in its document,
    // and an error is placed where the item stands there.
    this.part.depth = depth - 2;
    this.part.lines = at.line - 1;
    this.part.columns = at.column - 1 - WRAPPER_OPEN.length;
    // Taken while it reads: given back only when the item was read through.
    const reader = this.reader ?? new XmlReader({ partOf: this.part, namespaces });
    this.reader = null;
    // Three writes, not one string made of them: saxes reads a joined string more slowly.
    const root = reader.write(WRAPPER_OPEN).write(source).write(WRAPPER_CLOSE).close();
    this.reader = reader.reuse();
    const { children } = root;
    for (let i = 0; i < children.length; i += 1) {
      const c = children[i];
      if (typeof c !== 'string') return c;
    }
    throw new DocumentError('malformed XML: an item without its element', 'document');
  }
}

/** Reads one element kept as source (see SourceElementReader). */
export function readSourceElement(
  source: string,
  namespaces: Record<string, string>,
  at: { line: number; column: number } = { line: 1, column: 1 },
  depth = 2,
): XmlElement {
  return new SourceElementReader().read(source, namespaces, at, depth);
}

/** Parses a whole document into its root element (strict; see XmlReader). */
export function parseXml(input: string, options: XmlReadOptions = {}): XmlElement {
  return new XmlReader(options).write(input).close();
}

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';
const XML_URI = 'http://www.w3.org/XML/1998/namespace';

/**
 * The forgiving reader for feeds marked `lenient` (htmlparser2 in XML mode): unclosed and mismatched
 * tags are closed where they best fit, HTML entities are decoded, unbound prefixes mean no
 * namespace. Namespaces are resolved here, as saxes does for strict reading, so both readers give
 * the same tree. Entity declarations and external DTDs are refused all the same, and so is nesting
 * beyond MAX_DEPTH.
 */
export class LenientXmlReader {
  private readonly builder: TreeBuilder;
  private readonly parser: ForgivingParser;
  private readonly scopes: Array<Record<string, string>> = [{ xml: XML_URI, xmlns: XMLNS_URI }];
  private started = false;

  constructor(options: XmlReadOptions = {}) {
    const where = () => `character ${this.parser.startIndex + 1}`;
    this.builder = new TreeBuilder(options, where);
    const lookup = (prefix: string) => {
      for (let i = this.scopes.length - 1; i >= 0; i -= 1) if (prefix in this.scopes[i]) return this.scopes[i][prefix];
      return '';
    };
    this.parser = new ForgivingParser(
      {
        onprocessinginstruction: (name, data) => {
          // Declarations come here too, `<` left off; a DOCTYPE's internal subset may be cut at its
          // first `>`, so an entity declaration may arrive as a declaration of its own.
          if (/^!/.test(name) && /!ENTITY/i.test(data)) checkDoctype(`<${data}`, where());
        },
        onopentag: (name, attribs) => {
          const scope: Record<string, string> = {};
          for (const [k, v] of Object.entries(attribs)) {
            if (k === 'xmlns') scope[''] = v;
            else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
          }
          this.scopes.push(scope);
          const split = (q: string) => {
            const colon = q.indexOf(':');
            return colon === -1 ? ['', q] : [q.slice(0, colon), q.slice(colon + 1)];
          };
          const [prefix, local] = split(name);
          const attributes: XmlAttribute[] = Object.entries(attribs).map(([k, value]) => {
            const [p, l] = split(k);
            const ns = k === 'xmlns' ? XMLNS_URI : p ? lookup(p) : '';
            return { name: k, ns, local: k === 'xmlns' ? 'xmlns' : l, value };
          });
          this.builder.open(new XmlElement(name, lookup(prefix), local, attributes), this.parser.startIndex);
        },
        onclosetag: () => {
          this.scopes.pop();
          this.builder.close(this.parser.endIndex);
        },
        ontext: (t) => this.builder.text(t),
      },
      { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
    );
  }

  write(chunk: string): this {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.parser.write(chunk);
    return this;
  }

  /** The root element as far as read so far. */
  peekRoot(): XmlElement | null {
    return this.builder.root;
  }

  close(): XmlElement {
    this.parser.end();
    if (!this.builder.root) throw new DocumentError('empty XML document (read leniently)');
    return this.builder.root;
  }
}

/** A strict or a forgiving reader, as the document asks. */
export function xmlReader(
  doc: Pick<RawDocument, 'lenient'>,
  options: XmlReadOptions = {},
): XmlReader | LenientXmlReader {
  return doc.lenient ? new LenientXmlReader(options) : new XmlReader(options);
}

/** A document's root element: strict, or forgiving when the feed is marked `lenient`. */
export function readXml(doc: Pick<RawDocument, 'text' | 'lenient'>, options: XmlReadOptions = {}): XmlElement {
  return xmlReader(doc, options).write(doc.text).close();
}

/** The root element's namespace and local name, read from the document's start without a full parse. */
export function rootElement(text: string): { ns: string; localName: string; name: string } | null {
  const parser = new SaxesParser({ xmlns: true });
  let found: { ns: string; localName: string; name: string } | null = null;
  const STOP = {};
  parser.on('error', () => {
    throw STOP;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    found = { ns: tag.uri ?? '', localName: tag.local ?? localOf(tag.name), name: tag.name };
    throw STOP;
  });
  // The root's start tag is in the first few KB; a long comment or DOCTYPE before it is odd enough.
  const head = text.charCodeAt(0) === 0xfeff ? text.slice(1, 16385) : text.slice(0, 16384);
  try {
    parser.write(head);
  } catch (e) {
    if (e !== STOP) throw e;
  }
  // Not well-formed before the root: find it forgivingly, so the format is still recognised and its
  // parse reports the error with line and column (or reads it, for a lenient feed).
  if (!found) {
    try {
      const lenient = new LenientXmlReader({ detach: () => false });
      lenient.write(head);
      const root = lenient.peekRoot();
      if (root) found = { ns: root.ns, localName: root.localName, name: root.name };
    } catch {
      // a refused DOCTYPE or the like: the parse says so
    }
  }
  return found;
}

/** Is the document's root `vocab:local` (any of the names given)? */
export function rootIs(text: string, ...names: string[]): boolean {
  const root = rootElement(text);
  if (!root) return false;
  return names.some((n) => {
    const { uris, local } = resolveName(n, '');
    return root.localName === local && uris.includes(root.ns);
  });
}
