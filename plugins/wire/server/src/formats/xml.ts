/**
 * Safe XML reading for every XML format, into a small ordered DOM. Order matters: NITF, G2 and Atom
 * bodies are mixed content (text and inline elements) that must come out as written.
 *
 * Feed bodies are untrusted: entity declarations (billion laughs, external entities) are refused
 * before parsing, and no DTD is ever fetched (sax, under xml2js, never resolves external references).
 */
import { Parser } from 'xml2js';
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

export function looksLikeXml(text: string): boolean {
  return /^\s*(?:<\?xml|<!--|<!DOCTYPE|<[A-Za-z])/.test(text);
}

/** Root element name (with prefix), read from the first start tag, without a full parse. */
export function rootElementName(text: string): string | null {
  const head = text.slice(0, 8192).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/g, '');
  const m = /^\s*<([A-Za-z_][\w.:-]*)/.exec(head);
  return m ? m[1] : null;
}

type RawNode = { '#name': string; $?: Record<string, string>; $$?: RawNode[]; _?: string };

function toElement(node: RawNode): XmlElement {
  const children: XmlChild[] = [];
  for (const c of node.$$ ?? []) {
    if (c['#name'] === '__text__' || c['#name'] === '__cdata__') children.push(c._ ?? '');
    else children.push(toElement(c));
  }
  return new XmlElement(node['#name'], node.$ ?? {}, children);
}

const PARSER_OPTIONS = {
  explicitArray: true,
  explicitRoot: true,
  explicitChildren: true,
  preserveChildrenOrder: true,
  charsAsChildren: true,
  includeWhiteChars: true,
  trim: false,
  normalize: false,
  strict: true,
  async: false,
};

/** Parses a whole document into its root element. */
export function parseXml(text: string): XmlElement {
  if (/<!ENTITY/i.test(text)) {
    throw new DocumentError('XML entity declarations are refused (entity expansion and external entities are not allowed)', 'DOCTYPE');
  }
  let result: Record<string, RawNode> | null = null;
  let failure: Error | null = null;
  new Parser(PARSER_OPTIONS).parseString(text, (err: Error | null, value: Record<string, RawNode>) => {
    failure = err;
    result = value;
  });
  if (failure) throw new DocumentError(`malformed XML: ${String((failure as Error).message).replace(/\s+/g, ' ')}`);
  const root = result ? Object.values(result as Record<string, RawNode>)[0] : null;
  if (!root || typeof root !== 'object') throw new DocumentError('empty XML document');
  return toElement(root);
}
