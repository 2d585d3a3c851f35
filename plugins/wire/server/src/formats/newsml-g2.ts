/**
 * IPTC NewsML-G2: a `newsItem`, or a `newsMessage` carrying several. guid and version, `pubStatus`,
 * `embargoed`, `urgency`, language, slugline, headline, `by`, `located`/`dateline`, subjects and
 * keywords, `inlineXML` (XHTML or NITF) and `inlineData` bodies, and `rightsInfo` (holder, notice,
 * usage terms, in the item's language first and every other language kept).
 *
 * Pictures, video, audio and graphics (`itemClass` `ninat:picture` and the like, or Reuters'
 * `icls:`): the caption (`description`, caption role first) as the body, `creditline`, and every
 * `remoteContent` (and `inlineData` with an href) of the `contentSet` as a rendition. A
 * `packageItem` is a package: its `groupSet` walked from the root group, each `itemRef` a member in
 * that order with its role and its group's id and role.
 */
import { parseDateline } from '../normalise/dateline';
import { escapeHtml } from '../normalise/text';
import { nitfImages } from './nitf';
import { xmlItemStream } from './stream';
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
  type PackageMember,
  type Rendition,
  type PubStatus,
  type RawDocument,
  type RightsStatement,
  type WireItem,
} from './types';

const STATUS: Record<string, PubStatus> = {
  usable: 'usable',
  withheld: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
};
const afterColon = (qcode: string | null) => (qcode ? qcode.slice(qcode.indexOf(':') + 1) : '');

/** Of several elements in different languages, the one in `language` (or its base), else the first. */
export function inLanguage(elements: XmlElement[], language: string | null): XmlElement | null {
  if (!elements.length) return null;
  const base = language?.split('-')[0].toLowerCase();
  const lang = (e: XmlElement) => e.attr('xml:lang')?.toLowerCase() ?? null;
  return (
    elements.find((e) => lang(e) === language?.toLowerCase()) ??
    elements.find((e) => lang(e)?.split('-')[0] === base) ??
    elements.find((e) => !lang(e)) ??
    elements[0]
  );
}

function conceptName(el: XmlElement | null, language: string | null): string | null {
  if (!el) return null;
  return inLanguage(el.all('name'), language)?.clean() || el.attr('literal') || null;
}

function rights(item: XmlElement, language: string | null): RightsStatement | null {
  const blocks = item.all('rightsInfo');
  if (!blocks.length) return null;
  const all = (name: string) => blocks.flatMap((b) => b.all(name));
  const holderEl = all('copyrightHolder')[0] ?? null;
  const holder = conceptName(holderEl, language) || afterColon(holderEl?.attr('qcode') ?? null) || null;
  const notices = all('copyrightNotice');
  const terms = all('usageTerms');
  const notice = [inLanguage(notices, language)?.clean(), inLanguage(terms, language)?.clean()]
    .filter(Boolean)
    .join('. ');
  if (!notice && !holder) return null;
  // Every other language is kept beside the chosen one.
  const chosen =
    inLanguage(notices, language)?.attr('xml:lang') ?? inLanguage(terms, language)?.attr('xml:lang') ?? null;
  const inLang = (list: XmlElement[], l: string) => list.find((e) => e.attr('xml:lang') === l)?.clean();
  const translations = [...new Set([...notices, ...terms].map((e) => e.attr('xml:lang')))]
    .filter((l): l is string => !!l && l !== chosen)
    .map((l) => ({ language: l, notice: [inLang(notices, l), inLang(terms, l)].filter(Boolean).join('. ') }));
  return { notice: notice || `Copyright ${holder}`, holder, ...(translations.length ? { translations } : {}) };
}

/** The story from an inline XHTML document: its body, without the header dpa and others repeat. */
function xhtmlBody(inline: XmlElement): string {
  const html = inline.child('xhtml:html') ?? inline.child('html');
  const body = html?.child('body') ?? inline;
  const main = body.descendants('section').find((s) => /\bmain\b/.test(s.attr('class') ?? ''));
  if (main) return main.innerXml();
  return body
    .elements()
    .filter((e) => e.localName !== 'header')
    .map((e) => e.outerXml())
    .join('');
}

function body(item: XmlElement): string {
  const set = item.child('contentSet');
  if (!set) return '';
  const inlineXml = set.all('inlineXML');
  const preferred = inlineXml.find((x) => /xhtml|html/.test(x.attr('contenttype') ?? '')) ?? inlineXml[0];
  if (preferred) {
    // NITF in its own namespace, in none, or (undeclared) in G2's.
    const nitfBody = preferred.descendants('nitf:body.content')[0] ?? preferred.descendants('body.content')[0];
    return (nitfBody ? nitfBody.innerXml() : xhtmlBody(preferred)).trim();
  }
  const data = set.all('inlineData')[0];
  if (!data) return '';
  const text = data.text();
  if (/html/.test(data.attr('contenttype') ?? '')) return text.trim();
  return text
    .split(/\r?\n\s*\r?\n|\r?\n(?=\s{2,})/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p.replace(/\s+/g, ' '))}</p>`)
    .join('\n');
}

const positive = (value: string | null): number | null => {
  const n = Number(value);
  return value !== null && value !== '' && Number.isFinite(n) && n > 0 ? n : null;
};

/** A media item's renditions: every `remoteContent` with an href, in order. */
function renditions(node: XmlElement): Rendition[] {
  const set = node.child('contentSet');
  if (!set) return [];
  return set
    .elements()
    .filter((e) => e.localName === 'remoteContent' && (e.attr('href') ?? '').trim())
    .map((e) => ({
      name: e.attr('rendition') || null,
      href: (e.attr('href') ?? '').trim(),
      contentType: e.attr('contenttype') || null,
      width: positive(e.attr('width')),
      height: positive(e.attr('height')),
      size: positive(e.attr('size')),
      duration: positive(e.attr('duration')),
    }));
}

/** The caption of a media item: a `description` with a caption role, else a summary, else any. */
function caption(content: XmlElement | null, language: string | null): string {
  const all = (content?.all('description') ?? []).filter((d) => d.clean());
  const withRole = (role: RegExp) => all.filter((d) => role.test(d.attr('role') ?? ''));
  const chosen = [withRole(/caption/i), withRole(/summary|abstract/i), all].find((list) => list.length) ?? [];
  return inLanguage(chosen, language)?.clean() ?? '';
}

/**
 * A package's members: the groups walked from the root group (`groupSet/@root`, else the first),
 * each `itemRef` in document order, then groups the walk did not reach. Members are numbered in
 * that order; a ref without a `residref` is left out. Linear: each group is visited once.
 */
function members(node: XmlElement): PackageMember[] {
  const set = node.child('groupSet');
  if (!set) return [];
  const groups = set.all('group');
  const byId = new Map(groups.filter((g) => g.attr('id')).map((g) => [g.attr('id')!, g]));
  const visited = new Set<XmlElement>();
  const out: PackageMember[] = [];
  const visit = (group: XmlElement) => {
    // An explicit stack, not recursion: a hostile groupSet may nest refs thousands deep.
    const stack = [group];
    while (stack.length) {
      const g = stack.pop()!;
      if (visited.has(g)) continue;
      visited.add(g);
      const next: XmlElement[] = [];
      for (const ref of g.elements()) {
        if (ref.localName === 'groupRef') {
          const target = byId.get(ref.attr('idref') ?? '');
          if (target) next.push(target);
        } else if (ref.localName === 'itemRef') {
          const guid = (ref.attr('residref') ?? '').trim();
          if (!guid) continue;
          out.push({
            guid,
            version: positive(ref.attr('version')),
            order: out.length + 1,
            role: ref.attr('role') || ref.attr('rel') || null,
            group: g.attr('id') || null,
            groupRole: g.attr('role') || null,
            itemType: itemTypeOf(ref.child('itemClass')?.attr('qcode')),
            headline: ref.child('headline')?.clean() || ref.child('title')?.clean() || null,
          });
        }
      }
      // Depth first, refs in the order written.
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
    }
  };
  const root = byId.get(set.attr('root') ?? '') ?? groups[0];
  if (root) visit(root);
  for (const g of groups) visit(g);
  return out;
}

function parseNewsItem(node: XmlElement, index: number, problems: ItemProblem[]): WireItem {
  const item = emptyItem();
  item.headlineFromBody = true;
  const meta = node.child('itemMeta');
  const content = node.child('contentMeta');
  item.guid = node.attr('guid');
  const version = Number(node.attr('version'));
  item.version = Number.isInteger(version) && version > 0 ? version : null;
  item.language = content?.child('language')?.attr('tag') ?? node.attr('xml:lang') ?? null;

  const date = (el: XmlElement | null, field: string) => {
    return dateOrWarning(el?.clean() ?? '', field, { index, guid: item.guid }, problems);
  };
  item.versionCreated = date(meta?.child('versionCreated') ?? null, 'versionCreated');
  item.firstCreated = date(meta?.child('firstCreated') ?? null, 'firstCreated');
  item.embargoedUntil = date(meta?.child('embargoed') ?? null, 'embargoed');
  item.embargoRaw = meta?.child('embargoed')?.clean() ?? null;
  const status = afterColon(meta?.child('pubStatus')?.attr('qcode') ?? 'stat:usable').toLowerCase();
  item.pubStatus = STATUS[status] ?? 'usable';
  const notes = (meta?.all('edNote') ?? [])
    .filter((n) => !n.elements().length)
    .map((n) => n.clean())
    .filter(Boolean);
  item.edNote = notes.length ? notes.join('\n') : null;
  const provider = meta?.child('provider') ?? null;
  const providerCode = afterColon(provider?.attr('qcode') ?? null) || provider?.attr('literal') || '';
  if (providerCode)
    item.agency = { code: providerCode.toUpperCase(), name: conceptName(provider, 'en') ?? providerCode };
  const link = meta?.all('link').find((l) => /alternate|canonical/.test(l.attr('rel') ?? ''));
  item.url = link?.attr('href') ?? null;

  const urgency = Number(childText(content, 'urgency'));
  item.urgency = Number.isInteger(urgency) && urgency > 0 ? urgency : null;
  item.slugline = childText(content, 'slugline') || null;
  item.headline = content?.all('headline')[0]?.clean() ?? '';
  item.byline =
    (content?.all('by') ?? [])
      .map((b) => b.clean())
      .filter(Boolean)
      .join(', ') || null;
  item.keywords = (content?.all('keyword') ?? []).map((k) => k.clean()).filter(Boolean);
  item.subjects = (content?.all('subject') ?? []).map((s) => ({
    code: s.attr('qcode'),
    name: conceptName(s, item.language),
  }));
  const genre = conceptName(content?.child('genre') ?? null, item.language);
  item.section =
    (content?.all('subject') ?? [])
      .filter((s) => /category/.test(s.attr('type') ?? ''))
      .map((s) => conceptName(s, item.language))[0] ??
    genre ??
    null;

  const datelineText = childText(content, 'dateline');
  item.dateline = datelineText ? parseDateline(datelineText, item.versionCreated) : null;
  const located = content?.child('located') ?? null;
  if (located) {
    const place = conceptName(located, item.language);
    const country = located.all('broader').find((b) => /country/.test(b.attr('type') ?? ''));
    const countryCode = country?.attr('qcode')?.startsWith('iso3166-1a2:') ? afterColon(country.attr('qcode')) : null;
    item.dateline = item.dateline ?? {
      text: place ?? '',
      place: null,
      region: null,
      country: null,
      date: null,
      agency: null,
    };
    item.dateline.place = item.dateline.place ?? place;
    item.dateline.country = item.dateline.country ?? countryCode ?? conceptName(country ?? null, item.language);
  }
  item.rights = rights(node, item.language);
  const credit = childText(content, 'creditline');
  if (node.is('g2:packageItem')) {
    item.itemType = 'package';
    item.headline = item.headline || meta?.child('title')?.clean() || '';
    item.members = members(node);
    if (credit) item.credit = credit;
    return item;
  }
  const type: ItemType | null = itemTypeOf(meta?.child('itemClass')?.attr('qcode'));
  if (type && MEDIA_TYPES.has(type)) {
    item.itemType = type;
    const text = caption(content, item.language);
    item.bodyHtml = text ? `<p>${escapeHtml(text)}</p>` : '';
    item.renditions = renditions(node);
    item.credit = credit || null;
    return item;
  }
  item.bodyHtml = body(node);
  item.images = linkedImages(node);
  return item;
}

/**
 * The pictures a text item points to: `itemMeta/link`s whose `contenttype` is an image (the G2 way of
 * naming an associated picture by its URL), then `<media>` in an inline NITF body. A picture sent as
 * its own newsItem reaches Wire as a picture item with renditions instead.
 */
export function linkedImages(node: XmlElement): ImageRef[] {
  const out: ImageRef[] = [];
  for (const link of node.child('itemMeta')?.all('link') ?? []) {
    const href = (link.attr('href') ?? '').trim();
    const type = (link.attr('contenttype') ?? '').trim();
    if (!href || !/^image\//i.test(type)) continue;
    out.push({
      url: href,
      type,
      caption: link.attr('title')?.trim() || link.child('title')?.clean() || null,
      credit: null,
      width: positive(link.attr('width')),
      height: positive(link.attr('height')),
    });
  }
  for (const inline of node.child('contentSet')?.all('inlineXML') ?? []) {
    const nitfBody = inline.descendants('nitf:body.content')[0] ?? inline.descendants('body.content')[0];
    if (nitfBody) out.push(...nitfImages(nitfBody));
  }
  return out;
}

/** The items of a newsMessage's itemSets: news items and package items, in document order. */
const isG2Item = (el: XmlElement) => el.is('g2:newsItem') || el.is('g2:packageItem');

export const newsmlG2: FeedFormat = {
  name: 'newsml-g2',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'g2:newsItem', 'g2:newsMessage', 'g2:packageItem');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    const problems: ItemProblem[] = [];
    let nodes: XmlElement[];
    if (isG2Item(root)) nodes = [root];
    else if (root.is('g2:newsMessage')) nodes = root.all('itemSet').flatMap((s) => s.elements().filter(isG2Item));
    else throw new DocumentError(`not a NewsML-G2 news item: the root element is <${root.name}>`, 'newsItem');
    const items = nodes.map((n, i) => parseNewsItem(n, i + 1, problems));
    return { format: 'newsml-g2', items, problems };
  },

  /** A newsMessage item by item; a lone newsItem is read at its end. */
  streamItems(doc, limits) {
    return xmlItemStream(doc, limits, {
      format: 'newsml-g2',
      isItem: (el, _depth, parent) => isG2Item(el) && parent.is('g2:itemSet'),
      checkRoot: (root) => {
        if (!isG2Item(root) && !root.is('g2:newsMessage'))
          throw new DocumentError(`not a NewsML-G2 news item: the root element is <${root.name}>`, 'newsItem');
      },
      itemContext: () => null,
      readItem: (el, index, _context, problems) => parseNewsItem(el, index, problems),
      atEnd: (root, problems) => (isG2Item(root) ? [parseNewsItem(root, 1, problems)] : []),
    });
  },
};
