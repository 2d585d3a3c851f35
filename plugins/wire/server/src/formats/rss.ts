/**
 * RSS 2.0 (and RSS 1.0/RDF): one item per `<item>`. Body from `content:encoded`, else `description`;
 * byline from `dc:creator`, else `author`; categories become keywords (the first is the section, a
 * category with a `domain` is also kept as a subject); `media:content`, `media:thumbnail` and image
 * `enclosure`s are kept as image references with credit and caption. The channel's
 * `copyright`/`dc:rights` is the rights statement of items that carry none of their own. A story a
 * Wire served (a story URN as guid, formats/wire-story.ts) is read back as the agency sent it.
 */
import { splitDateline } from '../normalise/dateline';
import { decodeEntities, stripTags } from '../normalise/text';
import { readStoryUrn, unwrapServedHtml } from './wire-story';
import { xmlItemStream } from './stream';
import { childText, readXml, rootIs, type XmlElement } from './xml';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  type Dateline,
  type FeedFormat,
  type ImageRef,
  type ItemProblem,
  type RawDocument,
  type WireItem,
} from './types';

/** `jdoe@example.com (Jane Doe)` → `Jane Doe`; a bare name stays as it is. */
function authorName(raw: string): string {
  // Without a pattern: `^\S+@\S+\s*\((.+)\)` backtracks quadratically over a long run of `@`.
  const text = raw.trim();
  const open = text.indexOf('(');
  const address = open === -1 ? '' : text.slice(0, open).trim();
  const isAddress = address.slice(1, -1).includes('@') && !/\s/.test(address);
  if (!isAddress || !text.endsWith(')') || open + 2 >= text.length) return text;
  return text.slice(open + 1, -1).trim() || text;
}

/** A link to an article in a Wire's partner API (`…/api/wire/articles/<id>`), not to the story at its source. */
export function isWireApiLink(url: string): boolean {
  try {
    return /^\/api\/wire\/articles\/[^/]+$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** A dateline as Wire served it, read into its parts as ingest reads one in the copy. */
export function datelineOf(text: string, reference: Date | null): Dateline {
  const split = splitDateline(`${text} `, reference)?.dateline;
  return split && split.text === text
    ? split
    : { text, place: null, region: null, country: null, date: null, agency: null };
}

/** Titles arrive with HTML entities (sometimes escaped twice) and stray tags. */
export function plainTitle(raw: string): string {
  return decodeEntities(stripTags(decodeEntities(raw)))
    .replace(/\s+/g, ' ')
    .trim();
}

const num = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

function mediaImages(node: XmlElement): ImageRef[] {
  const images: ImageRef[] = [];
  const seen = new Set<string>();
  const add = (el: XmlElement, type: string | null, fallbackCaption: string | null) => {
    const url = el.attr('url');
    if (!url || seen.has(url)) return;
    const medium = el.attr('medium');
    const mime = el.attr('type');
    if ((medium && medium !== 'image') || (mime && !mime.startsWith('image/'))) return;
    seen.add(url);
    images.push({
      url,
      type: type ?? mime,
      caption: childText(el, 'media:description', 'media:title') || fallbackCaption,
      credit: childText(el, 'media:credit') || null,
      width: num(el.attr('width')),
      height: num(el.attr('height')),
    });
  };
  const caption = childText(node, 'media:description') || null;
  for (const group of [node, ...node.all('media:group')]) {
    for (const el of group.all('media:content')) add(el, null, caption);
  }
  for (const el of node.all('media:thumbnail')) add(el, 'thumbnail', caption);
  for (const el of node.all('enclosure')) add(el, null, caption);
  return images;
}

/** What the channel says for all its items; read once, not per item (a channel may hold thousands). */
interface ChannelDefaults {
  language: string | null;
  rights: string | null;
}

function parseItem(node: XmlElement, index: number, channel: ChannelDefaults, problems: ItemProblem[]): WireItem {
  const item = emptyItem();
  const guidEl = node.child('guid');
  const guid = guidEl?.clean() ?? '';
  const link = childText(node, 'link');
  const permalink = guid && guidEl?.attr('isPermaLink') !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  item.guid = guid || link || node.attr('rdf:about') || null;
  item.url = link || permalink;
  item.headline = plainTitle(node.child('title')?.text() ?? '');
  item.bodyHtml = node.child('content:encoded')?.text().trim() || node.child('description')?.text().trim() || '';
  item.byline = childText(node, 'dc:creator') || authorName(childText(node, 'author')) || null;
  const categories = node
    .all('category')
    .map((c) => ({ name: decodeEntities(c.clean()), domain: c.attr('domain') }))
    .filter((c) => c.name);
  item.keywords = [
    ...new Set([
      ...categories.map((c) => c.name),
      ...node
        .all('dc:subject')
        .map((s) => s.clean())
        .filter(Boolean),
    ]),
  ];
  item.section = categories[0]?.name ?? null;
  item.subjects = categories.filter((c) => c.domain).map((c) => ({ code: `${c.domain}:${c.name}`, name: c.name }));
  item.language = childText(node, 'dc:language') || channel.language;
  item.images = mediaImages(node);

  const dateText = childText(node, 'pubDate') || childText(node, 'dc:date');
  const date = dateOrWarning(dateText, 'pubDate', { index, guid: item.guid }, problems);
  item.versionCreated = date;
  item.firstCreated = date;

  const rights = childText(node, 'dc:rights') || channel.rights;
  if (rights) item.rights = { notice: decodeEntities(rights), holder: null };
  const story = readStoryUrn(guid);
  return story ? servedStory(item, node, story) : item;
}

/**
 * A story a Wire served (its guid is a story URN): read back as the agency sent it. Its original
 * guid and agency from the URN (the agency's name from `<source>`); the licence notice and holder
 * from `dcterms:license` and `dcterms:rightsHolder`, not `dc:rights`, which adds Wire's usage terms
 * for partners (no notice there: no licence, read as the strictest terms); the dateline and the body
 * from the marked HTML, without the credit Wire added; the first version's date from
 * `dcterms:created`; no link when it only pointed at the serving Wire's API.
 */
function servedStory(item: WireItem, node: XmlElement, story: { code: string; guid: string }): WireItem {
  item.guid = story.guid;
  item.agency = { code: story.code, name: childText(node, 'source') || story.code };
  if (item.url && isWireApiLink(item.url)) item.url = null;
  const notice = childText(node, 'dcterms:license');
  item.rights = notice ? { notice, holder: childText(node, 'dcterms:rightsHolder') || null } : null;
  const served = unwrapServedHtml(item.bodyHtml);
  item.bodyHtml = served.body;
  if (served.dateline) item.dateline = datelineOf(served.dateline, item.versionCreated);
  const created = childText(node, 'dcterms:created');
  if (created && !Number.isNaN(Date.parse(created))) item.firstCreated = new Date(created);
  return item;
}

function checkRoot(root: XmlElement): void {
  if (!root.is('rdf:RDF') && !root.is('rss:rss'))
    throw new DocumentError(`not an RSS document: the root element is <${root.name}>`, 'rss');
}

/** RSS 1.0 (RDF) elements are in its own namespace, and its items stand beside the channel. */
function channelOf(root: XmlElement): XmlElement {
  const channel = root.is('rdf:RDF') ? root.child('rss1:channel') : root.child('channel');
  if (!channel) throw new DocumentError('RSS document has no <channel>', 'channel');
  return channel;
}

function channelDefaults(channel: XmlElement): ChannelDefaults {
  return {
    language: childText(channel, 'language', 'dc:language') || null,
    rights: childText(channel, 'copyright', 'dc:rights') || null,
  };
}

export const rss: FeedFormat = {
  name: 'rss',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'rss:rss', 'rdf:RDF');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    checkRoot(root);
    const channel = channelOf(root);
    const nodes = root.is('rdf:RDF') ? [...channel.all('item'), ...root.all('rss1:item')] : channel.all('item');
    const problems: ItemProblem[] = [];
    const defaults = channelDefaults(channel);
    const items = nodes.map((node, i) => parseItem(node, i + 1, defaults, problems));
    return { format: 'rss', items, problems, feedTitle: plainTitle(childText(channel, 'title')) || null };
  },

  /** The channel's defaults are read when its first item completes (channels give them first). */
  streamItems(doc, limits) {
    return xmlItemStream(doc, limits, {
      format: 'rss',
      // An RSS 2.0 item is in its channel's namespace (none, or the old Userland one), as a whole parse reads it.
      isItem: (el, _depth, parent) =>
        el.is('rss:item')
          ? parent.is('rss:channel') && el.ns === parent.ns
          : el.is('rss1:item') && (parent.is('rdf:RDF') || parent.is('rss1:channel')),
      checkRoot,
      itemContext: (root) => channelDefaults(channelOf(root)),
      readItem: parseItem,
      atEnd: (root) => {
        channelOf(root); // a feed without a channel is an error, even without items
        return [];
      },
      feedTitle: (root) =>
        plainTitle(childText(root.is('rdf:RDF') ? root.child('rss1:channel') : root.child('channel'), 'title')) || null,
    });
  },
};
