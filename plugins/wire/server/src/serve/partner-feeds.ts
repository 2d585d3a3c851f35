/**
 * Partner articles as an RSS 2.0 or Atom 1.0 feed. Each item carries only the licensed body (the
 * marked excerpt for quote access), the attribution the licence asks for, and the rights in plain
 * words (`dc:rights` in RSS, `<rights>` in Atom). Pure: no Strapi, no I/O.
 *
 * Each item also carries what a Wire needs to read the story back as the agency sent it (issue 12,
 * item 7): its original identity as a story URN (RSS `guid`, Atom `id`), the agency (`<source>`),
 * the licence notice and holder apart from the usage terms (RSS `dcterms:license` and
 * `dcterms:rightsHolder`; Atom `<source><rights>`), and the dateline and credit marked in the HTML.
 *
 * Bodies are written as escaped text, never CDATA: escaping cannot be broken out of (a `]]>` in the
 * copy would end a CDATA section). Characters XML 1.0 forbids (control characters, lone
 * surrogates) are dropped, since no escape can carry them.
 */
import { escapeHtml } from '../normalise/text';
import { asWebUrl } from '../normalise/urls';
import { articleApiUrl, articleUri, rightsStatement, sourceName } from './ninjs';
import type { PartnerArticle } from './partner-view';
import { CREDIT_CLASS, DATELINE_CLASS, storyUrn } from '../formats/wire-story';

export interface FeedOptions {
  title: string;
  /** This feed's own URL (RSS `atom:link rel=self`, Atom `id` and `link rel=self`). */
  selfUrl: string;
  /** The human-facing site the feed belongs to (RSS channel `link`, Atom `link rel=alternate`). */
  siteUrl: string;
  description: string;
  /** When the feed last changed; defaults to the newest article's version date. */
  updated?: string | Date | null;
  /** Public base URL of this Wire, for items without a source URL; defaults to `selfUrl`'s origin. */
  apiUrl?: string;
  /** Feed language (BCP 47), e.g. `en`. */
  language?: string | null;
}

// Everything outside XML 1.0's Char production: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF,
// and lone surrogates (matched as single code points under the `u` flag).
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML character data or a double-quoted attribute value. */
export function xmlEscape(value: string): string {
  return escapeHtml(value.replace(NOT_XML_CHAR, ''));
}

/** `<name attrs>text</name>`, or '' when there is no text (feeds leave out empty elements). */
function element(name: string, text: string | null | undefined, attrs: Record<string, string> = {}): string {
  if (text === null || text === undefined || text === '') return '';
  const attributes = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');
  return `<${name}${attributes}>${xmlEscape(text)}</${name}>`;
}

const toDate = (value: string | Date | null | undefined): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** RFC 822 (RSS): `Sun, 01 Nov 2026 00:00:00 GMT`. */
const rfc822 = (date: Date) => date.toUTCString();

function newest(articles: PartnerArticle[]): Date | null {
  let latest: Date | null = null;
  for (const a of articles) {
    const date = toDate(a.versionCreated) ?? toDate(a.firstCreated);
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest;
}

function apiBase(feed: FeedOptions): string {
  if (feed.apiUrl) return feed.apiUrl;
  try {
    return new URL(feed.selfUrl).origin;
  } catch {
    return '';
  }
}

/** Where an item links: the article at its source, else the article in this Wire's API. */
function itemLink(article: PartnerArticle, feed: FeedOptions): string {
  return asWebUrl(article.url) || articleApiUrl(apiBase(feed), article.id);
}

/** Section first, then keywords, without repeats. */
function categories(article: PartnerArticle): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [article.section, ...article.keywords]) {
    const value = name?.trim();
    if (value && !seen.has(value.toLowerCase())) {
      seen.add(value.toLowerCase());
      out.push(value);
    }
  }
  return out;
}

/**
 * The item's HTML content: the licensed body, then the attribution and notice the licence asks for.
 * A quote body already ends with its attribution line, so only the other modes get one here.
 */
export function feedItemHtml(article: PartnerArticle): string {
  const usage = article.usage;
  const credit: string[] = [];
  if (usage.mode !== 'quote' && usage.attribution.required) {
    const { text } = usage.attribution;
    const url = asWebUrl(usage.attribution.url);
    credit.push(url ? `Source: <a href="${escapeHtml(url)}">${escapeHtml(sourceName(article))}</a>` : escapeHtml(text));
  }
  if (usage.mode === 'full-text' && usage.notice) credit.push(escapeHtml(usage.notice));
  // Marked (formats/wire-story.ts) so that a Wire reading this back takes them off the agency's copy.
  const parts = [
    withDateline(article),
    credit.length ? `<p class="${CREDIT_CLASS}">${credit.join(' · ')}</p>` : '',
  ].filter(Boolean);
  return parts.join('\n');
}

/** The full text opens with its dateline, as the agency's copy did (a quotation does not). */
function withDateline(article: PartnerArticle): string {
  const body = article.body ?? '';
  const dateline = article.dateline.text?.trim();
  if (!body || !dateline || article.usage.mode !== 'full-text') return body;
  const span = `<span class="${DATELINE_CLASS}">${escapeHtml(dateline)}</span>`;
  return body.startsWith('<p>') ? `<p>${span} ${body.slice(3)}` : `<p>${span}</p>\n${body}`;
}

/**
 * The story's identity in a feed: its original agency guid and agency code as a story URN, the same
 * on every Wire that serves it (Wire's own article URN when the story has no agency guid).
 */
export function storyId(article: PartnerArticle): string {
  return article.agency?.code && article.guid ? storyUrn(article.agency.code, article.guid) : articleUri(article);
}

/** Where the story came from: the agency, and its stories in this Wire's feed. */
function agencyFeedUrl(article: PartnerArticle, feed: FeedOptions, format: 'rss' | 'atom'): string {
  const base = apiBase(feed)
    .replace(/\/+$/, '')
    .replace(/\/api\/wire$/, '');
  return `${base}/api/wire/feed.${format}?agency=${encodeURIComponent(article.agency?.code ?? '')}`;
}

/**
 * An item's links beyond its page: its source's canonical URL for copy served whole or quoted
 * (`rel="canonical"`, RFC 6596), and its rights as an ODRL policy (`rel="license"`, RFC 4946).
 */
function rightsLinks(article: PartnerArticle): Array<{ rel: string; href: string; type?: string }> {
  const out: Array<{ rel: string; href: string; type?: string }> = [];
  const canonical = asWebUrl(article.usage.canonical);
  if (canonical) out.push({ rel: 'canonical', href: canonical, type: 'text/html' });
  const policy = asWebUrl(article.licence?.policy ?? article.usage.policy);
  if (policy) out.push({ rel: 'license', href: policy, type: 'application/ld+json' });
  return out;
}

function rssItem(article: PartnerArticle, feed: FeedOptions): string {
  const updated = toDate(article.versionCreated) ?? toDate(article.firstCreated);
  const created = toDate(article.firstCreated);
  const lines = [
    element('title', article.headline),
    element('link', itemLink(article, feed)),
    element('guid', storyId(article), { isPermaLink: 'false' }),
    updated ? element('pubDate', rfc822(updated)) : '',
    created ? element('dcterms:created', created.toISOString()) : '',
    element('dc:creator', article.byline),
    ...categories(article).map((c) => element('category', c)),
    element('description', feedItemHtml(article)),
    element('dc:language', article.language),
    element('dc:rights', rightsStatement(article)),
    // The rights as the agency gave them, for a Wire reading this back (dc:rights adds the usage terms).
    element('dcterms:license', article.licence?.notice),
    element('dcterms:rightsHolder', article.licence?.holder),
    ...rightsLinks(article).map(
      (l) => `<atom:link rel="${l.rel}" href="${xmlEscape(l.href)}"${l.type ? ` type="${l.type}"` : ''}/>`,
    ),
    article.agency
      ? element('source', article.agency.name || article.agency.code, { url: agencyFeedUrl(article, feed, 'rss') })
      : '',
  ];
  return `<item>\n${lines
    .filter(Boolean)
    .map((l) => `  ${l}`)
    .join('\n')}\n</item>`;
}

/** An RSS 2.0 feed, with the Dublin Core namespace for creators and rights. */
export function toRssFeed(articles: PartnerArticle[], feed: FeedOptions): string {
  const updated = toDate(feed.updated) ?? newest(articles);
  const channel = [
    element('title', feed.title),
    element('link', feed.siteUrl),
    element('description', feed.description || feed.title),
    `<atom:link href="${xmlEscape(feed.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    element('language', feed.language),
    updated ? element('lastBuildDate', rfc822(updated)) : '',
    element('generator', 'Wire'),
  ].filter(Boolean);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    ...channel,
    ...articles.map((a) => rssItem(a, feed)),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function atomEntry(article: PartnerArticle, feed: FeedOptions, feedUpdated: Date): string {
  const published = toDate(article.firstCreated);
  const updated = toDate(article.versionCreated) ?? published ?? feedUpdated;
  // Without a byline the feed's author stands in (Atom needs one); the agency is the entry's source.
  const author = article.byline;
  const content = feedItemHtml(article);
  const lines = [
    element('id', storyId(article)),
    element('title', article.headline, { type: 'text' }),
    `<link rel="alternate" type="text/html" href="${xmlEscape(itemLink(article, feed))}"/>`,
    ...rightsLinks(article).map(
      (l) => `<link rel="${l.rel}" href="${xmlEscape(l.href)}"${l.type ? ` type="${l.type}"` : ''}/>`,
    ),
    element('updated', updated.toISOString()),
    published ? element('published', published.toISOString()) : '',
    author ? `<author>${element('name', author)}</author>` : '',
    ...categories(article).map((c) => `<category term="${xmlEscape(c)}"/>`),
    element('content', content, { type: 'html' }),
    element('rights', rightsStatement(article), { type: 'text' }),
    element('dcterms:rightsHolder', article.licence?.holder),
    atomSource(article, feed),
  ];
  const lang = article.language ? ` xml:lang="${xmlEscape(article.language)}"` : '';
  return `<entry${lang}>\n${lines
    .filter(Boolean)
    .map((l) => `  ${l}`)
    .join('\n')}\n</entry>`;
}

/**
 * The entry's source (RFC 4287 §4.2.11): the agency, and the rights as the agency gave them (the
 * entry's `<rights>` adds the usage terms for partners).
 */
function atomSource(article: PartnerArticle, feed: FeedOptions): string {
  if (!article.agency) return '';
  const parts = [
    element('id', `urn:wire:agency:${encodeURIComponent(article.agency.code)}`),
    element('title', article.agency.name || article.agency.code, { type: 'text' }),
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(agencyFeedUrl(article, feed, 'atom'))}"/>`,
    element('rights', article.licence?.notice, { type: 'text' }),
  ];
  return `<source>${parts.filter(Boolean).join('')}</source>`;
}

/** An Atom 1.0 feed. The feed's author (its title) stands in for entries without a byline. */
export function toAtomFeed(articles: PartnerArticle[], feed: FeedOptions): string {
  // Atom requires `updated`; with neither an explicit date nor any dated article, now is the truth.
  const updated = toDate(feed.updated) ?? newest(articles) ?? new Date();
  const lang = feed.language ? ` xml:lang="${xmlEscape(feed.language)}"` : '';
  const head = [
    element('id', feed.selfUrl),
    element('title', feed.title, { type: 'text' }),
    element('subtitle', feed.description, { type: 'text' }),
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(feed.siteUrl)}"/>`,
    element('updated', updated.toISOString()),
    `<author>${element('name', feed.title || 'Wire')}</author>`,
    element('generator', 'Wire'),
  ].filter(Boolean);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dcterms="http://purl.org/dc/terms/"${lang}>`,
    ...head,
    ...articles.map((a) => atomEntry(a, feed, updated)),
    '</feed>',
    '',
  ].join('\n');
}
