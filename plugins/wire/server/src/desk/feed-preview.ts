/**
 * "Test" at the desk: a document read exactly as ingest would read it (decode, parse with the
 * format registry, prepare each item), without storing anything. No Strapi, no database: bytes or
 * text in, preview out.
 */
import { detectFormat, formatByName, parseDocument } from '../formats/registry';
import { DocumentError, type AgencyRef, type ItemProblem, type StreamedItems, type WireItem } from '../formats/types';
import { prepareItem, type PrepareContext, type PreparedArticle } from '../ingest/prepare';
import { WHOLE_FILE_BYTES, type DocumentText } from '../ingest/stream';
import { describeTerms } from '../normalise/licence';
import { decodeBytes } from '../normalise/encoding';
import type { FeedPreview, PreviewItem } from '../../../shared/desk-api';

// The answer's shape is shared with the desk (shared/desk-api.ts).
export type { FeedPreview, PreviewItem };

const EXCERPT_CHARS = 280;

export interface PreviewOptions {
  origin: string;
  charset?: string | null;
  format?: string;
  defaultAgency?: AgencyRef | null;
  show?: number;
  lenient?: boolean;
  /** Largest item's XML, in characters, when the document is read item by item (WIRE_MAX_ITEM_BYTES). */
  maxItemChars?: number;
}

/** The preview being built: items are added as they are read, only the first `show` kept in full. */
function previewBuilder(format: string, options: PreviewOptions) {
  const out: FeedPreview = { format, items: 0, accepted: 0, rejected: [], warnings: [], preview: [] };
  const show = options.show ?? 5;
  return {
    out,
    problems(found: ItemProblem[]) {
      for (const p of found) {
        if (p.warning) out.warnings.push({ item: p.item, field: p.field, reason: p.reason });
        else {
          out.items += 1;
          out.rejected.push({ item: p.item, guid: p.guid ?? null, field: p.field, reason: p.reason });
        }
      }
    },
    item(item: WireItem, index: number, context: PrepareContext) {
      out.items += 1;
      const result = prepareItem(item, index, context);
      if (!result.ok) {
        out.rejected.push({
          item: result.problem.item,
          guid: result.problem.guid ?? null,
          field: result.problem.field,
          reason: result.problem.reason,
        });
        return;
      }
      out.accepted += 1;
      if (out.preview.length < show) out.preview.push(previewItem(result.article, index));
    },
    done(): FeedPreview {
      out.rejected.sort((x, y) => x.item - y.item);
      return out;
    },
  };
}

function previewItem(a: PreparedArticle, index: number): PreviewItem {
  return {
    item: index,
    guid: a.guid,
    headline: a.headline,
    agency: a.agency.name ? `${a.agency.name} (${a.agency.code})` : a.agency.code,
    dateline: a.dateline?.text ?? null,
    byline: a.byline,
    versionCreated: a.versionCreated?.toISOString() ?? null,
    embargoedUntil: a.embargoedUntil?.toISOString() ?? null,
    pubStatus: a.pubStatus,
    wordCount: a.wordCount,
    excerpt:
      a.bodyText.length > EXCERPT_CHARS ? `${a.bodyText.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')}…` : a.bodyText,
    licence: a.licence ? { notice: a.licence.notice, terms: describeTerms(a.licence.terms) } : null,
  };
}

/** A document in memory (an uploaded or dropped file), read whole. */
export function previewDocument(bytes: Buffer, options: PreviewOptions): FeedPreview {
  const decoded = decodeBytes(bytes, options.charset ?? null);
  return previewWhole(decoded.text, decoded.note, options);
}

function previewWhole(text: string, note: string | null, options: PreviewOptions): FeedPreview {
  const parsed = parseDocument(
    { text, origin: options.origin, lenient: options.lenient, agencyGiven: !!options.defaultAgency },
    options.format || 'auto',
  );
  const builder = previewBuilder(parsed.format, options);
  if (note) builder.out.warnings.push({ item: 0, field: 'encoding', reason: note });
  builder.problems(parsed.problems);
  const context = { defaultAgency: options.defaultAgency ?? null, feedTitle: parsed.feedTitle };
  parsed.items.forEach((item, k) => builder.item(item, k + 1, context));
  return builder.done();
}

/**
 * A document as it arrives (a fetched feed's body): RSS, Atom and G2 messages read item by item, so
 * a large feed is previewed without being held whole; other formats read whole, as ingest reads them.
 * A body that breaks off fails the preview with its reason.
 */
export async function previewText(text: DocumentText, options: PreviewOptions): Promise<FeedPreview> {
  const name = options.format || 'auto';
  const format =
    name === 'auto'
      ? detectFormat({ text: text.whole ?? text.head, origin: options.origin, agencyGiven: !!options.defaultAgency })
      : formatByName(name);
  if (!format.streamItems || text.whole !== null) {
    if (text.whole === null)
      throw new DocumentError(
        `a ${format.name} document is read whole, and this one is over the ${WHOLE_FILE_BYTES}-byte limit for that`,
        'file',
      );
    return previewWhole(text.whole, text.note, { ...options, format: format.name });
  }
  const stream = format.streamItems(
    { origin: options.origin, lenient: options.lenient },
    { maxItemChars: options.maxItemChars ?? 2 * 1024 * 1024 },
  );
  const builder = previewBuilder(format.name, options);
  let context: PrepareContext | null = null;
  const take = (batch: StreamedItems) => {
    builder.problems(batch.problems);
    for (const { index, item } of batch.items)
      builder.item(
        item,
        index,
        (context ??= { defaultAgency: options.defaultAgency ?? null, feedTitle: stream.feedTitle() }),
      );
  };
  for await (const piece of text.pieces()) take(stream.write(piece));
  take(stream.close());
  if (text.note) builder.out.warnings.unshift({ item: 0, field: 'encoding', reason: text.note });
  return builder.done();
}
