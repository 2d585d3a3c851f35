/**
 * NewsML 1.2 as AFP delivers it: `NewsML/NewsItem`s with `Identification`, `NewsManagement`
 * (dates, status, urgency), `NewsLines` (headline, dateline, slugline, byline), `RightsMetadata`,
 * subject codes and keywords, and an NITF or plain-text body in `ContentItem/DataContent`.
 *
 * Photos, video, audio and graphics: the item's `MediaType` (its top component's, else that of its
 * first `ContentItem`) names it; each `ContentItem` with an `Href` and a media type is a rendition
 * (`MimeType`, `Characteristics` size, width and height, its component's `Role` as the name), and
 * the text `DataContent` (the caption) is the body.
 */
import { parseDateline } from '../normalise/dateline';
import { escapeHtml } from '../normalise/text';
import { nitfImages } from './nitf';
import { childText, readXml, rootIs, type XmlElement } from './xml';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  itemTypeOf,
  MEDIA_TYPES,
  type FeedFormat,
  type ImageRef,
  type ItemProblem,
  type ItemType,
  type Rendition,
  type PubStatus,
  type RawDocument,
  type WireItem,
} from './types';

const STATUS: Record<string, PubStatus> = {
  usable: 'usable',
  withheld: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
  embargoed: 'usable',
};

const formal = (el: XmlElement | null) => el?.attr('FormalName') ?? '';

function properties(el: XmlElement | null, name: string): string[] {
  return (el?.all('Property') ?? [])
    .filter((p) => p.attr('FormalName') === name)
    .map((p) => p.attr('Value') ?? '')
    .filter(Boolean);
}

function contentBody(component: XmlElement): string {
  for (const item of component.descendants('ContentItem')) {
    const data = item.child('DataContent');
    if (!data) continue;
    const nitfBody = data.descendants('body.content')[0];
    if (nitfBody) return nitfBody.innerXml().trim();
    const text = data.text().trim();
    if (text)
      return text
        .split(/\r?\n\s*\r?\n/)
        .map((p) => `<p>${escapeHtml(p.replace(/\s+/g, ' ').trim())}</p>`)
        .join('\n');
  }
  return '';
}

/** A content item's media type: its own `MediaType`, else its component's. */
function mediaTypeOf(content: XmlElement, parents: Map<XmlElement, XmlElement>): ItemType | null {
  const own = formal(content.child('MediaType'));
  if (own) return itemTypeOf(own);
  const parent = parents.get(content);
  return parent ? itemTypeOf(formal(parent.child('MediaType'))) : null;
}

/** What the item is and, for media, its renditions. */
function media(component: XmlElement): { type: ItemType | null; renditions: Rendition[] } {
  const parents = new Map<XmlElement, XmlElement>();
  for (const c of [component, ...component.descendants('NewsComponent')])
    for (const ci of c.all('ContentItem')) parents.set(ci, c);
  const contents = component.descendants('ContentItem');
  // Its top component's MediaType says what it is; else it is media when every content item is a
  // rendition with an Href or a caption (a component with the Role Caption), text otherwise (a story
  // with pictures attached stays a story).
  const isRendition = (ci: XmlElement) =>
    !!(ci.attr('Href') ?? '').trim() && MEDIA_TYPES.has(mediaTypeOf(ci, parents) ?? 'text');
  const isCaption = (ci: XmlElement) => /caption/i.test(formal(parents.get(ci)?.child('Role') ?? null));
  const top = itemTypeOf(formal(component.child('MediaType')));
  const first = contents.find(isRendition);
  const type =
    top ?? (first && contents.every((ci) => isRendition(ci) || isCaption(ci)) ? mediaTypeOf(first, parents) : null);
  if (!type || !MEDIA_TYPES.has(type)) return { type, renditions: [] };
  const number = (v: string | null | undefined) => {
    const n = Number(v);
    return v && Number.isFinite(n) && n > 0 ? n : null;
  };
  const renditions = contents.filter(isRendition).map((ci) => {
    const traits = ci.child('Characteristics');
    const parent = parents.get(ci);
    return {
      name: formal(parent?.child('Role') ?? null) || formal(ci.child('Format')) || null,
      href: (ci.attr('Href') ?? '').trim(),
      contentType: formal(ci.child('MimeType')) || null,
      width: number(properties(traits, 'Width')[0]),
      height: number(properties(traits, 'Height')[0]),
      size: number(childText(traits, 'SizeInBytes')),
      duration: number(properties(traits, 'Duration')[0]),
    };
  });
  return { type, renditions };
}

function parseNewsItem(
  node: XmlElement,
  index: number,
  envelope: XmlElement | null,
  problems: ItemProblem[],
): WireItem {
  const item = emptyItem();
  item.headlineFromBody = true;
  const id = node.find('Identification/NewsIdentifier');
  const management = node.child('NewsManagement');
  const component = node.child('NewsComponent') ?? node;
  const lines = component.child('NewsLines');
  const described = component.child('DescriptiveMetadata');

  item.guid =
    childText(id, 'PublicIdentifier') ||
    [childText(id, 'ProviderId'), childText(id, 'DateId'), childText(id, 'NewsItemId')].filter(Boolean).join(':') ||
    null;
  const revision = Number(childText(id, 'RevisionId'));
  item.version = Number.isInteger(revision) && revision > 0 ? revision : null;
  const date = (name: string, text = childText(management, name)) => {
    return dateOrWarning(text, name, { index, guid: item.guid }, problems);
  };
  item.firstCreated = date('FirstCreated');
  item.versionCreated = date('ThisRevisionCreated') ?? item.firstCreated;
  const status = formal(management?.child('Status') ?? null).toLowerCase();
  item.pubStatus = STATUS[status] ?? 'usable';
  // The time the story becomes usable is its embargo, whatever the current status says; a change
  // to another status (withheld, canceled) later is not.
  const change = management?.child('StatusWillChange') ?? null;
  const future = formal(change?.child('FutureStatus') ?? null).toLowerCase();
  const embargo = change && (future === '' || future === 'usable') ? change.child('DateAndTime') : null;
  if (embargo) item.embargoedUntil = date('StatusWillChange/DateAndTime', embargo.clean());
  if (embargo) item.embargoRaw = embargo.clean();
  else if (status === 'embargoed') item.embargoRaw = '';
  const urgency = Number(formal(management?.child('Urgency') ?? null) || formal(envelope?.child('Priority') ?? null));
  item.urgency = Number.isInteger(urgency) && urgency > 0 ? urgency : null;

  item.headline = childText(lines, 'HeadLine');
  item.slugline = childText(lines, 'SlugLine') || null;
  item.byline = childText(lines, 'ByLine') || null;
  const datelineText = childText(lines, 'DateLine');
  item.dateline = datelineText ? parseDateline(datelineText, item.firstCreated) : null;
  item.language = formal(described?.child('Language') ?? null) || node.attr('xml:lang') || null;
  item.keywords = properties(described, 'Keyword');
  item.section = formal(described?.child('Genre') ?? null) || null;
  item.subjects = (described?.all('SubjectCode') ?? [])
    .flatMap((sc) => sc.elements())
    .map((s) => ({ code: formal(s) || null, name: null }));
  const subjectCodes = new Set<string>();
  item.subjects = item.subjects.filter((s) => s.code && !subjectCodes.has(s.code) && subjectCodes.add(s.code));
  const location = described?.child('Location');
  if (item.dateline && location) {
    item.dateline.country = item.dateline.country ?? (properties(location, 'Country')[0] || null);
  }
  const provider =
    formal(component.find('AdministrativeMetadata/Provider/Party')) ||
    childText(id, 'ProviderId').replace(/\.com$/, '');
  if (provider) item.agency = { code: provider.toUpperCase(), name: provider };

  const rights = component.child('RightsMetadata');
  const usage = (rights?.descendants('UsageType') ?? []).map((u) => u.clean()).filter(Boolean);
  const holder = rights?.descendants('Copyright')[0];
  const holderName = holder ? childText(holder, 'CopyrightHolder') : '';
  const notice = [holder ? childText(holder, 'CopyrightStatement') : '', ...usage].filter(Boolean).join('. ');
  if (notice) item.rights = { notice, holder: holderName || null };
  item.bodyHtml = contentBody(component);
  const { type, renditions } = media(component);
  if (type && MEDIA_TYPES.has(type)) {
    item.itemType = type;
    item.renditions = renditions;
    item.credit = childText(lines, 'CreditLine') || null;
  } else item.images = attachedPictures(component);
  return item;
}

/**
 * The pictures attached to a story: content items with an `Href` whose media type (their own, else
 * their component's) is a photo or graphic, with their component's caption (a component with the
 * Role Caption beside them) and its CreditLine; and `<media>` in NITF content.
 */
export function attachedPictures(component: XmlElement): ImageRef[] {
  const out: ImageRef[] = [];
  const number = (v: string | null | undefined) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n > 0 ? n : null;
  };
  for (const c of [component, ...component.descendants('NewsComponent')]) {
    const own = itemTypeOf(formal(c.child('MediaType')));
    for (const ci of c.all('ContentItem')) {
      const href = (ci.attr('Href') ?? '').trim();
      const type = itemTypeOf(formal(ci.child('MediaType'))) ?? own;
      if (!href || (type !== 'picture' && type !== 'graphic')) continue;
      const traits = ci.child('Characteristics');
      const captionText = c
        .all('NewsComponent')
        .filter((n) => /caption/i.test(formal(n.child('Role'))))
        .map((n) => n.find('ContentItem/DataContent')?.clean() ?? '')
        .find(Boolean);
      out.push({
        url: href,
        type: formal(ci.child('MimeType')) || null,
        caption: captionText || null,
        credit: childText(c.child('NewsLines'), 'CreditLine') || null,
        width: number(properties(traits, 'Width')[0]),
        height: number(properties(traits, 'Height')[0]),
      });
    }
  }
  for (const data of component.descendants('DataContent')) {
    const nitfBody = data.descendants('body.content')[0];
    if (nitfBody) out.push(...nitfImages(nitfBody));
  }
  return out;
}

export const newsml1: FeedFormat = {
  name: 'newsml-1.2',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'newsml1:NewsML');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    if (!root.is('newsml1:NewsML'))
      throw new DocumentError(`not a NewsML 1.x document: the root element is <${root.name}>`, 'NewsML');
    const problems: ItemProblem[] = [];
    const envelope = root.child('NewsEnvelope');
    const items = root.all('NewsItem').map((n, i) => parseNewsItem(n, i + 1, envelope, problems));
    return { format: 'newsml-1.2', items, problems };
  },
};
