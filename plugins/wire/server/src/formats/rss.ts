/**
 * RSS 2.0: one item per `<item>`; body from `content:encoded`, else `description`; byline from
 * `dc:creator`, else `author`; categories become keywords (the first is the section); the channel's
 * `copyright`/`dc:rights` is the rights statement of items that carry none of their own.
 */
import { parseWireDate } from '../normalise/dates';
import { decodeEntities } from '../normalise/text';
import { attr, children, first, firstText, parseXml, rootElementName, textOf, type XmlNode } from './xml';
import { DocumentError, emptyItem, type FeedFormat, type ItemProblem, type RawDocument, type WireItem } from './types';

/** `jdoe@example.com (Jane Doe)` → `Jane Doe`; a bare name stays as it is. */
function authorName(raw: string): string {
  const m = /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(raw);
  return (m ? m[1] : raw).trim();
}

/** Titles arrive with HTML entities (sometimes escaped twice) and stray tags. */
function plainTitle(raw: string): string {
  return decodeEntities(decodeEntities(raw).replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

function parseItem(node: XmlNode, index: number, channel: XmlNode, problems: ItemProblem[]): WireItem {
  const item = emptyItem();
  const guidNode = first(node, 'guid');
  const guid = textOf(guidNode).trim();
  const link = firstText(node, 'link');
  const permalink = guid && attr(guidNode, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
  item.guid = guid || link || null;
  item.url = link || permalink;
  item.headline = plainTitle(firstText(node, 'title'));
  item.bodyHtml = firstText(node, 'content:encoded') || firstText(node, 'description');
  const creator = firstText(node, 'dc:creator') || authorName(firstText(node, 'author'));
  item.byline = creator || null;
  const categories = children(node, 'category').map((c) => decodeEntities(textOf(c)).trim()).filter(Boolean);
  item.keywords = [...new Set(categories)];
  item.section = categories[0] ?? null;
  item.language = firstText(node, 'dc:language') || firstText(channel, 'language', 'dc:language') || null;

  const dateText = firstText(node, 'pubDate') || firstText(node, 'dc:date');
  const { date, problem } = parseWireDate(dateText);
  if (problem) problems.push({ item: index, guid: item.guid, field: 'pubDate', reason: `${problem}; stored without a date`, warning: true });
  item.versionCreated = date;
  item.firstCreated = date;

  const rights = firstText(node, 'dc:rights') || firstText(channel, 'copyright', 'dc:rights');
  if (rights) item.rights = { notice: decodeEntities(rights), holder: null };
  return item;
}

export const rss: FeedFormat = {
  name: 'rss',

  detect(doc: RawDocument): boolean {
    const root = rootElementName(doc.text);
    return root === 'rss' || root === 'rdf:RDF';
  },

  parse(doc: RawDocument) {
    const { name, node: root } = parseXml(doc.text);
    if (name !== 'rss' && name !== 'rdf:RDF') throw new DocumentError(`not an RSS document: the root element is <${name}>`, 'rss');
    const channel = first(root, 'channel');
    if (!channel || typeof channel === 'string') throw new DocumentError('RSS document has no <channel>', 'channel');
    // RSS 1.0 (RDF) puts items beside the channel rather than in it.
    const nodes = [...children(channel, 'item'), ...children(root, 'item')];
    const items: WireItem[] = [];
    const problems: ItemProblem[] = [];
    nodes.forEach((node, i) => {
      if (typeof node === 'string') {
        problems.push({ item: i + 1, field: 'item', reason: 'empty <item>' });
        return;
      }
      items.push(parseItem(node, i + 1, channel, problems));
    });
    return { format: 'rss', items, problems, feedTitle: plainTitle(firstText(channel, 'title')) || null };
  },
};
