/**
 * The format registry: every format module registers here, and detection asks each in turn.
 * Order matters only where two formats could claim the same bytes (most specific first).
 */
import { isStackOverflow, MAX_DEPTH } from '../normalise/depth';
import { atom } from './atom';
import { iptc7901 } from './iptc7901';
import { newsml1 } from './newsml-1';
import { newsmlG2 } from './newsml-g2';
import { ninjs } from './ninjs';
import { nitf } from './nitf';
import { rss } from './rss';
import { plainText } from './plain-text';
import { rootElement } from './xml';
import { DocumentError, type FeedFormat, type ParseResult, type RawDocument } from './types';

const FORMATS: FeedFormat[] = [rss, atom, newsmlG2, nitf, newsml1, ninjs, iptc7901, plainText];

/** Aliases a feed may use to name its format. */
const ALIASES: Record<string, string> = {
  anpa: 'iptc7901',
  'anpa-1312': 'iptc7901',
  g2: 'newsml-g2',
  newsml: 'newsml-g2',
  'newsml-1': 'newsml-1.2',
  newsml1: 'newsml-1.2',
  'uspa-text': 'plain-text',
  'wire-text': 'plain-text',
};

export function formatNames(): string[] {
  return FORMATS.map((f) => f.name);
}

export function formatByName(name: string): FeedFormat {
  const format = FORMATS.find((f) => f.name === (ALIASES[name] ?? name));
  if (!format)
    throw new DocumentError(`unknown format "${name}" (known: ${formatNames().join(', ')}, or auto)`, 'format');
  return format;
}

export function detectFormat(doc: RawDocument): FeedFormat {
  const format = FORMATS.find((f) => f.detect(doc));
  if (!format) {
    // Named by its size and, for XML, its root element, never quoted: the document may be a file
    // that is not ours to show.
    const root = /^\s*</.test(doc.text.slice(0, 200)) ? rootElement(doc.text) : null;
    const xml = root
      ? `; its root element is <${root.name}>${root.ns ? ` in namespace "${root.ns}"` : ' in no namespace'}`
      : '';
    throw new DocumentError(
      `not a known wire format (tried ${formatNames().join(', ')}); ${doc.text.length} characters${xml}`,
      'format',
    );
  }
  return format;
}

/** Parse a decoded document with a named format, or detect it by content when `format` is auto. */
export function parseDocument(doc: RawDocument, format: string = 'auto'): ParseResult {
  const parser = !format || format === 'auto' ? detectFormat(doc) : formatByName(format);
  try {
    return parser.parse(doc);
  } catch (error) {
    // Whatever a parser throws is this document's problem, never the batch's or the server's.
    if (error instanceof DocumentError) throw error;
    if (isStackOverflow(error))
      throw new DocumentError(`document nested too deeply to read (limit ${MAX_DEPTH} levels)`, 'document');
    throw new DocumentError(
      `could not read as ${parser.name}: ${(error as Error)?.message ?? String(error)}`,
      'document',
    );
  }
}
