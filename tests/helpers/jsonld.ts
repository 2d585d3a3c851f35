/**
 * JSON-LD for the policy tests, offline: `jsonld` (the W3C JSON-LD processor for JavaScript)
 * expands a document with a document loader that answers only for ODRL's context, from
 * tests/fixtures/jsonld/odrl-context.json. That file is our own minimal mapping of the terms Wire's
 * policies use to the IRIs the ODRL 2.2 vocabulary gives them (written for these tests, not a copy
 * of W3C's context document); any other URL is refused, so nothing is fetched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
// jsonld ships no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonld = require('jsonld');

const ODRL_CONTEXT_URL = 'http://www.w3.org/ns/odrl.jsonld';
const ODRL_CONTEXT = JSON.parse(
  readFileSync(path.join(__dirname, '../fixtures/jsonld/odrl-context.json'), 'utf8'),
) as Record<string, unknown>;

async function documentLoader(url: string) {
  if (url === ODRL_CONTEXT_URL || url === 'https://www.w3.org/ns/odrl.jsonld')
    return { contextUrl: null, documentUrl: url, document: ODRL_CONTEXT };
  throw new Error(`the tests load no documents from the network (asked for ${url})`);
}

const KEYWORDS = new Set(['@id', '@type', '@value', '@list', '@set', '@language', '@index', '@graph']);
const absolute = (iri: string) => /^[a-z][a-z0-9+.-]*:/i.test(iri) && !/^(?:wire|tdm|odrl|vcard|rdf|xsd):/.test(iri);

/**
 * The document expanded in safe mode (a term that maps to no IRI, or a relative IRI, is an error,
 * not silently dropped), and every property, type and node id in it checked to be an absolute IRI.
 */
export async function expandStrictly(doc: unknown): Promise<any[]> {
  const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
  const problems: string[] = [];
  const walk = (value: unknown, where: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}[${i}]`));
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('@')) {
        if (!KEYWORDS.has(key)) problems.push(`${where}: keyword ${key}`);
        if (key === '@id' && !absolute(String(inner))) problems.push(`${where}: @id ${String(inner)}`);
        if (key === '@type')
          for (const t of ([] as unknown[]).concat(inner))
            if (!absolute(String(t))) problems.push(`${where}: @type ${String(t)}`);
        if (key !== '@value') walk(inner, `${where}.${key}`);
        continue;
      }
      if (!absolute(key)) problems.push(`${where}: property ${key}`);
      walk(inner, `${where}.${key}`);
    }
  };
  walk(expanded, '$');
  if (problems.length) throw new Error(`terms that resolve to no IRI:\n${problems.join('\n')}`);
  return expanded;
}

/** Every value of one property (a full IRI) anywhere in an expanded document. */
export function valuesOf(expanded: unknown, property: string): any[] {
  const out: any[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === property) out.push(...([] as unknown[]).concat(inner));
      walk(inner);
    }
  };
  walk(expanded);
  return out;
}

export const ODRL = 'http://www.w3.org/ns/odrl/2/';
