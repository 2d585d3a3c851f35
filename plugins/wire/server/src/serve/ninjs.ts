/**
 * A partner article as IPTC ninjs 2.2 (`application/ninjs+json`), valid against ninjs-schema_2.2.json.
 * The field mapping mirrors our ninjs parser (formats/ninjs.ts) in reverse, so a Wire can read what
 * another Wire serves. Rights travel in `usageterms` (plain words, from the usage block),
 * `copyrightholder` and `copyrightnotice`.
 *
 * The schema forbids unknown properties at every level (`unevaluatedProperties: false`) and nulls
 * almost everywhere, so empty values are left out and there are no extension properties.
 * Also home of the rights wording shared with the RSS and Atom feeds. Pure: no Strapi, no I/O.
 */
import { htmlToText } from '../normalise/text';
import type { PartnerArticle } from './partner-view';
import { webUrl } from '../normalise/urls';
import { ODRL_LANGID } from './policy';

export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

interface NinjsText {
  role?: string;
  contenttype?: string;
  value: string;
}

interface NinjsBody extends NinjsText {
  wordcount?: number;
}

interface NinjsConcept {
  name?: string;
  rel?: string;
  uri?: string;
  literal?: string;
}

interface NinjsRendition {
  name: string;
  href?: string;
  contenttype?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The ninjs 2.2 properties we write (a subset of the schema). */
export interface Ninjs {
  uri: string;
  type: 'text' | 'picture';
  representationtype?: 'full' | 'partial';
  version?: string;
  firstcreated?: string;
  versioncreated?: string;
  embargoed?: string;
  expires?: string;
  pubstatus?: 'usable' | 'withheld' | 'canceled';
  urgency?: number;
  copyrightholder?: string;
  copyrightnotice?: string;
  usageterms?: string;
  language?: string;
  headlines?: NinjsText[];
  descriptions?: NinjsText[];
  bodies?: NinjsBody[];
  by?: string;
  slugline?: string;
  located?: string;
  subjects?: NinjsConcept[];
  infosources?: Array<{ name?: string; literal?: string; uri?: string }>;
  altids?: Array<{ role: string; value: string }>;
  renditions?: NinjsRendition[];
  associations?: Array<Ninjs & { name: string }>;
  standard?: { name: string; version: string; schema: string };
  /** The rights as ODRL (serve/policy.ts): a link to the policy, and its language. */
  rightsinfo?: { langid: string; linkedrights: string };
}

export interface NinjsOptions {
  /** Public base URL of this Wire (e.g. `https://wire.example.com`): links the item to its API URL. */
  apiUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Rights in plain words: shared by ninjs (`usageterms`) and the feeds (`dc:rights`, `<rights>`).
// ---------------------------------------------------------------------------------------------

/** The name to credit, as the attribution line gives it (`Source: USPA News` → `USPA News`). */
export function sourceName(article: PartnerArticle): string {
  const text = article.usage.attribution.text;
  return text.replace(/^Source:\s*/, '') || text;
}

/** `, with the source named and linked: USPA News <https://…>`, or '' when no credit is required. */
function creditClause(article: PartnerArticle): string {
  const { required, hyperlinkRequired, url } = article.usage.attribution;
  if (!required) return '';
  const name = sourceName(article);
  return hyperlinkRequired
    ? `, with the source named and linked: ${name}${url ? ` <${url}>` : ''}`
    : `, with the source named: ${name}`;
}

const percent = (value: number) => String(Number(value));

/**
 * What the partner may do with this copy, in plain words, from the usage block and the licence:
 * e.g. "Quote at most 5% of the text (20 words), marked as a quotation, with the source named and
 * linked: USPA News <https://…>." The licence notice itself is not repeated here.
 */
export function usageTermsText(article: PartnerArticle): string {
  const usage = article.usage;
  const out: string[] = [];
  if (usage.mode === 'quote') {
    const limit = usage.quoteLimitWords ?? usage.wordsServed;
    const share =
      usage.quoteLimitPercent !== null
        ? `${percent(usage.quoteLimitPercent)}% of the text (${limit} words)`
        : `${limit} words of the text`;
    out.push(
      `Quote at most ${share}${usage.quotesMustBeMarked ? ', marked as a quotation' : ''}${creditClause(article)}.`,
    );
  } else if (usage.mode === 'headline-only') {
    // Either the licence states no quotable share, or its share of this text is under one word.
    const why =
      usage.quoteLimitPercent !== null
        ? `${percent(usage.quoteLimitPercent)}% of this ${usage.totalWords}-word text is less than one word`
        : 'the licence states no share of the text that may be quoted';
    out.push(`Use only the headline and a link to the original: ${why}.`);
    if (usage.attribution.required) {
      const { hyperlinkRequired, url } = usage.attribution;
      out.push(
        `Name the source${hyperlinkRequired ? ' and link to it' : ''}: ${sourceName(article)}${url && hyperlinkRequired ? ` <${url}>` : ''}.`,
      );
    }
  } else {
    out.push(`The full text may be published${creditClause(article)}.`);
    if (usage.notice) out.push('Keep the copyright notice with it.');
  }
  const terms = article.licence?.terms;
  if (terms && !terms.syndicationAllowed) out.push('Not for syndication to third parties.');
  if (terms && !terms.archivalUseAllowed) out.push('Not for archiving.');
  if (article.embargoedUntil) out.push(`Not to be published before ${article.embargoedUntil}.`);
  if (article.expiresAt) out.push(`Not to be used after ${article.expiresAt}.`);
  if (!article.licence) out.push('No licence statement came with this article.');
  return out.join(' ');
}

/** The licence notice followed by the usage terms: the rights statement of a feed item. */
export function rightsStatement(article: PartnerArticle): string {
  const notice = article.licence?.notice?.trim();
  const terms = usageTermsText(article);
  if (!notice) return terms;
  return `${/[.!?)]$/.test(notice) ? notice : `${notice}.`} ${terms}`;
}

// ---------------------------------------------------------------------------------------------
// Identifiers and links
// ---------------------------------------------------------------------------------------------

/** The item's URI: stable across versions and hosts (ninjs says `uri` identifies, it does not link). */
export function articleUri(article: PartnerArticle): string {
  return `urn:wire:article:${encodeURIComponent(article.id)}`;
}

/** `https://wire.example.com` (or `…/api/wire`) → `https://wire.example.com/api/wire/articles/<id>`. */
export function articleApiUrl(apiUrl: string, id: string): string {
  const base = apiUrl.replace(/\/+$/, '').replace(/\/api\/wire$/, '');
  return `${base}/api/wire/articles/${encodeURIComponent(id)}`;
}

/** An http(s) URL in normalised form (spaces and non-ASCII percent-encoded), or null. */
export { webUrl };

/** A URL made absolute against this Wire's base (a relative policy link from a view made without one); null if it cannot be. */
function absoluteUrl(url: string | null | undefined, apiUrl: string | undefined): string | null {
  if (!url) return null;
  if (/^https?:\/\//i.test(url)) return webUrl(url);
  if (!apiUrl) return null;
  const origin = apiUrl.replace(/\/+$/, '').replace(/\/api\/wire$/, '');
  return webUrl(`${origin}${url}`);
}

/** IPTC QCode schemes we can write as full URIs. */
const QCODE_SCHEMES: Record<string, string> = {
  medtop: 'http://cv.iptc.org/newscodes/mediatopic/',
  subj: 'http://cv.iptc.org/newscodes/subjectcode/',
  genre: 'http://cv.iptc.org/newscodes/genre/',
};

/** A subject code as a ninjs `uri` when it is one (or a known QCode), else as a `literal`. */
function subjectId(code: string): { uri: string } | { literal: string } {
  const url = webUrl(code);
  if (url) return { uri: url };
  const qcode = /^([a-z]+):([\w.-]+)$/i.exec(code);
  const base = qcode && QCODE_SCHEMES[qcode[1].toLowerCase()];
  return base ? { uri: base + qcode![2] } : { literal: code };
}

// ---------------------------------------------------------------------------------------------
// The ninjs item
// ---------------------------------------------------------------------------------------------

/** The plain-text form of the body: the partner view's `text` when present, else derived from `body`. */
export function plainText(article: PartnerArticle): string {
  const text = (article as { text?: unknown }).text;
  return typeof text === 'string' ? text : htmlToText(article.body ?? '');
}

const PUB_STATUS = new Set(['usable', 'withheld', 'canceled']);

function subjects(article: PartnerArticle): NinjsConcept[] {
  const out: NinjsConcept[] = [];
  for (const s of article.subjects) {
    const code = s.code?.trim();
    const name = s.name?.trim();
    if (code || name) out.push({ ...(name ? { name } : {}), ...(code ? subjectId(code) : {}) });
  }
  // ninjs 2.2 has neither section nor keywords: both travel as subjects, told apart by `rel`.
  const section = article.section?.trim();
  if (section) out.push({ name: section, rel: 'section' });
  // Keywords as the story has them, the section's name too when it is one (told apart by `rel`).
  const seen = new Set<string>();
  for (const keyword of article.keywords) {
    const name = keyword?.trim();
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push({ name, rel: 'keyword' });
  }
  return out;
}

/** Images as associated `picture` items, the image itself as their rendition. */
function imageAssociations(article: PartnerArticle, itemUri: string): Array<Ninjs & { name: string }> {
  const out: Array<Ninjs & { name: string }> = [];
  article.images.forEach((image, i) => {
    const href = webUrl(image.url);
    if (!href) return; // an image we cannot link to is of no use to the partner
    const rendition: NinjsRendition = { name: image.type === 'thumbnail' ? 'thumbnail' : 'original', href };
    if (image.type && image.type.includes('/')) rendition.contenttype = image.type;
    if (typeof image.width === 'number' && image.width > 0) rendition.width = image.width;
    if (typeof image.height === 'number' && image.height > 0) rendition.height = image.height;
    const picture: Ninjs & { name: string } = {
      name: `image-${i + 1}`,
      uri: `${itemUri}:image:${i + 1}`,
      type: 'picture',
      renditions: [rendition],
    };
    if (image.caption) picture.descriptions = [{ role: 'caption', value: image.caption }];
    if (image.credit) picture.by = image.credit;
    out.push(picture);
  });
  return out;
}

/** One partner article as a ninjs 2.2 item. Empty values are omitted, never written as null. */
export function toNinjs(article: PartnerArticle, options: NinjsOptions = {}): Ninjs {
  const uri = articleUri(article);
  const usage = article.usage;
  const item: Ninjs = {
    uri,
    type: 'text',
    // A quotation or a headline is only part of the item.
    representationtype: usage.mode === 'full-text' ? 'full' : 'partial',
    standard: { name: 'ninjs', version: '2.2', schema: NINJS_SCHEMA_URI },
  };
  if (article.version !== null && article.version !== undefined) item.version = String(article.version);
  if (article.firstCreated) item.firstcreated = article.firstCreated;
  if (article.versionCreated) item.versioncreated = article.versionCreated;
  if (article.embargoedUntil) item.embargoed = article.embargoedUntil;
  if (article.expiresAt) item.expires = article.expiresAt;
  if (PUB_STATUS.has(article.pubStatus)) item.pubstatus = article.pubStatus as Ninjs['pubstatus'];
  if (typeof article.urgency === 'number') item.urgency = article.urgency;

  if (article.licence?.holder) item.copyrightholder = article.licence.holder;
  if (article.licence?.notice) item.copyrightnotice = article.licence.notice;
  item.usageterms = usageTermsText(article);
  // The machine-readable rights: the licence's ODRL policy (else this partner's Agreement), absolute.
  const policyUrl = absoluteUrl(article.licence?.policy ?? article.usage.policy, options.apiUrl);
  if (policyUrl) item.rightsinfo = { langid: ODRL_LANGID, linkedrights: policyUrl };

  if (article.language) item.language = article.language;
  if (article.headline) item.headlines = [{ role: 'main', contenttype: 'text/plain', value: article.headline }];
  if (article.dateline.text)
    item.descriptions = [{ role: 'dateline', contenttype: 'text/plain', value: article.dateline.text }];

  // The licensed body only: for quote access that is the marked excerpt and its attribution.
  if (article.body) {
    const bodies: NinjsBody[] = [
      { role: 'main', contenttype: 'text/html', value: article.body, wordcount: usage.wordsServed },
    ];
    const text = plainText(article);
    if (text) bodies.push({ role: 'main', contenttype: 'text/plain', value: text, wordcount: usage.wordsServed });
    item.bodies = bodies;
  }

  if (article.byline) item.by = article.byline;
  if (article.slugline) item.slugline = article.slugline;
  const located = [article.dateline.place, article.dateline.region, article.dateline.country]
    .filter(Boolean)
    .join(', ');
  if (located) item.located = located;

  const concepts = subjects(article);
  if (concepts.length) item.subjects = concepts;
  if (article.agency)
    item.infosources = [{ name: article.agency.name || article.agency.code, literal: article.agency.code }];
  if (article.guid) item.altids = [{ role: 'guid', value: article.guid }];

  const renditions: NinjsRendition[] = [];
  const original = webUrl(article.url);
  if (original)
    renditions.push({ name: 'original', href: original, contenttype: 'text/html', title: 'The article at its source' });
  // Copy served whole or quoted names its source's canonical page (usage.canonical).
  const canonical = webUrl(usage.canonical);
  if (canonical)
    renditions.push({
      name: 'canonical',
      href: canonical,
      contenttype: 'text/html',
      title: "The source's canonical URL: point search engines at it",
    });
  if (options.apiUrl) {
    const api = webUrl(articleApiUrl(options.apiUrl, article.id));
    if (api)
      renditions.push({
        name: 'wire-api',
        href: api,
        contenttype: 'application/json',
        title: 'This article in the Wire API',
      });
  }
  if (renditions.length) item.renditions = renditions;

  const pictures = imageAssociations(article, uri);
  if (pictures.length) item.associations = pictures;
  return item;
}

/** Several articles as ninjs items, in order (ninjs has no list type: the caller wraps them). */
export function toNinjsList(articles: PartnerArticle[], options: NinjsOptions = {}): Ninjs[] {
  return articles.map((article) => toNinjs(article, options));
}
