/**
 * Atom 1.0: one item per `<entry>`. `content` (html, xhtml or text; `summary` when there is none),
 * `published`/`updated`, the entry's author or else the feed's, the alternate link, categories, and
 * `rights` of the entry or else of the feed. A story a Wire served (a story URN as id,
 * formats/wire-story.ts) is read back as the agency sent it.
 */
import { escapeHtml } from '../normalise/text';
import { datelineOf, isWireApiLink, plainTitle } from './rss';
import { readStoryUrn, unwrapServedHtml } from './wire-story';
import { xmlItemStream } from './stream';
import { childText, readXml, rootIs, type XmlElement } from './xml';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  type FeedFormat,
  type ItemProblem,
  type RawDocument,
  type WireItem,
} from './types';

/** Atom text constructs: `type="text"` is plain text, `html` is escaped HTML, `xhtml` is inline XHTML. */
export function atomHtml(el: XmlElement | null): string {
  if (!el) return '';
  const type = (el.attr('type') ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    // The XHTML div is in the XHTML namespace; a feed that forgot to declare it leaves it in Atom's.
    const div = el.child('xhtml:div') ?? el.child('div');
    return (div ? div.innerXml() : el.innerXml()).trim();
  }
  if (type === 'html' || type === 'text/html') return el.text().trim();
  const text = el.text().trim();
  return text
    ? text
        .split(/\n\s*\n/)
        .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
        .join('\n')
    : '';
}

function atomTitle(el: XmlElement | null): string {
  if (!el) return '';
  return (el.attr('type') ?? 'text') === 'text' ? el.clean() : plainTitle(atomHtml(el));
}

function authors(el: XmlElement): string {
  return el
    .all('author')
    .map((a) => childText(a, 'name'))
    .filter(Boolean)
    .join(', ');
}

/** What the feed says for all its entries; read once, not per entry. */
interface FeedDefaults {
  authors: string;
  language: string | null;
  rights: string;
}

function parseEntry(entry: XmlElement, index: number, feed: FeedDefaults, problems: ItemProblem[]): WireItem {
  const item = emptyItem();
  const links = entry.all('link');
  const alternate = links.find((l) => (l.attr('rel') ?? 'alternate') === 'alternate') ?? links[0];
  item.guid = childText(entry, 'id') || alternate?.attr('href') || null;
  item.url = alternate?.attr('href') ?? null;
  item.headline = atomTitle(entry.child('title'));
  item.bodyHtml = atomHtml(entry.child('content')) || atomHtml(entry.child('summary'));
  // An entry whose title is empty (or missing, against RFC 4287) is stored under a headline made
  // from its text, flagged for the desk, as untitled agency copy is (ingest/prepare.ts).
  item.headlineFromBody = true;
  item.byline = authors(entry) || feed.authors || null;
  const categories = entry
    .all('category')
    .map((c) => c.attr('label') || c.attr('term') || '')
    .filter(Boolean);
  item.keywords = [...new Set(categories)];
  item.section = categories[0] ?? null;
  item.language = entry.attr('xml:lang') ?? feed.language;

  const dates: Record<string, Date | null> = {};
  for (const field of ['published', 'updated'] as const) {
    dates[field] = dateOrWarning(childText(entry, field), field, { index, guid: item.guid }, problems);
  }
  item.firstCreated = dates.published ?? dates.updated;
  item.versionCreated = dates.updated ?? dates.published;

  const rights = childText(entry, 'rights') || feed.rights;
  if (rights) item.rights = { notice: rights, holder: null };
  const story = readStoryUrn(item.guid);
  return story ? servedStory(item, entry, story) : item;
}

/**
 * A story a Wire served (its id is a story URN): read back as the agency sent it. Its original guid
 * and agency from the URN (the agency's name from `<source><title>`); the licence notice from
 * `<source><rights>` (the entry's `<rights>` adds Wire's usage terms for partners; no notice there:
 * no licence, read as the strictest terms) and its holder from `dcterms:rightsHolder`; the dateline
 * and the body from the marked HTML, without the credit Wire added; the byline from the entry's own
 * author only; no link when it only pointed at the serving Wire's API.
 */
function servedStory(item: WireItem, entry: XmlElement, story: { code: string; guid: string }): WireItem {
  const source = entry.child('source');
  item.guid = story.guid;
  item.agency = { code: story.code, name: (source && childText(source, 'title')) || story.code };
  if (item.url && isWireApiLink(item.url)) item.url = null;
  const notice = source ? childText(source, 'rights') : '';
  item.rights = notice ? { notice, holder: childText(entry, 'dcterms:rightsHolder') || null } : null;
  item.byline = authors(entry) || null;
  const served = unwrapServedHtml(item.bodyHtml);
  item.bodyHtml = served.body;
  if (served.dateline) item.dateline = datelineOf(served.dateline, item.versionCreated);
  return item;
}

function checkRoot(root: XmlElement): void {
  if (!root.is('atom:feed') && !root.is('atom:entry'))
    throw new DocumentError(
      `not an Atom document: the root element is <${root.name}> in namespace "${root.ns}"`,
      'feed',
    );
}

function feedDefaults(root: XmlElement): FeedDefaults {
  return { authors: authors(root), language: root.attr('xml:lang'), rights: childText(root, 'rights') };
}

export const atom: FeedFormat = {
  name: 'atom',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'atom:feed', 'atom:entry');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    checkRoot(root);
    const entries = root.is('atom:entry') ? [root] : root.all('entry');
    const problems: ItemProblem[] = [];
    const defaults = feedDefaults(root);
    const items = entries.map((e, i) => parseEntry(e, i + 1, defaults, problems));
    return { format: 'atom', items, problems, feedTitle: atomTitle(root.child('title')) || null };
  },

  /** The feed's defaults are read when its first entry completes (feeds give them first). */
  streamItems(doc, limits) {
    return xmlItemStream(doc, limits, {
      format: 'atom',
      isItem: (el, _depth, parent) => el.is('atom:entry') && parent.is('atom:feed'),
      checkRoot,
      itemContext: feedDefaults,
      readItem: parseEntry,
      atEnd: (root, problems) => (root.is('atom:entry') ? [parseEntry(root, 1, feedDefaults(root), problems)] : []),
      feedTitle: (root) => atomTitle(root.child('title')) || null,
    });
  },
};
