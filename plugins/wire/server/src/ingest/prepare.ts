/**
 * A parsed item becomes an article ready to store: agency profile applied, body sanitized, plain
 * text and word count alongside, licence terms read, identity and content hash computed, required
 * fields checked. Pure: the same item always prepares to the same article.
 */
import { createHash } from 'node:crypto';
import { applyAgencyProfile } from '../agencies';
import type { AgencyRef, Dateline, ItemProblem, PubStatus, WireItem } from '../formats/types';
import { sanitizeBody } from '../normalise/html';
import { parseLicenceNotice, type ParsedLicence } from '../normalise/licence';
import { htmlToText, wordCount } from '../normalise/text';

export interface PreparedArticle {
  /** `AGENCY:guid`: what makes two deliveries the same story. Unique in the database. */
  identity: string;
  guid: string;
  version: number | null;
  headline: string;
  section: string | null;
  slugline: string | null;
  byline: string | null;
  dateline: Dateline | null;
  agency: AgencyRef;
  body: string;
  bodyText: string;
  wordCount: number;
  language: string | null;
  keywords: string[];
  urgency: number | null;
  pubStatus: PubStatus;
  firstCreated: Date | null;
  versionCreated: Date | null;
  embargoedUntil: Date | null;
  url: string | null;
  /** The item's own rights statement, read into terms; null when it carries none. */
  licence: ParsedLicence | null;
  contentHash: string;
}

export interface PrepareContext {
  /** The feed's default agency, for items whose copy does not name one. */
  defaultAgency?: AgencyRef | null;
  /** The feed's title, to name an agency when nothing else does. */
  feedTitle?: string | null;
}

export const LIMITS = {
  headlineChars: 1000,
  bodyBytes: 2 * 1024 * 1024,
};

export type Prepared = { ok: true; article: PreparedArticle } | { ok: false; problem: ItemProblem };

function agencyFromTitle(title: string): AgencyRef {
  const code = title.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'UNKNOWN';
  return { code, name: title.trim() };
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export function prepareItem(raw: WireItem, index: number, ctx: PrepareContext = {}): Prepared {
  const fail = (field: string, reason: string): Prepared => ({
    ok: false,
    problem: { item: index, guid: raw.guid, field, reason },
  });
  if (Buffer.byteLength(raw.bodyHtml ?? '', 'utf8') > LIMITS.bodyBytes) {
    return fail('body', `body is larger than ${LIMITS.bodyBytes} bytes`);
  }
  const item = applyAgencyProfile(raw);
  const headline = item.headline.replace(/\s+/g, ' ').trim();
  if (!headline) return fail('headline', 'missing headline');
  if (headline.length > LIMITS.headlineChars) return fail('headline', `headline longer than ${LIMITS.headlineChars} characters`);
  const body = sanitizeBody(item.bodyHtml ?? '');
  const bodyText = htmlToText(body);
  if (!bodyText) return fail('body', 'missing body (empty after sanitizing)');

  const agency = item.agency ?? ctx.defaultAgency ?? (ctx.feedTitle ? agencyFromTitle(ctx.feedTitle) : null);
  if (!agency) return fail('agency', 'no agency: the copy names none and the feed has no default agency');

  // Copy without an id (plain text) is identified by its headline: a corrected body is a new version.
  const guid = item.guid?.trim() || item.url?.trim() || `urn:wire:${agency.code.toLowerCase()}:${sha256(headline.toLowerCase()).slice(0, 24)}`;
  const licence = item.rights?.notice.trim() ? parseLicenceNotice(item.rights.notice, item.rights.holder) : null;

  const content = {
    guid, version: item.version, headline, section: item.section, slugline: item.slugline, byline: item.byline,
    dateline: item.dateline, agency: agency.code, body, language: item.language ?? licence?.language ?? null,
    keywords: item.keywords, urgency: item.urgency, pubStatus: item.pubStatus,
    firstCreated: item.firstCreated?.toISOString() ?? null, versionCreated: item.versionCreated?.toISOString() ?? null,
    embargoedUntil: item.embargoedUntil?.toISOString() ?? null, url: item.url, licence: licence?.notice ?? null,
  };
  return {
    ok: true,
    article: {
      ...content,
      identity: `${agency.code}:${guid}`,
      agency,
      bodyText,
      wordCount: wordCount(bodyText),
      firstCreated: item.firstCreated,
      versionCreated: item.versionCreated,
      embargoedUntil: item.embargoedUntil,
      licence,
      contentHash: sha256(content),
    },
  };
}
