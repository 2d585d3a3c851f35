/**
 * "Test" at the desk: a fetched document read exactly as ingest would read it (decode, parse with
 * the format registry, prepare each item), without storing anything. Pure: bytes in, preview out.
 */
import { parseDocument } from '../formats/registry';
import type { AgencyRef } from '../formats/types';
import { prepareItem } from '../ingest/prepare';
import { describeTerms } from '../normalise/licence';
import { decodeBytes } from '../normalise/encoding';
import type { FeedPreview, PreviewItem } from '../../../shared/desk-api';

// The answer's shape is shared with the desk (shared/desk-api.ts).
export type { FeedPreview, PreviewItem };

const EXCERPT_CHARS = 280;

export function previewDocument(bytes: Buffer, options: { origin: string; charset?: string | null; format?: string; defaultAgency?: AgencyRef | null; show?: number; lenient?: boolean }): FeedPreview {
  const decoded = decodeBytes(bytes, options.charset ?? null);
  const parsed = parseDocument({ text: decoded.text, origin: options.origin, lenient: options.lenient }, options.format || 'auto');
  const rejected: FeedPreview['rejected'] = [];
  const warnings: FeedPreview['warnings'] = decoded.note ? [{ item: 0, field: 'encoding', reason: decoded.note }] : [];
  for (const p of parsed.problems) {
    if (p.warning) warnings.push({ item: p.item, field: p.field, reason: p.reason });
    else rejected.push({ item: p.item, guid: p.guid ?? null, field: p.field, reason: p.reason });
  }
  const preview: PreviewItem[] = [];
  let accepted = 0;
  const context = { defaultAgency: options.defaultAgency ?? null, feedTitle: parsed.feedTitle };
  for (const [k, item] of parsed.items.entries()) {
    const result = prepareItem(item, k + 1, context);
    if (!result.ok) {
      rejected.push({ item: result.problem.item, guid: result.problem.guid ?? null, field: result.problem.field, reason: result.problem.reason });
      continue;
    }
    accepted += 1;
    if (preview.length >= (options.show ?? 5)) continue;
    const a = result.article;
    preview.push({
      item: k + 1,
      guid: a.guid,
      headline: a.headline,
      agency: a.agency.name ? `${a.agency.name} (${a.agency.code})` : a.agency.code,
      dateline: a.dateline?.text ?? null,
      byline: a.byline,
      versionCreated: a.versionCreated?.toISOString() ?? null,
      embargoedUntil: a.embargoedUntil?.toISOString() ?? null,
      pubStatus: a.pubStatus,
      wordCount: a.wordCount,
      excerpt: a.bodyText.length > EXCERPT_CHARS ? `${a.bodyText.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')}…` : a.bodyText,
      licence: a.licence ? { notice: a.licence.notice, terms: describeTerms(a.licence.terms) } : null,
    });
  }
  rejected.sort((x, y) => x.item - y.item);
  return { format: parsed.format, items: parsed.items.length + parsed.problems.filter((p) => !p.warning).length, accepted, rejected, warnings, preview };
}
