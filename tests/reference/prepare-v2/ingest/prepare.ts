// Frozen reference copy (PREPARE_VERSION 2) for tests/unit/prepare-differential.test.ts: see tests/reference/README.md.
/**
 * A parsed item becomes an article ready to store: agency profile applied, body sanitized, plain
 * text and word count alongside, licence terms read, identity and content hash computed, required
 * fields checked. Pure: the same item always prepares to the same article.
 */
import * as crypto from 'node:crypto';
import { applyAgencyProfile } from '../agencies';
import type { AgencyIndex } from '../agencies/directory';
import { resolveAgency } from '../agencies/resolve';
import {
  MEDIA_TYPES,
  type AgencyRef,
  type ImageRef,
  type ItemProblem,
  type ItemType,
  type PackageMember,
  type Rendition,
  type WireItem,
} from '../../../../plugins/wire/server/src/formats/types';
import { splitDateline } from '../normalise/dateline';
import { isStackOverflow, MAX_DEPTH } from '../normalise/depth';
import { readEmbargo } from '../normalise/embargo';
import { htmlDepth, sanitizeBody } from '../normalise/html';
import { parseLicenceNotice, type ParsedLicence } from '../normalise/licence';
import { foldSpaces, guessLanguage, htmlToText, wordCount } from '../normalise/text';
import { asWebUrl, schemeOf } from '../normalise/urls';

/** A WireItem made ready to store: the same fields, with the body sanitized and the rest derived. */
export interface PreparedArticle extends Omit<WireItem, 'guid' | 'agency' | 'bodyHtml' | 'rights'> {
  /** `AGENCY:guid`: what makes two deliveries the same story. Unique in the database. */
  identity: string;
  guid: string;
  agency: AgencyRef;
  /** Sanitized HTML, with plain text and word count beside it. */
  body: string;
  bodyText: string;
  wordCount: number;
  /** The item's own rights statement, read into terms; null when it carries none. */
  licence: (ParsedLicence & { translations: Array<{ language: string; notice: string }> }) | null;
  contentHash: string;
  /** The embargo as the copy wrote it; null when it has none. */
  embargoRaw: string | null;
  /** Why the story is held (its embargo cannot be read or is implausible); null when it is not. */
  embargoHold: string | null;
  withdrawalOnly: boolean;
  headlineDerived: boolean;
  itemType: ItemType;
  renditions: Rendition[];
  credit: string | null;
  members: PackageMember[];
}

export interface PrepareContext {
  /** The feed's default agency, for items whose copy does not name one. */
  defaultAgency?: AgencyRef | null;
  /** The feed's title, to name an agency when nothing else does. */
  feedTitle?: string | null;
  /** The agency directory as stored (editors' aliases included); the shipped one when absent. */
  agencies?: AgencyIndex;
  /** The clock an embargo's plausibility is judged by (defaults to now). */
  now?: Date;
}

/**
 * Bump when prepareItem's output changes for the same input: stored source hashes then no longer
 * match, and the next delivery of each item is normalised again.
 */
export const PREPARE_VERSION = 5;

export const LIMITS = {
  // Headline and other short fields are VARCHAR(255) on PostgreSQL.
  headlineChars: 255,
  bodyBytes: 2 * 1024 * 1024,
};

export type Prepared =
  { ok: true; article: PreparedArticle; warnings: ItemProblem[] } | { ok: false; problem: ItemProblem };

/**
 * Only http(s) links are kept (article link, images, the agency's homepage): any other scheme is
 * dropped, with a warning naming the field.
 */
function keepWebLinks(item: WireItem, index: number, warnings: ItemProblem[]): WireItem {
  const keep = (value: string | null | undefined, field: string): string | null => {
    if (value === null || value === undefined || value === '') return null;
    const url = asWebUrl(value);
    if (!url)
      warnings.push({
        item: index,
        guid: item.guid,
        field,
        reason: `dropped ${schemeOf(value)}: only http(s) links are kept`,
        warning: true,
      });
    return url;
  };
  const images: ImageRef[] = [];
  item.images.forEach((image, k) => {
    const url = keep(image.url, `images[${k}].url`);
    if (url) images.push({ ...image, url });
  });
  const agency =
    item.agency && item.agency.homepage
      ? { ...item.agency, homepage: keep(item.agency.homepage, 'agency.homepage') }
      : item.agency;
  const renditions: Rendition[] = [];
  (item.renditions ?? []).forEach((rendition, k) => {
    const href = keep(rendition.href, `renditions[${k}].href`);
    if (href) renditions.push({ ...rendition, href });
  });
  return { ...item, url: keep(item.url, 'url'), images, agency, renditions };
}

/** Every `<img …>` tag of the HTML, in one pass (a `/<img\b[^>]*>/` rescans to the end from each unclosed one). */
function imgTags(html: string): string[] {
  const tags: string[] = [];
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (!/^img$/i.test(html.slice(at + 1, at + 4)) || /\w/.test(html[at + 4] ?? '')) continue;
    const end = html.indexOf('>', at + 4);
    if (end === -1) break;
    tags.push(html.slice(at, end + 1));
    at = end;
  }
  return tags;
}

/** Pictures inside the body HTML become image references (the sanitizer drops `<img>`). */
function bodyImages(html: string, known: ImageRef[]): ImageRef[] {
  const seen = new Set(known.map((i) => i.url));
  const out: ImageRef[] = [];
  for (const tag of imgTags(html)) {
    const src = /\ssrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!src || !/^https?:\/\//i.test(src) || seen.has(src)) continue;
    seen.add(src);
    const alt = /\salt\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1] ?? null;
    out.push({ url: src, type: null, caption: alt || null, credit: null, width: null, height: null });
  }
  return out;
}

/** Node's one-shot hash (20.12 and later), the same digest without a Hash object per call. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256(value: unknown): string {
  const json = JSON.stringify(value);
  return oneShot ? oneShot('sha256', json, 'hex') : crypto.createHash('sha256').update(json).digest('hex');
}

/** How long a headline made from the body may be, in characters (cut at a word, with an ellipsis). */
export const DERIVED_HEADLINE_CHARS = 140;

const ABBREVIATION =
  /(?:^|\s)(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Inc|Co|Corp|Ltd|No|Nr|Gen|Gov|Sen|Rep|Prof|vs|etc|bzw|ca|Nr|z\.B|u\.a|[A-Z]|[A-Z]\.[A-Z])$/;

/**
 * The first sentence of the body (its dateline left out), as a headline: up to the first `.`, `!`
 * or `?` followed by a space and not closing an abbreviation or an initial, else the first line, cut
 * at a word to DERIVED_HEADLINE_CHARS. One pass over at most the first few hundred characters.
 */
export function headlineFromBody(bodyText: string, dateline: string | null): string {
  let text = bodyText.slice(0, 2000);
  const nl = text.indexOf('\n');
  if (nl !== -1) text = text.slice(0, nl);
  if (dateline && text.startsWith(dateline)) text = text.slice(dateline.length);
  text = text.trim().replace(/^[-–—_:]\s+/, '');
  let end = text.length;
  for (let i = 0; i < text.length && i <= DERIVED_HEADLINE_CHARS; i++) {
    const c = text[i];
    if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || text[i + 1] === ' ')) {
      if (c === '.' && ABBREVIATION.test(text.slice(Math.max(0, i - 6), i))) continue;
      end = c === '.' ? i : i + 1;
      break;
    }
  }
  let headline = text.slice(0, end).trim();
  if (headline.length > DERIVED_HEADLINE_CHARS) {
    const cut = headline.lastIndexOf(' ', DERIVED_HEADLINE_CHARS - 1);
    headline = `${headline.slice(0, cut > 40 ? cut : DERIVED_HEADLINE_CHARS - 1).replace(/[\s,;:–—-]+$/, '')}…`;
  }
  return headline;
}

/** Prepares one item; whatever goes wrong (a stack overflow on a deep body included) is that item's problem. */
export function prepareItem(raw: WireItem, index: number, ctx: PrepareContext = {}): Prepared {
  try {
    return prepare(raw, index, ctx);
  } catch (error) {
    const reason = isStackOverflow(error)
      ? `nested too deeply to read (limit ${MAX_DEPTH} levels)`
      : `could not prepare: ${(error as Error)?.message ?? String(error)}`;
    return { ok: false, problem: { item: index, guid: raw.guid, field: null, reason } };
  }
}

function prepare(raw: WireItem, index: number, ctx: PrepareContext): Prepared {
  const fail = (field: string, reason: string): Prepared => ({
    ok: false,
    problem: { item: index, guid: raw.guid, field, reason },
  });
  if (Buffer.byteLength(raw.bodyHtml ?? '', 'utf8') > LIMITS.bodyBytes) {
    return fail('body', `body is larger than ${LIMITS.bodyBytes} bytes`);
  }
  const warnings: ItemProblem[] = [];
  const item = keepWebLinks(applyAgencyProfile(raw), index, warnings);
  // Copy that opens with a dateline (`Berlin (dpa) -`) keeps it in the body; the parts are read out.
  // A byline paragraph (`By MARIA LOPEZ`, AP's ANPA copy) may stand before it.
  const datelineOf = () => {
    const opening = htmlToText(item.bodyHtml.slice(0, 1000)).split('\n');
    const datelineLine = /^by\s/i.test(opening[0] ?? '') ? opening[1] : opening[0];
    return splitDateline(datelineLine ?? '', item.versionCreated)?.dateline ?? null;
  };
  const dateline = item.dateline ?? datelineOf();
  const images = [...item.images, ...bodyImages(item.bodyHtml, item.images)];
  let headline = foldSpaces(item.headline).trim();
  if (headline.length > LIMITS.headlineChars)
    return fail('headline', `headline longer than ${LIMITS.headlineChars} characters`);
  if (htmlDepth(item.bodyHtml ?? '', MAX_DEPTH) > MAX_DEPTH)
    return fail('body', `body nested deeper than ${MAX_DEPTH} levels`);
  const body = sanitizeBody(item.bodyHtml ?? '');
  const bodyText = htmlToText(body);
  const withdrawalOnly = item.pubStatus === 'canceled' && !bodyText;
  let headlineDerived = false;
  if (!headline && withdrawalOnly) headline = 'Withdrawn by the agency';
  const itemType: ItemType = item.itemType ?? 'text';
  const media = MEDIA_TYPES.has(itemType);
  const renditions = item.renditions ?? [];
  const members = itemType === 'package' ? (item.members ?? []) : [];
  if (media && !renditions.length && !withdrawalOnly)
    return fail('renditions', `${itemType} item without a rendition to fetch (no http(s) href)`);
  if (itemType === 'package' && !members.length && !withdrawalOnly)
    return fail('members', 'package without members (no itemRef with a residref)');
  if ((media || itemType === 'package') && !headline) {
    const label = {
      text: 'Story',
      picture: 'Picture',
      video: 'Video',
      audio: 'Audio',
      graphic: 'Graphic',
      package: 'Package',
    }[itemType];
    const slug = foldSpaces(item.slugline ?? '').trim();
    headline = bodyText
      ? headlineFromBody(bodyText, null)
      : `${label}${slug ? `: ${slug}` : ''}`.slice(0, LIMITS.headlineChars);
    headlineDerived = true;
  }
  if (!headline && !bodyText && item.headlineFromBody)
    return fail('headline', 'missing headline and body: nothing to make a story of');
  if (!headline && item.headlineFromBody) {
    headline = headlineFromBody(bodyText, dateline?.text ?? null);
    headlineDerived = true;
  }
  if (!headline) return fail('headline', 'missing headline');
  if (!bodyText && !withdrawalOnly && itemType === 'text') return fail('body', 'missing body (empty after sanitizing)');

  const licence = item.rights?.notice.trim()
    ? { ...parseLicenceNotice(item.rights.notice, item.rights.holder), translations: item.rights.translations ?? [] }
    : null;
  // Who sent it: agencies/resolve.ts asks the copy's metadata, its credit, sign-off and domains, then
  // the feed. A rights holder counts only as a name: "the author" or "alle Rechte vorbehalten" is no agency.
  const agency = resolveAgency(
    {
      metadata: item.agency,
      credit: dateline?.agency,
      signOff: bodyText.slice(-300),
      guid: item.guid,
      url: item.url,
      feedDefault: ctx.defaultAgency ?? null,
      holder: licence?.holder ?? null,
      feedTitle: ctx.feedTitle ?? null,
    },
    ctx.agencies,
  );
  if (!agency) return fail('agency', 'no agency: the copy names none and the feed has no default agency');

  // Copy without an id (plain text) is identified by its headline: a corrected body is a new version.
  const guid =
    item.guid?.trim() ||
    item.url?.trim() ||
    `urn:wire:${agency.code.toLowerCase()}:${sha256(headline.toLowerCase()).slice(0, 24)}`;

  // An embargo the copy states is read from its own words; one that cannot be read holds the story.
  const embargoRaw = item.embargoRaw ?? null;
  const embargo =
    embargoRaw !== null ? readEmbargo(embargoRaw, ctx.now ?? new Date()) : { until: item.embargoedUntil, hold: null };

  const fields = {
    guid,
    version: item.version,
    headline,
    section: item.section,
    slugline: item.slugline,
    byline: item.byline,
    dateline,
    agency: agency.code,
    body,
    language: item.language ?? guessLanguage(bodyText),
    keywords: item.keywords,
    urgency: item.urgency,
    pubStatus: item.pubStatus,
    firstCreated: item.firstCreated?.toISOString() ?? null,
    versionCreated: item.versionCreated?.toISOString() ?? null,
    embargoedUntil: embargo.until?.toISOString() ?? null,
    expiresAt: item.expiresAt?.toISOString() ?? null,
    url: item.url,
    licence: licence?.notice ?? null,
    subjects: item.subjects,
    images,
    edNote: item.edNote,
    sequence: item.sequence,
  };
  // Only when there is one: the hashes of copy without an embargo stay as they were. (Added, not
  // spread in: a conditional spread makes the object a slow dictionary for everything after.)
  const content: typeof fields & {
    embargoRaw?: string;
    takeKey?: string;
    statusMarkers?: string[];
    headlineDerived?: boolean;
    itemType?: ItemType;
    renditions?: Rendition[];
    credit?: string;
    members?: PackageMember[];
  } = fields;
  if (embargoRaw !== null) content.embargoRaw = embargoRaw;
  const takeKey = item.takeKey ?? null;
  const statusMarkers = item.statusMarkers ?? [];
  if (takeKey !== null) content.takeKey = takeKey;
  if (statusMarkers.length) content.statusMarkers = statusMarkers;
  if (headlineDerived) content.headlineDerived = true;
  const credit = item.credit?.trim() || null;
  if (itemType !== 'text') {
    content.itemType = itemType;
    if (renditions.length) content.renditions = renditions;
    if (credit) content.credit = credit;
    if (members.length) content.members = members;
  }
  const agencyRef: AgencyRef = { code: agency.code, name: agency.name, homepage: agency.homepage ?? null };
  if (agency.isNew) agencyRef.isNew = true;
  // Written out field by field rather than spread from `content` and overridden: the same article,
  // in the same field order, without V8 turning it into a slow dictionary on every item.
  const article: PreparedArticle = {
    guid,
    version: fields.version,
    headline,
    section: fields.section,
    slugline: fields.slugline,
    byline: fields.byline,
    dateline,
    agency: agencyRef,
    body,
    language: fields.language,
    keywords: fields.keywords,
    urgency: fields.urgency,
    pubStatus: fields.pubStatus,
    firstCreated: item.firstCreated,
    versionCreated: item.versionCreated,
    embargoedUntil: embargo.until,
    expiresAt: item.expiresAt,
    url: fields.url,
    licence,
    subjects: fields.subjects,
    images,
    edNote: fields.edNote,
    sequence: fields.sequence,
    takeKey,
    statusMarkers,
    identity: `${agency.code}:${guid}`,
    bodyText,
    wordCount: wordCount(bodyText),
    embargoRaw,
    embargoHold: embargo.hold,
    withdrawalOnly,
    headlineDerived,
    itemType,
    renditions: media ? renditions : [],
    credit,
    members,
    contentHash: sha256(content),
  };
  return { ok: true, warnings, article };
}
