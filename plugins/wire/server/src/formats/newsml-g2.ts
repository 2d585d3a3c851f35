/**
 * IPTC NewsML-G2: a `newsItem`, or a `newsMessage` carrying several. guid and version, `pubStatus`,
 * `embargoed`, `urgency`, language, slugline, headline, `by`, `located`/`dateline`, subjects and
 * keywords, `inlineXML` (XHTML or NITF) and `inlineData` bodies, and `rightsInfo` (holder, notice,
 * usage terms, in the item's language first and every other language kept).
 */
import { parseDateline } from '../normalise/dateline';
import { escapeHtml } from '../normalise/text';
import { xmlItemStream } from './stream';
import { childText, readXml, rootIs, type XmlElement } from './xml';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  type FeedFormat,
  type ItemProblem,
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
  item.bodyHtml = body(node);
  item.rights = rights(node, item.language);
  return item;
}

export const newsmlG2: FeedFormat = {
  name: 'newsml-g2',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'g2:newsItem', 'g2:newsMessage', 'g2:packageItem');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    const problems: ItemProblem[] = [];
    let nodes: XmlElement[];
    if (root.is('g2:newsItem')) nodes = [root];
    else if (root.is('g2:newsMessage')) nodes = root.all('itemSet').flatMap((s) => s.all('newsItem'));
    else throw new DocumentError(`not a NewsML-G2 news item: the root element is <${root.name}>`, 'newsItem');
    const items = nodes.map((n, i) => parseNewsItem(n, i + 1, problems));
    return { format: 'newsml-g2', items, problems };
  },

  /** A newsMessage item by item; a lone newsItem is read at its end. */
  streamItems(doc, limits) {
    return xmlItemStream(doc, limits, {
      format: 'newsml-g2',
      isItem: (el, _depth, parent) => el.is('g2:newsItem') && parent.is('g2:itemSet'),
      checkRoot: (root) => {
        if (!root.is('g2:newsItem') && !root.is('g2:newsMessage'))
          throw new DocumentError(`not a NewsML-G2 news item: the root element is <${root.name}>`, 'newsItem');
      },
      itemContext: () => null,
      readItem: (el, index, _context, problems) => parseNewsItem(el, index, problems),
      atEnd: (root, problems) => (root.is('g2:newsItem') ? [parseNewsItem(root, 1, problems)] : []),
    });
  },
};
