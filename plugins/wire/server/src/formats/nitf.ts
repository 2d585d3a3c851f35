/**
 * NITF 3.x: one article per document. Headline from `hl1` (else `head/title`), byline without its
 * `byttl`, the dateline, `doc-id`, compact dates (`20131020T192751+1100`), `management-status`,
 * `ed-msg`, `key-list`, subjects from `tobject.subject`, `body.content` (also `<pre>` copy) and
 * `doc.copyright`/`doc.rights` as the rights statement. `date.release` is the embargo, with or
 * without `management-status="embargoed"`. The DOCTYPE's DTD is never fetched.
 */
import { parseDateline } from '../normalise/dateline';
import { childText, readXml, rootIs, type XmlElement } from './xml';
import {
  dateOrWarning,
  DocumentError,
  emptyItem,
  type FeedFormat,
  type ImageRef,
  type ItemProblem,
  type PubStatus,
  type RawDocument,
  type Subject,
} from './types';

const STATUS: Record<string, PubStatus> = {
  usable: 'usable',
  embargoed: 'usable',
  withheld: 'withheld',
  canceled: 'canceled',
  cancelled: 'canceled',
};

function meta(head: XmlElement | null, name: string): string {
  return (
    head
      ?.all('meta')
      .find((m) => m.attr('name') === name)
      ?.attr('content')
      ?.trim() ?? ''
  );
}

/** IPTC subject codes are hierarchical (2+3+3 digits): 02003001 also means 02003000 and 02000000. */
function subjects(head: XmlElement | null): Subject[] {
  const out = new Map<string, Subject>();
  for (const s of head?.descendants('tobject.subject') ?? []) {
    const code = s.attr('tobject.subject.refnum') ?? '';
    const [type, matter, detail] = ['type', 'matter', 'detail'].map((k) => s.attr(`tobject.subject.${k}`));
    if (/^\d{8}$/.test(code)) {
      if (type) out.set(`${code.slice(0, 2)}000000`, { code: `${code.slice(0, 2)}000000`, name: type });
      if (matter && code.slice(5) !== '000')
        out.set(`${code.slice(0, 5)}000`, { code: `${code.slice(0, 5)}000`, name: matter });
    }
    if (code || detail || matter || type)
      out.set(code || `${type}/${matter}/${detail}`, { code: code || null, name: detail || matter || type });
  }
  return [...out.values()];
}

/** The byline's own text: `<byttl>` (the writer's title) and other child elements are left out. */
function bylineText(el: XmlElement | null): string {
  if (!el) return '';
  const own = el.children
    .filter((c) => typeof c === 'string')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return own || el.clean();
}

function rightsNotice(docdata: XmlElement | null): { notice: string; holder: string | null } | null {
  const copyright = docdata?.child('doc.copyright');
  const rights = docdata?.child('doc.rights');
  const holder = copyright?.attr('holder') ?? rights?.attr('owner') ?? null;
  const parts: string[] = [];
  if (copyright) parts.push(`Copyright ${[copyright.attr('year'), holder].filter(Boolean).join(' ')}`.trim());
  if (rights?.attr('type')) parts.push(rights.attr('type') as string);
  if (rights?.attr('limitations')) parts.push(rights.attr('limitations') as string);
  const notice = parts.join('. ').replace(/\.\./g, '.');
  return notice ? { notice, holder } : null;
}

const positive = (value: string | null): number | null => {
  const n = Number(value);
  return value !== null && value !== '' && Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * The pictures a NITF story carries: every `<media media-type="image">` (also `photo`, `graphic`)
 * under `el`, each with its first `media-reference` that has a `source` (its `mime-type`, `width`,
 * `height`), its `media-caption` and its `media-producer` as the credit. Used for NITF documents and
 * for NITF inside NewsML-G2 and NewsML 1.2.
 */
export function nitfImages(el: XmlElement): ImageRef[] {
  const out: ImageRef[] = [];
  for (const media of el.descendants('media')) {
    if (!/^(?:image|photo|graphic)$/i.test((media.attr('media-type') ?? '').trim())) continue;
    const ref = media.all('media-reference').find((r) => (r.attr('source') ?? '').trim());
    if (!ref) continue;
    out.push({
      url: (ref.attr('source') ?? '').trim(),
      type: ref.attr('mime-type')?.trim() || null,
      caption: media.child('media-caption')?.clean() || null,
      credit: media.child('media-producer')?.clean() || null,
      width: positive(ref.attr('width')),
      height: positive(ref.attr('height')),
    });
  }
  return out;
}

export const nitf: FeedFormat = {
  name: 'nitf',

  detect(doc: RawDocument): boolean {
    return rootIs(doc.text, 'nitf:nitf');
  },

  parse(doc: RawDocument) {
    const root = readXml(doc);
    if (!root.is('nitf:nitf'))
      throw new DocumentError(`not a NITF document: the root element is <${root.name}>`, 'nitf');
    const head = root.child('head');
    const docdata = head?.child('docdata') ?? null;
    const bodyHead = root.find('body/body.head');
    const problems: ItemProblem[] = [];
    const item = emptyItem();
    item.headlineFromBody = true;

    const docId = docdata?.child('doc-id');
    item.guid = docId?.attr('id-string') || null;
    item.headline = childText(bodyHead?.child('hedline') ?? null, 'hl1') || childText(head, 'title');
    item.byline = bylineText(bodyHead?.child('byline') ?? null) || null;
    item.slugline = docdata?.child('du-key')?.attr('key') || meta(head, 'anpa-keyword') || null;
    item.sequence = meta(head, 'anpa-sequence') || null;
    item.edNote = docdata?.child('ed-msg')?.attr('info') || null;
    item.keywords = (docdata?.child('key-list')?.all('keyword') ?? [])
      .map((k) => k.attr('key') ?? k.clean())
      .filter(Boolean);
    item.subjects = subjects(head);
    const urgency = Number(docdata?.child('urgency')?.attr('ed-urg'));
    item.urgency = Number.isInteger(urgency) && urgency > 0 ? urgency : null;
    item.language = root.attr('xml:lang') ?? root.child('body')?.attr('xml:lang') ?? null;

    const date = (name: string) => {
      const el = docdata?.child(name);
      return dateOrWarning(el?.attr('norm') ?? el?.clean() ?? '', name, { index: 1, guid: item.guid }, problems);
    };
    item.firstCreated = date('date.issue');
    item.versionCreated = item.firstCreated;
    item.expiresAt = date('date.expire');
    const status = (docdata?.attr('management-status') ?? 'usable').toLowerCase();
    item.pubStatus = STATUS[status] ?? 'usable';
    // `date.release` is when the copy may be released, whatever `management-status` says (an agency
    // may leave the status out): it is read as an embargo, and one that cannot be read holds the story.
    const release = docdata?.child('date.release');
    if (release) item.embargoedUntil = date('date.release');
    if (release) item.embargoRaw = release.attr('norm') ?? release.clean();
    else if (status === 'embargoed') item.embargoRaw = '';

    const datelineEl = bodyHead?.child('dateline');
    const datelineText = datelineEl?.clean() ?? '';
    item.dateline = datelineText ? parseDateline(datelineText, item.firstCreated) : null;
    const city = datelineEl?.find('location/city')?.clean();
    if (item.dateline && city) item.dateline.place = city;

    item.bodyHtml = root.find('body/body.content')?.innerXml().trim() ?? '';
    item.rights = rightsNotice(docdata);
    item.images = nitfImages(root);
    const agencyCode =
      docId?.attr('regsrc') ||
      docdata?.child('doc.rights')?.attr('owner') ||
      docdata?.find('del-list/from-src')?.attr('src-name') ||
      null;
    if (agencyCode) {
      const name = childText(bodyHead, 'distributor') || docdata?.child('doc.copyright')?.attr('holder') || agencyCode;
      item.agency = { code: agencyCode.toUpperCase(), name };
    }
    return { format: 'nitf', items: [item], problems };
  },
};
