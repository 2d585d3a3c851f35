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
import { childText, NS, rootIs, xmlReader, type XmlElement } from './xml';
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

/** An element's folded, trimmed text; '' when there is none. */
const cleanOf = (el: XmlElement | null) => (el ? el.clean() : '');

/**
 * The children of an item that parseItem reads, gathered in one pass over the item's children (in
 * document order; `first` is the first of that name, as XmlElement.child finds it). A bare name is in
 * the item's own namespace, `vocab:local` in that vocabulary's, as everywhere in formats/xml.ts.
 */
interface ItemChildren {
  guid: XmlElement | null;
  link: XmlElement | null;
  title: XmlElement | null;
  /** content:encoded */
  encoded: XmlElement | null;
  description: XmlElement | null;
  /** dc:creator */
  creator: XmlElement | null;
  author: XmlElement | null;
  /** dc:language */
  language: XmlElement | null;
  /** media:description */
  mediaDescription: XmlElement | null;
  pubDate: XmlElement | null;
  /** dc:date */
  date: XmlElement | null;
  /** dc:rights */
  rights: XmlElement | null;
  source: XmlElement | null;
  /** dcterms:license, dcterms:rightsHolder, dcterms:created */
  license: XmlElement | null;
  rightsHolder: XmlElement | null;
  created: XmlElement | null;
  categories: XmlElement[];
  /** dc:subject */
  subjects: XmlElement[];
  /** media:group, media:content, media:thumbnail */
  groups: XmlElement[];
  contents: XmlElement[];
  thumbnails: XmlElement[];
  enclosures: XmlElement[];
}

const inVocab = (ns: string, uris: readonly string[]) => uris.includes(ns);

/** No elements of a name (one array for all; `more` never adds to it): most items have none of most names. */
const NONE: XmlElement[] = [];
const more = (list: XmlElement[], el: XmlElement): XmlElement[] => {
  if (list === NONE) return [el];
  list.push(el);
  return list;
};

function itemChildren(node: XmlElement): ItemChildren {
  const own = node.ns;
  const f: ItemChildren = {
    guid: null,
    link: null,
    title: null,
    encoded: null,
    description: null,
    creator: null,
    author: null,
    language: null,
    mediaDescription: null,
    pubDate: null,
    date: null,
    rights: null,
    source: null,
    license: null,
    rightsHolder: null,
    created: null,
    categories: NONE,
    subjects: NONE,
    groups: NONE,
    contents: NONE,
    thumbnails: NONE,
    enclosures: NONE,
  };
  const { children } = node;
  for (let i = 0; i < children.length; i += 1) {
    const c = children[i];
    if (typeof c === 'string') continue;
    const { ns } = c;
    switch (c.localName) {
      case 'guid':
        if (ns === own) f.guid ??= c;
        break;
      case 'link':
        if (ns === own) f.link ??= c;
        break;
      case 'title':
        if (ns === own) f.title ??= c;
        break;
      case 'encoded':
        if (inVocab(ns, NS.content)) f.encoded ??= c;
        break;
      case 'description':
        // Both, when the item's own namespace is Media RSS's.
        if (ns === own) f.description ??= c;
        if (inVocab(ns, NS.media)) f.mediaDescription ??= c;
        break;
      case 'creator':
        if (inVocab(ns, NS.dc)) f.creator ??= c;
        break;
      case 'author':
        if (ns === own) f.author ??= c;
        break;
      case 'language':
        if (inVocab(ns, NS.dc)) f.language ??= c;
        break;
      case 'pubDate':
        if (ns === own) f.pubDate ??= c;
        break;
      case 'date':
        if (inVocab(ns, NS.dc)) f.date ??= c;
        break;
      case 'rights':
        if (inVocab(ns, NS.dc)) f.rights ??= c;
        break;
      case 'source':
        if (ns === own) f.source ??= c;
        break;
      case 'license':
        if (inVocab(ns, NS.dcterms)) f.license ??= c;
        break;
      case 'rightsHolder':
        if (inVocab(ns, NS.dcterms)) f.rightsHolder ??= c;
        break;
      case 'created':
        if (inVocab(ns, NS.dcterms)) f.created ??= c;
        break;
      case 'category':
        if (ns === own) f.categories = more(f.categories, c);
        break;
      case 'subject':
        if (inVocab(ns, NS.dc)) f.subjects = more(f.subjects, c);
        break;
      case 'group':
        if (inVocab(ns, NS.media)) f.groups = more(f.groups, c);
        break;
      case 'content':
        if (inVocab(ns, NS.media)) f.contents = more(f.contents, c);
        break;
      case 'thumbnail':
        if (inVocab(ns, NS.media)) f.thumbnails = more(f.thumbnails, c);
        break;
      case 'enclosure':
        if (ns === own) f.enclosures = more(f.enclosures, c);
        break;
      default:
    }
  }
  return f;
}

/** Images of an item: media:content (also in media:group), media:thumbnail, image enclosures; by URL once. */
function mediaImages(f: ItemChildren): ImageRef[] {
  const images: ImageRef[] = [];
  if (!f.contents.length && !f.groups.length && !f.thumbnails.length && !f.enclosures.length) return images;
  const seen = new Set<string>();
  const caption = cleanOf(f.mediaDescription) || null;
  const add = (el: XmlElement, type: string | null) => {
    const url = el.attr('url');
    if (!url || seen.has(url)) return;
    const medium = el.attr('medium');
    const mime = el.attr('type');
    if ((medium && medium !== 'image') || (mime && !mime.startsWith('image/'))) return;
    seen.add(url);
    images.push({
      url,
      type: type ?? mime,
      caption: childText(el, 'media:description', 'media:title') || caption,
      credit: childText(el, 'media:credit') || null,
      width: num(el.attr('width')),
      height: num(el.attr('height')),
    });
  };
  for (const el of f.contents) add(el, null);
  for (const group of f.groups) for (const el of group.all('media:content')) add(el, null);
  for (const el of f.thumbnails) add(el, 'thumbnail');
  for (const el of f.enclosures) add(el, null);
  return images;
}

/** What the channel says for all its items; read once, not per item (a channel may hold thousands). */
interface ChannelDefaults {
  language: string | null;
  rights: string | null;
}

/** An item as read from its own elements, and which of the channel's defaults it takes. */
interface ReadItem {
  item: WireItem;
  takesLanguage: boolean;
  takesRights: boolean;
}

function parseItem(node: XmlElement, index: number, channel: ChannelDefaults, problems: ItemProblem[]): WireItem {
  return withDefaults(readItem(node, index, problems), channel);
}

/** The channel's language and rights for an item that gives none of its own (a served story keeps its own). */
function withDefaults(read: ReadItem, channel: ChannelDefaults): WireItem {
  const { item } = read;
  if (read.takesLanguage) item.language = channel.language;
  if (read.takesRights && channel.rights) item.rights = { notice: decodeEntities(channel.rights), holder: null };
  return item;
}

function readItem(node: XmlElement, index: number, problems: ItemProblem[]): ReadItem {
  const item = emptyItem();
  const f = itemChildren(node);
  const guid = cleanOf(f.guid);
  const link = cleanOf(f.link);
  const permalink = guid && f.guid!.attr('isPermaLink') !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  item.guid = guid || link || node.attr('rdf:about') || null;
  item.url = link || permalink;
  item.headline = plainTitle(f.title?.text() ?? '');
  item.bodyHtml = f.encoded?.text().trim() || f.description?.text().trim() || '';
  // RSS 2.0 asks for a title or a description, not both: an item with only a description is
  // stored under a headline made from its first sentence, flagged for the desk (ingest/prepare.ts).
  item.headlineFromBody = true;
  item.byline = cleanOf(f.creator) || authorName(cleanOf(f.author)) || null;
  const keywords = new Set<string>();
  for (const c of f.categories) {
    const name = decodeEntities(c.clean());
    if (!name) continue;
    keywords.add(name);
    item.section ??= name;
    const domain = c.attr('domain');
    if (domain) item.subjects.push({ code: `${domain}:${name}`, name });
  }
  for (const s of f.subjects) {
    const name = s.clean();
    if (name) keywords.add(name);
  }
  item.keywords = [...keywords];
  item.language = cleanOf(f.language) || null;
  item.images = mediaImages(f);

  const dateText = cleanOf(f.pubDate) || cleanOf(f.date);
  const date = dateOrWarning(dateText, 'pubDate', { index, guid: item.guid }, problems);
  item.versionCreated = date;
  item.firstCreated = date;

  const rights = cleanOf(f.rights);
  if (rights) item.rights = { notice: decodeEntities(rights), holder: null };
  const story = readStoryUrn(guid);
  if (story) return { item: servedStory(item, f, story), takesLanguage: !item.language, takesRights: false };
  return { item, takesLanguage: !item.language, takesRights: !rights };
}

/**
 * A story a Wire served (its guid is a story URN): read back as the agency sent it. Its original
 * guid and agency from the URN (the agency's name from `<source>`); the licence notice and holder
 * from `dcterms:license` and `dcterms:rightsHolder`, not `dc:rights`, which adds Wire's usage terms
 * for partners (no notice there: no licence, read as the strictest terms); the dateline and the body
 * from the marked HTML, without the credit Wire added; the first version's date from
 * `dcterms:created`; no link when it only pointed at the serving Wire's API.
 */
function servedStory(item: WireItem, f: ItemChildren, story: { code: string; guid: string }): WireItem {
  item.guid = story.guid;
  item.agency = { code: story.code, name: cleanOf(f.source) || story.code };
  if (item.url && isWireApiLink(item.url)) item.url = null;
  const notice = cleanOf(f.license);
  item.rights = notice ? { notice, holder: cleanOf(f.rightsHolder) || null } : null;
  const served = unwrapServedHtml(item.bodyHtml);
  item.bodyHtml = served.body;
  if (served.dateline) item.dateline = datelineOf(served.dateline, item.versionCreated);
  const created = cleanOf(f.created);
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

/**
 * Which closing elements are items of an RSS 2.0 feed's channel as a whole parse reads them: an
 * `item` in the namespace of the first `channel` of an `rss` root. The first channel is looked up
 * once, when the first of its items closes (looked up per item, the root's children were scanned
 * again each time: quadratic in a feed with thousands of elements before its channel).
 */
function channelItems(root: () => XmlElement | null): (el: XmlElement, parent: XmlElement) => boolean {
  let first: XmlElement | null = null;
  return (el, parent) => {
    if (el.localName !== 'item' || el.ns !== parent.ns || parent.localName !== 'channel') return false;
    const r = root();
    if (!r || parent.ns !== r.ns || !r.is('rss:rss')) return false;
    first ??= r.child('channel');
    return parent === first;
  };
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
    // An RSS 2.0 channel's items are read as each closes and let go of: the tree of a whole feed is
    // never held (collecting it was a fifth of the parse's time), only the items read from it.
    // The channel's defaults are known at its end, and given to the items that take them then.
    const problems: ItemProblem[] = [];
    const read: ReadItem[] = [];
    const isItem = channelItems(() => reader.peekRoot());
    const reader = xmlReader(doc, {
      detach: (el, depth, parent) => depth === 3 && isItem(el, parent),
      onElement: (el) => read.push(readItem(el, read.length + 1, problems)),
    });
    const root = reader.write(doc.text).close();
    checkRoot(root);
    const channel = channelOf(root);
    const defaults = channelDefaults(channel);
    const items = read.map((r) => withDefaults(r, defaults));
    // RSS 1.0 (RDF): nothing was let go of; its items are read from the tree.
    const nodes = root.is('rdf:RDF') ? [...channel.all('item'), ...root.all('rss1:item')] : [];
    for (const node of nodes) items.push(parseItem(node, items.length + 1, defaults, problems));
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
