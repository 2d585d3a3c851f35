/**
 * Safe XML reading for every XML format, into a small ordered DOM. Order matters: NITF, G2 and Atom
 * bodies are mixed content (text and inline elements) that must come out as written.
 *
 * Feed bodies are untrusted: entity declarations (billion laughs, external entities) are refused
 * before parsing, no DTD is ever read or fetched, and only XML's own five entities and character
 * references are decoded.
 */
import { DocumentError } from './types';

export type XmlChild = XmlElement | string;

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'col', 'area', 'base', 'wbr', 'source']);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const local = (name: string) => name.slice(name.indexOf(':') + 1);

export class XmlElement {
  constructor(
    /** Qualified name as written, e.g. `dc:creator`. */
    readonly name: string,
    readonly attrs: Record<string, string>,
    readonly children: XmlChild[],
  ) {}

  /** Name without its namespace prefix. */
  get localName(): string {
    return local(this.name);
  }

  /** `name` with a prefix matches the qualified name; without one, the local name. */
  private matches(el: XmlElement, name: string): boolean {
    return name.includes(':') ? el.name === name : el.localName === name;
  }

  elements(): XmlElement[] {
    return this.children.filter((c): c is XmlElement => typeof c !== 'string');
  }

  child(name: string): XmlElement | null {
    return this.elements().find((e) => this.matches(e, name)) ?? null;
  }

  all(name: string): XmlElement[] {
    return this.elements().filter((e) => this.matches(e, name));
  }

  /** Follows a path of child names, e.g. `docdata/doc-id`. */
  find(path: string): XmlElement | null {
    let el: XmlElement | null = this;
    for (const step of path.split('/')) el = el?.child(step) ?? null;
    return el;
  }

  /** Every descendant with this name, depth first. */
  descendants(name: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const e of this.elements()) {
      if (this.matches(e, name)) out.push(e);
      out.push(...e.descendants(name));
    }
    return out;
  }

  attr(name: string): string | null {
    if (name in this.attrs) return this.attrs[name];
    const key = Object.keys(this.attrs).find((k) => local(k) === name);
    return key === undefined ? null : this.attrs[key];
  }

  /** All text below this element, as written (entities decoded). */
  text(): string {
    return this.children.map((c) => (typeof c === 'string' ? c : c.text())).join('');
  }

  /** Trimmed text with runs of white space folded. */
  clean(): string {
    return this.text().replace(/\s+/g, ' ').trim();
  }

  /** The content serialised as (X)HTML, namespace prefixes dropped: for inline bodies. */
  innerXml(): string {
    return this.children.map((c) => (typeof c === 'string' ? escapeText(c) : c.outerXml())).join('');
  }

  outerXml(): string {
    const attrs = Object.entries(this.attrs)
      .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
      .map(([k, v]) => ` ${local(k)}="${escapeAttr(v)}"`)
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

/** Root element name (with prefix), read from the first start tag, without a full parse. */
export function rootElementName(text: string): string | null {
  const head = text.slice(0, 8192).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/g, '');
  const m = /^\s*<([A-Za-z_][\w.:-]*)/.exec(head);
  return m ? m[1] : null;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Where in the document an index falls, for error messages. */
function lineOf(text: string, index: number): string {
  let line = 1;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    last = i + 1;
  }
  return `line ${line}, column ${index - last + 1}`;
}

/**
 * Character and predefined entity references only: XML without a DTD has no others, and we never
 * read a DTD, so anything else is an error, never an expansion.
 */
function decode(raw: string, text: string, at: number): string {
  if (raw.indexOf('&') === -1) return raw;
  return raw.replace(/&([^;&\s<]{0,32});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new DocumentError(`malformed XML: "&" not starting a reference at ${lineOf(text, at)}`);
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) throw new DocumentError(`malformed XML: bad character reference &${name}; at ${lineOf(text, at)}`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[name];
    if (value === undefined) throw new DocumentError(`malformed XML: undeclared entity &${name}; at ${lineOf(text, at)}`);
    return value;
  });
}

const NAME = /[A-Za-z_:][\w.:\-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:][\w.:\-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;

/**
 * Parses a whole document into its root element. A small non-validating parser of our own: one pass,
 * no DTD, no entity expansion, strict about well-formedness (mismatched or unclosed tags, stray
 * "&", unknown entities, content after the root are errors that say where).
 */
export function parseXml(input: string): XmlElement {
  if (/<!ENTITY/i.test(input)) {
    throw new DocumentError('XML entity declarations are refused (entity expansion and external entities are not allowed)', 'DOCTYPE');
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const fail = (what: string, at: number): never => {
    throw new DocumentError(`malformed XML: ${what} at ${lineOf(text, at)}`);
  };
  const addText = (value: string) => {
    if (!value) return;
    const parent = stack[stack.length - 1];
    if (parent) {
      const last = parent.children.length - 1;
      // Text split by a comment or CDATA section is one text.
      if (last >= 0 && typeof parent.children[last] === 'string') parent.children[last] += value;
      else parent.children.push(value);
    } else if (value.trim()) fail('text outside the root element', i);
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      addText(decode(text.slice(i), text, i));
      break;
    }
    if (lt > i) addText(decode(text.slice(i, lt), text, i));
    i = lt;
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end === -1) fail('unclosed comment', i);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end === -1) fail('unclosed CDATA section', i);
        if (!stack.length) fail('CDATA outside the root element', i);
        addText(text.slice(i + 9, end));
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        // Skipped, never fetched; an internal subset in brackets is skipped with it.
        const bracket = text.indexOf('[', i);
        const close = text.indexOf('>', i);
        if (close === -1) fail('unclosed DOCTYPE', i);
        const subsetEnd = bracket !== -1 && bracket < close ? text.indexOf(']', bracket) : -1;
        const end = subsetEnd !== -1 ? text.indexOf('>', subsetEnd) : close;
        if (end === -1) fail('unclosed DOCTYPE', i);
        i = end + 1;
      } else fail('unknown markup "<!"', i);
    } else if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) fail('unclosed processing instruction', i);
      i = end + 2;
    } else if (next === 0x2f /* / */) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (!m) fail('bad closing tag', i);
      const open = stack.pop();
      if (!open) fail(`closing tag </${m![0]}> without an open element`, i);
      if (open!.name !== m![0]) fail(`closing tag </${m![0]}> does not match <${open!.name}>`, i);
      const end = text.indexOf('>', NAME.lastIndex);
      if (end === -1 || text.slice(NAME.lastIndex, end).trim()) fail(`bad closing tag </${m![0]}>`, i);
      i = end + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(text);
      if (!m) fail('"<" not starting a tag', i);
      const attrs: Record<string, string> = {};
      let at = NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const a = ATTRIBUTE.exec(text);
        if (!a) break;
        attrs[a[1]] = decode(a[2] ?? a[3], text, at);
        at = ATTRIBUTE.lastIndex;
      }
      TAG_END.lastIndex = at;
      const end = TAG_END.exec(text);
      if (!end) fail(`bad tag <${m![0]}>`, i);
      const el = new XmlElement(m![0], attrs, []);
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) fail('a second root element', i);
      else root = el;
      if (!end![1]) stack.push(el);
      i = TAG_END.lastIndex;
    }
  }
  if (stack.length) fail(`unexpected end of document: <${stack[stack.length - 1].name}> is not closed`, text.length);
  if (!root) throw new DocumentError('empty XML document');
  return root;
}
