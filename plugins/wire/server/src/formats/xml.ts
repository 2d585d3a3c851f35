/**
 * Safe XML reading for every XML format. Feed bodies are untrusted: entity declarations (billion
 * laughs, external entities) are refused before parsing, and no DTD is ever fetched (sax, under
 * xml2js, never resolves external references).
 */
import { Parser } from 'xml2js';
import { DocumentError } from './types';

export type XmlNode = { [key: string]: XmlValue[] } & { $?: Record<string, string>; _?: string };
export type XmlValue = string | XmlNode;

export function looksLikeXml(text: string): boolean {
  return /^\s*(?:<\?xml|<!--|<!DOCTYPE|<[A-Za-z])/.test(text);
}

/** Root element name (with prefix), read from the first start tag, without a full parse. */
export function rootElementName(text: string): string | null {
  const head = text.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/g, '');
  const m = /<([A-Za-z_][\w.:-]*)/.exec(head);
  return m ? m[1] : null;
}

export interface XmlRoot {
  name: string;
  node: XmlNode;
}

/** Parses a whole document; returns its root element's name and node. */
export function parseXml(text: string): XmlRoot {
  if (/<!ENTITY/i.test(text)) {
    throw new DocumentError('XML entity declarations are refused (entity expansion and external entities are not allowed)', 'DOCTYPE');
  }
  let result: XmlNode | null = null;
  let failure: Error | null = null;
  const parser = new Parser({ explicitArray: true, explicitRoot: true, trim: false, normalize: false, strict: true, async: false });
  parser.parseString(text, (err: Error | null, value: XmlNode) => {
    failure = err;
    result = value;
  });
  if (failure) {
    const message = String((failure as Error).message).split('\n').join(' ');
    throw new DocumentError(`malformed XML: ${message}`);
  }
  const doc = result as Record<string, XmlValue> | null;
  const name = doc ? Object.keys(doc)[0] : undefined;
  if (!doc || !name) throw new DocumentError('empty XML document');
  const node = doc[name];
  return { name, node: typeof node === 'string' ? ({ _: node } as XmlNode) : node };
}

/** Text of a node as xml2js gives it (a string, or an object whose `_` is the text). */
export function textOf(value: XmlValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return typeof value._ === 'string' ? value._ : '';
}

export function first(node: XmlNode | undefined, name: string): XmlValue | undefined {
  return node?.[name]?.[0];
}

export function firstText(node: XmlNode | undefined, ...names: string[]): string {
  for (const name of names) {
    const text = textOf(first(node, name)).trim();
    if (text) return text;
  }
  return '';
}

export function attr(value: XmlValue | undefined, name: string): string | null {
  if (!value || typeof value === 'string') return null;
  return value.$?.[name] ?? null;
}

export function children(node: XmlNode | undefined, name: string): XmlValue[] {
  return node?.[name] ?? [];
}
