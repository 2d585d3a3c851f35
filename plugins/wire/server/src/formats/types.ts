import { parseWireDate } from '../normalise/dates';
/**
 * The normalised item every format parser produces. Parsers fill what their format carries;
 * agency profiles and normalisers refine it; the ingest pipeline stores it.
 */

export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** What an item is: copy, or a picture, video, audio clip or graphic, or a package grouping items. */
export type { ItemType } from '../../../shared/status';
import type { ItemType } from '../../../shared/status';

export interface Dateline {
  /** The dateline exactly as it stood in the copy, e.g. `BERLIN (USPA News) -`. */
  text: string;
  place: string | null;
  region: string | null;
  country: string | null;
  /** ISO date (YYYY-MM-DD) when the dateline names one. */
  date: string | null;
  /** The agency credit as written, e.g. `USPA News`. */
  agency: string | null;
}

export interface AgencyRef {
  code: string;
  name: string;
  homepage?: string | null;
  /** Named by the copy but unknown to the agency directory: created for an editor to confirm. */
  isNew?: boolean;
}

/** A rights statement as the source gave it, before it becomes a stored licence. */
export interface RightsStatement {
  notice: string;
  holder: string | null;
  /** The same statement in other languages, when the source gives several. */
  translations?: Array<{ language: string; notice: string }>;
}

/** A picture that belongs to the story: kept as a reference, never downloaded. */
export interface ImageRef {
  url: string;
  type: string | null;
  caption: string | null;
  credit: string | null;
  width: number | null;
  height: number | null;
}

/**
 * One rendition of a picture, video, audio or graphic item: where to fetch it and what it is. Kept
 * as a reference, never downloaded (the routing and picture work fetch it).
 */
export interface Rendition {
  /** The agency's name for it (`baseImage`, `thumbnail`, `rend:stream:700:16x9:mp4`), when given. */
  name: string | null;
  href: string;
  contentType: string | null;
  width: number | null;
  height: number | null;
  /** In bytes. */
  size: number | null;
  /** In seconds (video, audio). */
  duration: number | null;
}

/** One item a package groups, as the package names it: resolved to a stored item by its guid. */
export interface PackageMember {
  guid: string;
  version: number | null;
  /** 1-based position in the package, groups walked from the root in order. */
  order: number;
  /** The member's role or relation in its group (`itemRef/@role`, ninjs association name), as written. */
  role: string | null;
  /** The group it stands in: its id and its role (`grpRole:Main`), as written. */
  group: string | null;
  groupRole: string | null;
  /** What the package says the member is. */
  itemType: ItemType | null;
  headline: string | null;
}

/** A subject code (IPTC media topic, subject code, agency category) with its name when given. */
export interface Subject {
  code: string | null;
  name: string | null;
}

export interface WireItem {
  /** The agency's own identifier (G2/NITF id, RSS guid or link); null when the copy has none. */
  guid: string | null;
  version: number | null;
  headline: string;
  section: string | null;
  slugline: string | null;
  byline: string | null;
  dateline: Dateline | null;
  agency: AgencyRef | null;
  /** Body as HTML. Parsers may leave it unsanitized; the pipeline sanitizes before storing. */
  bodyHtml: string;
  language: string | null;
  keywords: string[];
  urgency: number | null;
  pubStatus: PubStatus;
  firstCreated: Date | null;
  versionCreated: Date | null;
  embargoedUntil: Date | null;
  /** The embargo as the copy wrote it ('' for an embargo status without a time); null for none. */
  embargoRaw?: string | null;
  /** After this the copy may no longer be used (NITF `date.expire`). */
  expiresAt: Date | null;
  url: string | null;
  rights: RightsStatement | null;
  subjects: Subject[];
  images: ImageRef[];
  /** The agency's note to editors (not for publication). */
  edNote: string | null;
  /** The agency's transmission sequence number, when given (ANPA, IPTC 7901, NITF meta). */
  sequence: string | null;
  /** The take or version key the agency gives the copy (ANPA `1st Ld-Writethru`, NITF `anpa-takekey`). */
  takeKey: string | null;
  /** Status words the agency sets on the copy, as written (`REFILE`, `1ST LEAD`, `EXTRA`, `(Achtung)`). */
  statusMarkers: string[];
  /**
   * The format carries agency copy that may come without a headline (NewsML-G2, NITF, NewsML 1.2,
   * ninjs, IPTC 7901/ANPA): prepare then makes one from the body. RSS, Atom and plain text leave it
   * unset: there the title is the item's headline, and an item without one is refused.
   */
  headlineFromBody?: boolean;
  /** What the item is; text when unset. Pictures, video, audio and graphics carry renditions, packages members. */
  itemType?: ItemType;
  /** The media item's renditions, in the order the agency gives them. */
  renditions?: Rendition[];
  /** The credit line (`REUTERS`, `AAP`), when the copy has one apart from the byline. */
  credit?: string | null;
  /** A package's members in order. */
  members?: PackageMember[];
}

/** Items that are media (they carry renditions, their body is a caption). */
export const MEDIA_TYPES: ReadonlySet<ItemType> = new Set(['picture', 'video', 'audio', 'graphic']);

/**
 * An item class or type as a format names it (G2 `ninat:picture` / `icls:picture`, ninjs `picture`,
 * NewsML 1.2 `Photo`), as Wire's item type; null when it names none Wire knows (read as text).
 */
export function itemTypeOf(name: string | null | undefined): ItemType | null {
  const word = (name ?? '').slice((name ?? '').indexOf(':') + 1).toLowerCase();
  switch (word) {
    case 'text':
      return 'text';
    case 'picture':
    case 'photo':
    case 'image':
      return 'picture';
    case 'video':
      return 'video';
    case 'audio':
    case 'sound':
      return 'audio';
    case 'graphic':
    case 'graphics':
      return 'graphic';
    case 'composite':
    case 'package':
      return 'package';
    default:
      return null;
  }
}

/** Why one item (or the whole document) could not be taken, naming the field at fault. */
export interface ItemProblem {
  /** 1-based position of the item in its document; 0 for the document itself. */
  item: number;
  guid?: string | null;
  field: string | null;
  reason: string;
  /** A warning leaves the item in (e.g. an unreadable date); anything else rejects it. */
  warning?: boolean;
}

export interface ParseResult {
  format: string;
  items: WireItem[];
  problems: ItemProblem[];
  /** The feed's own title, when the format has one (used to name an unknown agency). */
  feedTitle?: string | null;
}

/** What a parser receives: the decoded text and where it came from (for messages only). */
export interface RawDocument {
  text: string;
  /** File name or URL, used in error messages, never for detection. */
  origin: string;
  /** The feed is marked `lenient`: XML that is not well-formed is read by a forgiving reader. */
  lenient?: boolean;
  /**
   * The operator or the feed names the agency of copy that names none (`--agency`, a feed's
   * default agency): plain text then needs no credit line to be read as wire copy.
   */
  agencyGiven?: boolean;
}

/** What a stream of items gives back after each piece of the document: the items it completed. */
export interface StreamedItems {
  items: Array<{ index: number; item: WireItem }>;
  /** With StreamLimits.defer: the items found but not read yet. */
  deferred?: DeferredItem[];
  problems: ItemProblem[];
}

/**
 * An item found but not read yet: its source exactly as delivered and everything else its reading
 * depends on, so that a re-delivery is recognised before the work of reading it (services/ingest.ts).
 */
export interface DeferredItem {
  index: number;
  /** The item's XML as delivered. */
  source: string;
  /** What else its reading depends on (format, namespaces in scope, the feed's defaults), as text. */
  context: string;
  /** Reads it, as `streamItems` without `defer` would have; problems found are pushed. */
  read(problems: ItemProblem[]): WireItem;
}

/**
 * A document read as it arrives, one item's subtree in memory at a time (formats holding many items:
 * RSS, Atom, NewsML-G2 messages). Write decoded text in pieces, then close.
 */
export interface ItemStream {
  write(text: string): StreamedItems;
  close(): StreamedItems;
  /** The feed's own title, once read (null before, or when the format has none). */
  feedTitle(): string | null;
}

export interface StreamLimits {
  /** Largest item, in characters of its XML; a larger item is rejected, the others still read. */
  maxItemChars: number;
  /**
   * Hand items over unread, as DeferredItems, where the format can (strict XML): the caller reads
   * only those it has not seen before.
   */
  defer?: boolean;
}

/** One module per wire format implements this. */
export interface FeedFormat {
  name: string;
  /** A cheap look at the content (never the file name): does this module read it? */
  detect(doc: RawDocument): boolean;
  parse(doc: RawDocument): ParseResult;
  /** Streaming, where the format is a list of items; `parse` reads the same items from a whole text. */
  streamItems?(doc: Omit<RawDocument, 'text'>, limits: StreamLimits): ItemStream;
}

export function emptyItem(): WireItem {
  return {
    guid: null,
    version: null,
    headline: '',
    section: null,
    slugline: null,
    byline: null,
    dateline: null,
    agency: null,
    bodyHtml: '',
    language: null,
    keywords: [],
    urgency: null,
    pubStatus: 'usable',
    firstCreated: null,
    versionCreated: null,
    embargoedUntil: null,
    embargoRaw: null,
    expiresAt: null,
    url: null,
    rights: null,
    subjects: [],
    images: [],
    edNote: null,
    sequence: null,
    takeKey: null,
    statusMarkers: [],
  };
}

/** Thrown by a parser when the whole document is unreadable (not one item). */
export class DocumentError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

/**
 * A date as the copy gives it; an unreadable or impossible one is not stored but reported as a
 * warning naming the item and field (the item still goes in).
 */
export function dateOrWarning(
  text: string,
  field: string,
  item: { index: number; guid: string | null },
  problems: ItemProblem[],
): Date | null {
  const { date, problem } = parseWireDate(text);
  if (problem)
    problems.push({
      item: item.index,
      guid: item.guid,
      field,
      reason: `${problem}; ${/embargo|release|StatusWillChange/i.test(field) ? 'the story is held until an editor sets the time' : 'stored without it'}`,
      warning: true,
    });
  return date;
}
