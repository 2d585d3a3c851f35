/**
 * IPTC ninjs (JSON): 1.x (`headline`, `body_html`/`body_xhtml`/`body_text`, `byline`), 2.x
 * (`headlines[]`, `bodies[]`, `by`, `rightsinfo`) and 3.x (the same in camelCase). A document is one
 * item, an array of items, or an object with an `items` array.
 *
 * `type` picture, video, audio or graphic: the caption (`description_text`, a `descriptions` caption,
 * else the body text) as the body, and `renditions` (1.x/2.x an object keyed by name, 3.x an array
 * with `name`) with href, content type, size and duration. `type` composite is a package: its
 * `associations` in order (keyed by name, or 3.x's array with `name`/`rel`) are its members.
 */
import { jsonDepth, MAX_DEPTH } from '../normalise/depth';
import { escapeHtml } from '../normalise/text';
import { datelineOf } from './rss';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  type AgencyRef,
  type FeedFormat,
  itemTypeOf,
  MEDIA_TYPES,
  type ImageRef,
  type ItemProblem,
  type ItemType,
  type PackageMember,
  type Rendition,
  type PubStatus,
  type RawDocument,
  type WireItem,
} from './types';

type Json = Record<string, any>;

const STATUS: Record<string, PubStatus> = {
  usable: 'usable',
  withheld: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
};

/** ninjs 1.x/2.x write `versioncreated`, 3.x writes `versionCreated`: read either. */
function pick(obj: Json, ...names: string[]): any {
  for (const name of names) {
    for (const key of [name, name.toLowerCase()])
      if (obj[key] !== undefined && obj[key] !== null && obj[key] !== '') return obj[key];
  }
  return undefined;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function byRole(list: unknown, preferred: string[]): Json | undefined {
  if (!Array.isArray(list)) return undefined;
  const entries = list.filter((e): e is Json => !!e && typeof e === 'object');
  return (
    preferred.map((r) => entries.find((e) => e.role === r)).find(Boolean) ?? entries.find((e) => !e.role) ?? entries[0]
  );
}

function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

function body(o: Json): string {
  const bodies = pick(o, 'bodies');
  if (Array.isArray(bodies)) {
    const html = bodies.find((b: Json) => /html/.test(asText(pick(b, 'contentType')) + asText(b.role))) as
      Json | undefined;
    const chosen = html ?? byRole(bodies, ['main', 'text']);
    if (chosen)
      return /html/.test(asText(pick(chosen, 'contentType')) + asText(chosen.role))
        ? asText(chosen.value)
        : textToHtml(asText(chosen.value));
  }
  const html = asText(pick(o, 'body_html', 'bodyHtml')) || asText(pick(o, 'body_xhtml', 'bodyXhtml'));
  return html || textToHtml(asText(pick(o, 'body_text', 'bodyText')));
}

/** Wire's own ninjs: its `usageterms` are Wire's plain words for a partner, derived from the notice. */
const isWireNinjs = (o: Json) => asText(pick(o, 'uri')).startsWith('urn:wire:article:');

function rights(o: Json) {
  if (isWireNinjs(o)) {
    // The notice as the agency gave it; Wire's usage terms are left out (read with the notice, they
    // would add words the agency never wrote). No notice: no licence, the strictest terms.
    const notice = asText(pick(o, 'copyrightnotice', 'copyrightNotice'));
    return notice ? { notice, holder: asText(pick(o, 'copyrightholder', 'copyrightHolder')) || null } : null;
  }
  const info = pick(o, 'rightsinfo', 'rightsInfo');
  const infoList: Json[] = Array.isArray(info) ? info : info && typeof info === 'object' ? [info] : [];
  const holder =
    asText(pick(o, 'copyrightholder', 'copyrightHolder')) ||
    infoList.map((r) => asText(pick(r, 'copyrightHolder', 'copyrightholder'))).find(Boolean) ||
    '';
  const parts = [
    asText(pick(o, 'copyrightnotice', 'copyrightNotice')),
    asText(pick(o, 'usageterms', 'usageTerms')),
    ...infoList.flatMap((r) => [
      asText(pick(r, 'copyrightNotice', 'copyrightnotice')),
      asText(pick(r, 'usageTerms', 'usageterms')),
      asText(pick(r, 'linkedrights', 'linkedRights')),
    ]),
  ].filter(Boolean);
  const notice = [...new Set(parts)].join('. ');
  return notice || holder ? { notice: notice || `Copyright ${holder}`, holder: holder || null } : null;
}

/** The agency's own id, when `altids` gives it (Wire's own ninjs does: `{ role: 'guid' }`). */
function originalGuid(o: Json): string {
  const alt = pick(o, 'altids', 'altIds');
  if (Array.isArray(alt)) return asText(alt.find((a: Json) => a && typeof a === 'object' && a.role === 'guid')?.value);
  return alt && typeof alt === 'object' ? asText((alt as Json).guid) : '';
}

/** The agency named in `infosources` (a code as `literal`), when one stands there without another role. */
function sourceAgency(o: Json): AgencyRef | null {
  const sources = pick(o, 'infosources', 'infoSources');
  if (!Array.isArray(sources)) return null;
  const source = sources.find(
    (s: Json) =>
      s &&
      typeof s === 'object' &&
      (!s.role || /^(source|originator|agency)$/i.test(asText(s.role))) &&
      asText(s.literal),
  );
  return source
    ? { code: asText(source.literal).toUpperCase(), name: asText(source.name) || asText(source.literal) }
    : null;
}

/** IPTC scheme URIs written back as the QCodes they stand for (`…/mediatopic/20000002` → `medtop:20000002`). */
const SCHEME_QCODES: Array<[string, string]> = [
  ['http://cv.iptc.org/newscodes/mediatopic/', 'medtop:'],
  ['http://cv.iptc.org/newscodes/subjectcode/', 'subj:'],
  ['http://cv.iptc.org/newscodes/genre/', 'genre:'],
];
function qcodeOf(code: string): string {
  for (const [uri, qcode] of SCHEME_QCODES)
    if (code.startsWith(uri) && code.length > uri.length) return qcode + code.slice(uri.length);
  return code;
}

/** Associated pictures (as Wire serves an article's images): each picture's first rendition with a link. */
function pictures(associations: unknown): ImageRef[] {
  const list = Array.isArray(associations)
    ? associations
    : associations && typeof associations === 'object'
      ? Object.values(associations)
      : [];
  const images: ImageRef[] = [];
  for (const a of list) {
    if (!a || typeof a !== 'object' || asText((a as Json).type) !== 'picture') continue;
    const picture = a as Json;
    const rendition = (Array.isArray(picture.renditions) ? picture.renditions : []).find(
      (r: Json) => r && typeof r === 'object' && asText(r.href),
    );
    if (!rendition) continue;
    const size = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
    const caption = Array.isArray(picture.descriptions)
      ? asText(picture.descriptions.find((d: Json) => d && d.role === 'caption')?.value)
      : '';
    images.push({
      url: asText(rendition.href),
      type:
        rendition.name === 'thumbnail' ? 'thumbnail' : asText(pick(rendition, 'contenttype', 'contentType')) || null,
      caption: caption || null,
      credit: asText(pick(picture, 'by')) || null,
      width: size(rendition.width),
      height: size(rendition.height),
    });
  }
  return images;
}

const positive = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
};

/** Renditions: 1.x/2.x an object keyed by name, 3.x an array of objects with `name`; those with an href. */
function mediaRenditions(value: unknown): Rendition[] {
  const entries: Array<[string | null, unknown]> = Array.isArray(value)
    ? value.map((r) => [r && typeof r === 'object' ? asText((r as Json).name) || null : null, r])
    : value && typeof value === 'object'
      ? Object.entries(value as Json)
      : [];
  const out: Rendition[] = [];
  for (const [name, r] of entries) {
    if (!r || typeof r !== 'object') continue;
    const rendition = r as Json;
    const href = asText(rendition.href);
    if (!href) continue;
    out.push({
      name: name || asText(rendition.name) || null,
      href,
      contentType: asText(pick(rendition, 'contenttype', 'contentType', 'mimetype')) || null,
      width: positive(rendition.width),
      height: positive(rendition.height),
      size: positive(pick(rendition, 'sizeinbytes', 'sizeInBytes', 'size')),
      duration: positive(rendition.duration),
    });
  }
  return out;
}

/** A composite's associations as members, in order: keyed by name (1.x/2.x) or 3.x's array. */
function associationMembers(value: unknown): PackageMember[] {
  const entries: Array<[string | null, unknown]> = Array.isArray(value)
    ? value.map((a) => [a && typeof a === 'object' ? asText((a as Json).name) || null : null, a])
    : value && typeof value === 'object'
      ? Object.entries(value as Json)
      : [];
  const out: PackageMember[] = [];
  for (const [name, a] of entries) {
    if (!a || typeof a !== 'object') continue;
    const member = a as Json;
    const guid = asText(pick(member, 'uri', 'guid'));
    if (!guid) continue;
    const version = positive(member.version);
    out.push({
      guid,
      version,
      order: out.length + 1,
      role: asText(member.rel) || name || null,
      group: null,
      groupRole: null,
      itemType: itemTypeOf(asText(member.type)),
      headline: asText(member.headline) || asText(byRole(member.headlines, ['main'])?.value) || null,
    });
  }
  return out;
}

/** A media item's caption: `description_text`, a `descriptions` caption or summary, else the body as text. */
function mediaCaption(o: Json): string {
  const described = byRole(pick(o, 'descriptions'), ['caption', 'summary', 'description']);
  return (
    asText(pick(o, 'description_text', 'descriptionText')) ||
    asText(described && described.role !== 'dateline' ? described.value : '') ||
    asText(pick(o, 'body_text', 'bodyText'))
  );
}

function parseObject(o: Json, index: number, problems: ItemProblem[]): WireItem {
  const item = emptyItem();
  item.headlineFromBody = true;
  // A story Wire served keeps its original identity when it comes back: the agency's guid, not Wire's uri.
  item.guid = originalGuid(o) || asText(pick(o, 'uri', 'guid')) || null;
  item.agency = sourceAgency(o);
  const version = Number(pick(o, 'version'));
  item.version = Number.isInteger(version) && version > 0 ? version : null;
  const headline = byRole(pick(o, 'headlines'), ['main']);
  item.headline = asText(headline?.value) || asText(pick(o, 'headline'));
  item.byline = asText(pick(o, 'by', 'byline')) || null;
  item.slugline = asText(pick(o, 'slugline')) || null;
  item.language = asText(pick(o, 'language')) || null;
  item.bodyHtml = body(o);
  const urgency = Number(pick(o, 'urgency'));
  item.urgency = Number.isInteger(urgency) && urgency > 0 ? urgency : null;
  item.pubStatus =
    STATUS[
      asText(pick(o, 'pubstatus', 'pubStatus'))
        .toLowerCase()
        .replace(/^stat:/, '')
    ] ?? 'usable';
  const date = (field: string, ...names: string[]) => {
    return dateOrWarning(asText(pick(o, ...names)), field, { index, guid: item.guid }, problems);
  };
  item.versionCreated = date('versionCreated', 'versioncreated', 'versionCreated');
  item.firstCreated = date('firstCreated', 'firstcreated', 'firstCreated') ?? item.versionCreated;
  // BBC's variant names it `embargotime`.
  item.embargoedUntil = date('embargoed', 'embargoed', 'embargoedUntil', 'embargotime');
  item.embargoRaw =
    pick(o, 'embargoed', 'embargoedUntil', 'embargotime') === undefined
      ? null
      : asText(pick(o, 'embargoed', 'embargoedUntil', 'embargotime'));
  const subjects = pick(o, 'subject', 'subjects');
  if (Array.isArray(subjects)) {
    const concepts = subjects.filter((s: unknown): s is Json => !!s && typeof s === 'object');
    // ninjs 2.2 has neither section nor keywords: Wire serves them as subjects told apart by `rel`.
    const byRel = (rel: string) =>
      concepts
        .filter((s) => asText(s.rel) === rel)
        .map((s) => asText(s.name))
        .filter(Boolean);
    item.section = byRel('section')[0] ?? null;
    item.keywords = byRel('keyword');
    item.subjects = concepts
      .filter((s) => !/^(section|keyword)$/.test(asText(s.rel)))
      .map((s) => ({ code: qcodeOf(asText(s.code ?? s.uri ?? s.literal)) || null, name: asText(s.name) || null }));
  }
  const keywords = pick(o, 'keywords');
  if (Array.isArray(keywords)) item.keywords = keywords.map(asText).filter(Boolean);
  item.images = pictures(pick(o, 'associations'));
  item.expiresAt = date('expires', 'expires');
  const located = asText(pick(o, 'located'));
  // The dateline as it stood in the copy (Wire serves it as a description), else where it was located.
  const descriptions = pick(o, 'descriptions');
  const dateline = Array.isArray(descriptions)
    ? asText(descriptions.find((d: Json) => d && typeof d === 'object' && d.role === 'dateline')?.value)
    : '';
  if (dateline) item.dateline = datelineOf(dateline, item.versionCreated);
  else if (located)
    item.dateline = {
      text: located,
      place: located.split(',')[0].trim(),
      region: null,
      country: null,
      date: null,
      agency: null,
    };
  const links = pick(o, 'links');
  const canonical = Array.isArray(links)
    ? links.find((l: Json) => /canonical|alternate/.test(asText(l.rel)))
    : undefined;
  const renditions = pick(o, 'renditions');
  const original = Array.isArray(renditions)
    ? renditions.find((r: Json) => r && r.name === 'original' && /html/.test(asText(pick(r, 'contentType')) || 'html'))
    : undefined;
  item.url =
    asText(canonical?.href) || asText(original?.href) || (/^https?:\/\//.test(item.guid ?? '') ? item.guid : null);
  item.edNote = asText(pick(o, 'ednote', 'edNote')) || null;
  item.rights = rights(o);
  const type: ItemType | null = itemTypeOf(asText(pick(o, 'type')));
  if (type && MEDIA_TYPES.has(type)) {
    item.itemType = type;
    const caption = mediaCaption(o);
    item.bodyHtml = caption ? textToHtml(caption) : '';
    item.renditions = mediaRenditions(renditions);
    item.credit = asText(pick(o, 'creditline', 'credit')) || null;
    item.url = asText(canonical?.href) || null;
  } else if (type === 'package') {
    item.itemType = 'package';
    item.bodyHtml = '';
    item.images = [];
    item.members = associationMembers(pick(o, 'associations'));
  }
  return item;
}

const NINJS_KEYS = /"(?:uri|guid|headlines?|bodies|body_text|body_html|body_xhtml|versioncreated|versionCreated)"\s*:/;

export const ninjs: FeedFormat = {
  name: 'ninjs',

  detect(doc: RawDocument): boolean {
    return /^\s*[[{]/.test(doc.text) && NINJS_KEYS.test(doc.text.slice(0, 8192));
  },

  parse(doc: RawDocument) {
    let value: unknown;
    if (jsonDepth(doc.text) > MAX_DEPTH)
      throw new DocumentError(`JSON nested deeper than ${MAX_DEPTH} levels`, 'document');
    try {
      value = JSON.parse(doc.text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new DocumentError(`malformed JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(value)
      ? value
      : value && typeof value === 'object' && Array.isArray((value as Json).items)
        ? (value as Json).items
        : // BBC's ninjs API answers a list as `{ "total": n, "item": [...] }`.
          value && typeof value === 'object' && Array.isArray((value as Json).item) && 'total' in (value as Json)
          ? (value as Json).item
          : [value];
    const problems: ItemProblem[] = [];
    const items: WireItem[] = [];
    list.forEach((o: unknown, i: number) => {
      if (!o || typeof o !== 'object' || Array.isArray(o)) {
        problems.push({
          item: i + 1,
          field: null,
          reason: `not a ninjs object (got ${Array.isArray(o) ? 'an array' : typeof o})`,
        });
        return;
      }
      items.push(parseObject(o as Json, i + 1, problems));
    });
    return { format: 'ninjs', items, problems };
  },
};
