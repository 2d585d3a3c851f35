/**
 * What the admin routes (routes/admin.ts) answer, in `{ data, meta }`: the server's desk code is
 * typed with these, and the desk reads them, so a field added or renamed on one side fails the
 * other's type check. Plain types only.
 */
import type { FeedFormatSetting } from './formats';
import type { ItemType, PubStatus, RunStatus, RunTrigger, UnservedReason } from './status';

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** A list route's answer. */
export interface Paged<T> {
  data: T[];
  meta: { pagination: Pagination };
}

/** A feed as the desk shows it: never its secrets, only whether they are set. */
export interface DeskFeed {
  documentId: string;
  name: string;
  source: string;
  format: FeedFormatSetting | string;
  enabled: boolean;
  lenient: boolean;
  /** Its stories' pictures are fetched into the Media Library as they arrive. */
  fetchPictures: boolean;
  pollIntervalMinutes: number;
  idleLimitMinutes: number;
  /** Days its stories may be hosted from first receipt (the stricter of this and the agency's applies); null: none. */
  retentionDays: number | null;
  authUsername: string | null;
  hasPassword: boolean;
  hasRequestHeaders: boolean;
  defaultAgency: { documentId: string; code: string; name: string } | null;
  defaultLicence: { documentId: string; name: string | null; holder: string | null } | null;
  paused: boolean;
  pausedReason: string | null;
  idle: boolean;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  lastItemAt: string | null;
  itemsLast24h: number;
}

/** A dateline's parts as stored (normalise/dateline.ts): the desk shows these, not the credit with its dash. */
export interface DeskDateline {
  place: string | null;
  region: string | null;
  country: string | null;
  /** The date the dateline names (YYYY-MM-DD), when it names one. */
  date: string | null;
}

/** One row of an article list. */
export interface DeskArticleRow {
  documentId: string;
  headline: string;
  agency: { code: string; name: string } | null;
  datelineText: string | null;
  /** Null when the dateline names neither place nor date. */
  dateline: DeskDateline | null;
  versionCreated: string | null;
  version: number;
  pubStatus: PubStatus;
  embargoedUntil: string | null;
  /** The embargo as the agency wrote it, and why the story is held when it could not be used. */
  embargoRaw: string | null;
  embargoHold: string | null;
  /** Held for review by a routing rule (the rule, in words) until an editor releases it; null when not. */
  reviewHold: string | null;
  /** Why no partner receives it now (the server's clock); null when it is served. */
  unservedReason: UnservedReason | null;
  /** The agency sent no headline: this one was made from the first sentence of the body. */
  headlineDerived: boolean;
  /** The agency's end of use (NITF `date.expire`): after it no partner receives the story. */
  expiresAt: string | null;
  /** What set that end of use: the copy's own, or the feed's or agency's retention (serve/retention.ts). */
  expiryBasis: 'item' | 'feed' | 'agency' | null;
  /**
   * Its licence asks for a link to the source and neither the story nor its agency has one: a quote
   * partner receives the headline only (until an editor gives the agency a homepage).
   */
  quoteLinkMissing: boolean;
  wordCount: number;
  section: string | null;
  language: string | null;
  urgency: number | null;
  /** What the item is: text, picture, video, audio, graphic or package. */
  itemType: ItemType;
  /** With a search: the stretch of the text with the most words asked for (hits marked). */
  snippet?: Array<{ text: string; hit?: true }>;
  /** The same story from other agencies (near-duplicates): how many, and which agencies. */
  sameStory?: { count: number; agencies: string[] };
}

/** One rendition of a picture, video, audio or graphic item, as the agency gave it (never fetched by Wire). */
export interface DeskRendition {
  name: string | null;
  href: string;
  contentType: string | null;
  width: number | null;
  height: number | null;
  size: number | null;
  duration: number | null;
}

/** One member of a package, in order, with the stored item it names when that has arrived. */
export interface DeskPackageMember {
  guid: string;
  order: number;
  role: string | null;
  group: string | null;
  groupRole: string | null;
  itemType: ItemType | null;
  /** The stored item's headline, else the one the package gives. */
  headline: string | null;
  documentId: string | null;
}

/** The desk's search filters that come with counts (GET /wire/articles?facets=true). */
export const DESK_FACETS = ['agency', 'section', 'language', 'urgency', 'status', 'feed'] as const;
export type DeskFacet = (typeof DESK_FACETS)[number];

/** One value of a facet: what to send back as the filter, what to show, how many stories have it. */
export interface DeskFacetValue {
  value: string;
  label: string;
  count: number;
}

/** GET /wire/articles */
export interface DeskArticleList {
  data: DeskArticleRow[];
  meta: {
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    /** Each facet's values under every other filter (so one can switch within a facet). */
    facets?: Record<DeskFacet, DeskFacetValue[]>;
  };
}

/** GET /wire/desk */
export interface DeskOverview {
  /** Feeds paused, failing or idle. */
  attention: DeskFeed[];
  feedCount: number;
  newest: DeskArticleRow[];
  /** Stories held because their embargo could not be read or is implausible. */
  held: DeskArticleRow[];
  counts: {
    articles: number;
    embargoed: number;
    withdrawn: number;
    withheld: number;
    held: number;
    licencesToReview: number;
    /** Stories a routing rule holds for review until an editor releases them. */
    heldForReview: number;
  };
}

export type UsageMode = 'full-text' | 'quote' | 'headline-only';

/** What a quote partner has received of a story and may still receive: words, every version together. */
export interface Budget {
  limitWords: number;
  spentWords: number;
  leftWords: number;
}

/** The `usage` block of a partner article: what the partner may do with it. */
export interface Usage {
  access: 'full' | 'quote';
  mode: UsageMode;
  fullText: boolean;
  totalWords: number;
  quoteLimitPercent: number | null;
  quoteLimitWords: number | null;
  wordsServed: number;
  quotesMustBeMarked: boolean;
  attribution: { required: boolean; text: string; url: string | null; hyperlinkRequired: boolean };
  /** The licence notice to show with the article, when the licence asks for attribution. */
  notice: string | null;
  /** May the copy be mined or used to train AI (the licence, else the newsroom's reservation)? */
  tdmAllowed: boolean;
  /** Does the licence cover the story's pictures (served as their Media Library URLs, `images`)? */
  picturesAllowed: boolean;
  /** The source's canonical URL, for copy served whole or quoted; null for a headline, or no source URL. */
  canonical: string | null;
  /** What this partner may do with the article, as an ODRL Agreement (`GET /api/wire/articles/:id/policy`). */
  policy: string;
  /** `none` when the partner asked for no excerpt (`excerpt=none`): headline, link and usage only. */
  excerpt?: 'none';
  /** A quote partner's budget for this story, after this response (the quote ledger). */
  budget?: Budget;
  reason?: string;
}

/** The part of a partner article (serve/partner-view.ts) the desk shows. */
export interface PartnerArticleView {
  id: string;
  headline: string;
  body: string;
  text: string;
  wordCount: number;
  usage: Usage;
}

/** A picture in the Media Library (services/pictures.ts): the stored file, never the agency's URL. */
export interface StoredPictureFile {
  id: number;
  url: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** One picture an article references, as the desk shows it. */
export interface DeskPicture {
  /** Which reference: `images[0]`, `renditions[2]`. */
  ref: string;
  /** The agency's URL without its query and credentials (it may carry a token). */
  source: string;
  caption: string | null;
  credit: string | null;
  stored: (StoredPictureFile & { at: string }) | null;
}

/** What fetching one picture came to (POST /wire/articles/:id/pictures). */
export interface PictureOutcome {
  ref: string;
  source: string;
  /** `busy`: another node is fetching it right now (each picture is fetched once). */
  status: 'stored' | 'refused' | 'busy';
  /** Why it was refused (its address, size, type, or what the server answered). */
  reason: string | null;
  file: StoredPictureFile | null;
}

/** POST /wire/articles/:id/pictures */
export interface PicturesResult {
  pictures: PictureOutcome[];
  stored: number;
  refused: number;
}

/** GET /wire/articles/:id */
export interface DeskArticleView {
  article: {
    documentId: string;
    guid: string;
    version: number;
    headline: string;
    section: string | null;
    byline: string | null;
    datelineText: string | null;
    dateline: DeskDateline | null;
    agency: { code: string; name: string } | null;
    feed: { documentId: string; name: string } | null;
    body: string;
    bodyText: string;
    wordCount: number;
    language: string | null;
    pubStatus: PubStatus;
    embargoedUntil: string | null;
    embargoRaw: string | null;
    embargoHold: string | null;
    reviewHold: string | null;
    /** The last release from review: who, when, for which version, and what had held it. */
    reviewRelease: { held: string; by: string | null; at: string; version: number } | null;
    /** The routing rules that matched at the last delivery. */
    routing: ArticleRouting | null;
    /** Where editors took the story into the site's own content, oldest first. */
    takenTo: TakenTo[];
    unservedReason: UnservedReason | null;
    /** The agency sent no headline: this one was made from the first sentence of the body. */
    headlineDerived: boolean;
    /** The agency's end of use (NITF `date.expire`): after it no partner receives the story. */
    expiresAt: string | null;
    /** What set that end of use: the copy's own, or the feed's or agency's retention (serve/retention.ts). */
    expiryBasis: 'item' | 'feed' | 'agency' | null;
    /** The agency's take key and status words (ANPA, IPTC 7901, NITF), as written. */
    takeKey: string | null;
    statusMarkers: string[];
    versionCreated: string | null;
    url: string | null;
    agencyNote: string | null;
    licenceSource: 'item' | 'feed' | 'agency' | 'none';
    /** What the item is; a media item's renditions and credit, a package's members. */
    itemType: ItemType;
    credit: string | null;
    renditions: DeskRendition[];
    /** In the package's order; `documentId` is the stored item with that guid, null until it arrives. */
    members: DeskPackageMember[];
    /** The pictures it references (a text's images, a picture item's renditions), and which are stored. */
    pictures: DeskPicture[];
  };
  licence: {
    documentId: string;
    name: string | null;
    holder: string | null;
    notice: string;
    terms: string | null;
    needsReview: boolean;
    /** The licence covers the story's pictures: partners receive the stored ones. */
    picturesAllowed: boolean;
  } | null;
  versions: Array<{ id: string; version: number | null; versionCreated: string | null; headline: string }>;
  /** The site's type a story is taken into (`wire.take.target`); null: no Take on this site. */
  takeTarget: string | null;
  /** The same story from other agencies or feeds (near-duplicates of its text), most similar first. */
  duplicates: Array<{
    documentId: string;
    agency: { code: string; name: string } | null;
    headline: string;
    pubStatus: PubStatus;
    /** Estimated share of shared three-word runs, 0 to 1. */
    similarity: number;
  }>;
  partners: {
    /** Why no partner receives it now, in words; null when served. */
    notServed: string | null;
    quoteServed: boolean;
    quote: PartnerArticleView;
    full: PartnerArticleView;
  };
}

/** How a taken draft's body was made: the whole text, the licensed quotation, or none (headline only). */
export type TakeMode = 'full-text' | 'quote' | 'headline-only';

/** One take of a story into the site (kept on the wire article). */
export interface TakenTo {
  target: string;
  documentId: string;
  at: string;
  by: string | null;
  mode: TakeMode;
  /** Taken by a routing rule at ingest (its name), not by an editor's button. */
  rule?: string;
}

/** POST /wire/articles/:id/take: the draft made. */
export interface TakeResult extends TakenTo {
  /** Why the draft has no body, when it has none. */
  reason: string | null;
}

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** GET /wire/articles/:id/compare */
export interface DeskCompare {
  older: { version: number | null; versionCreated: string | null };
  newer: { version: number | null; versionCreated: string | null };
  headline: DiffPart[];
  body: DiffPart[];
}

/** POST /wire/articles/:id/quote */
export type DeskQuote =
  | {
      ok: true;
      text: string;
      html: string;
      passage: string;
      from: number;
      to: number;
      words: number;
      limitWords: number | null;
      attribution: { text: string; url: string | null };
    }
  | { ok: false; error: string; words: number; limitWords: number | null };

/** PUT /wire/articles/:id/embargo */
export interface EmbargoDecision {
  documentId: string;
  embargoedUntil: string | null;
  embargoRaw: string | null;
  embargoHold: null;
}

export type GrantKind = 'excerpt' | 'quote' | 'probe' | 'reset';

/** GET /wire/articles/:id/ledger */
export interface DeskLedger {
  limitWords: number | null;
  partners: Array<{ owner: string; name: string; spentWords: number; leftWords: number | null; updatedAt: string }>;
  log: Array<{
    owner: string;
    name: string;
    kind: GrantKind | string;
    version: number | null;
    wordRange: [number, number] | null;
    words: number;
    actor: string | null;
    at: string;
  }>;
}

/** POST /wire/articles/:id/ledger/reset */
export interface LedgerReset {
  owner: string;
  story: string;
  wordsReleased: number;
}

export interface RunProblem {
  item: number;
  guid?: string | null;
  field: string | null;
  reason: string;
}

/** One ingest run (GET /wire/feeds/:id/runs). */
export interface IngestRun {
  id: number;
  status: RunStatus;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt: string | null;
  httpStatus: number | null;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  problems: RunProblem[] | null;
  warnings: Array<{ item: number; field: string | null; reason: string }> | null;
}

/** POST /wire/feeds/:id/poll */
export interface PollAnswer {
  feed: string;
  skipped: string | null;
  run: IngestRun | null;
}

export interface PreviewItem {
  item: number;
  guid: string;
  headline: string;
  agency: string;
  dateline: string | null;
  byline: string | null;
  versionCreated: string | null;
  embargoedUntil: string | null;
  pubStatus: string;
  wordCount: number;
  excerpt: string;
  licence: { notice: string; terms: string } | null;
}

/** POST /wire/feeds/test: the source read as ingest would read it, nothing stored. */
export interface FeedPreview {
  format: string;
  items: number;
  /** Items that would be stored (or found unchanged); the rest are in `rejected`. */
  accepted: number;
  rejected: Array<{ item: number; guid: string | null; field: string | null; reason: string }>;
  warnings: Array<{ item: number; field: string | null; reason: string }>;
  preview: PreviewItem[];
}

/** An agency in the directory (GET /wire/agencies). */
export interface DeskAgency {
  documentId: string;
  code: string;
  name: string;
  aliases: string[];
  homepage: string | null;
  defaultLicence: { documentId: string; name: string | null } | null;
  confirmed: boolean;
  isNew: boolean;
  /** The newsroom's own access to this agency's copy when taking it to the site. */
  newsroomAccess: 'quote' | 'full';
  /** Its copy's licence asks for a link, and there is no homepage to link to. */
  needsHomepage: boolean;
  /** Days its copy may be hosted from first receipt (the stricter of this and a feed's applies); null: no limit. */
  retentionDays: number | null;
}

/** A licence with the number of articles it covers (GET /wire/licences). */
export interface DeskLicence {
  documentId: string;
  name: string | null;
  holder: string | null;
  notice: string;
  language: string | null;
  notes: string | null;
  quoteLimitPercent: number | null;
  quotesMustBeMarked: boolean;
  attributionRequired: boolean;
  hyperlinkRequired: boolean;
  fullTextAllowed: boolean;
  syndicationAllowed: boolean;
  archivalUseAllowed: boolean;
  /** The pictures that come with the copy may be published with it (served at their Media Library URLs). */
  picturesAllowed: boolean;
  terms: string | null;
  /** Not fully read: served at its strictest reading until an editor confirms the terms. */
  needsReview: boolean;
  reviewReasons: string[];
  articles: number;
}

/** A partner as the desk shows it (GET /wire/partners): never its keys. */
export interface DeskPartner {
  documentId: string;
  name: string;
  contact: string | null;
  access: 'full' | 'quote';
  agencies: string[];
  canIngest: boolean;
  anyAgency: boolean;
  /** Live API keys; 0 after a revoke. */
  keys: number;
  active: boolean;
  revoked: boolean;
  /** Requests a UTC day, every key together; null: no quota. */
  dailyRequests: number | null;
  expiresAt: string | null;
  createdAt: string | null;
  tokenLastUsedAt: string | null;
}

/** A saved search of one editor (GET/POST/PUT /wire/alerts): new copy it matches notifies them. */
export interface DeskAlert {
  id: number;
  name: string;
  /** The search, in the desk's search language (search/query.ts). */
  q: string;
  /** Agency codes; empty: any agency. */
  agencies: string[];
  /** Sections (case does not matter); empty: any section. */
  sections: string[];
  /** Only stories this urgent or more (1 is the most urgent); null: any urgency. */
  maxUrgency: number | null;
  /** Also e-mail the editor (when the operator turned e-mail on). */
  email: boolean;
  /** Also POST each match here, signed (X-Wire-Signature). */
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
  matches: number;
  lastMatchAt: string | null;
}

/** What the alert form may offer: channels the operator configured (meta of GET /wire/alerts). */
export interface DeskAlertChannels {
  /** E-mail is on (WIRE_NOTIFY_EMAIL) and the editor has an address. */
  email: boolean;
  /** Webhooks can be signed (WIRE_NOTIFY_WEBHOOK_SECRET is set). */
  webhook: boolean;
  /** Every notification also goes to the operator's webhook (WIRE_NOTIFY_WEBHOOK_URL). */
  globalWebhook: boolean;
}

/** One story an alert matched (GET /wire/alerts/:id/matches). */
export interface DeskAlertMatch {
  matchedAt: string;
  article: {
    documentId: string;
    headline: string;
    agency: { code: string; name: string } | null;
    section: string | null;
    urgency: number | null;
    versionCreated: string | null;
  } | null;
}

export type NotificationKind = 'alert' | 'feed' | 'rule';

/** One desk notification of the editor who asks (GET /wire/notifications). */
export interface DeskNotification {
  id: number;
  kind: NotificationKind;
  /** The story's headline, or the feed's name and its trouble. */
  title: string;
  detail: string | null;
  /** Where in the desk it leads: an article or a feed page (relative to the desk). */
  link: string | null;
  alert: { id: number; name: string } | null;
  /** For a feed: failing, paused or idle. */
  trouble: 'failing' | 'paused' | 'idle' | null;
  createdAt: string;
  readAt: string | null;
}

/** GET /wire/notifications */
export interface DeskNotifications {
  data: DeskNotification[];
  meta: { pagination: Pagination; unread: number };
}

/**
 * A routing rule's conditions (server/src/ingest/rules.ts): every one given must hold; none given
 * matches every story.
 */
export interface RuleWhen {
  /** Agency code, e.g. `NWP` (any case). */
  agency?: string;
  /** A feed's documentId: copy that came through that feed. */
  feed?: string;
  /** The story's section (any case), as the agency or an earlier rule set it. */
  section?: string;
  /** One whole keyword (any case). */
  keyword?: string;
  /** Urgency at most this (1 is the most urgent); a story without urgency does not match. */
  urgencyAtMost?: number;
  /** Language; `en` also matches `en-GB`. */
  language?: string;
  /** The desk's search language over headline, section, keywords and text (search/query.ts). */
  q?: string;
}

/** What a rule does to a story it matches. `take` and `notify` are recorded only (not acted on yet). */
export interface RuleThen {
  section?: string;
  addKeywords?: string[];
  hold?: boolean;
  take?: boolean;
  notify?: boolean;
}

/** What an editor sends to create, change or try a rule. */
export interface RuleInput {
  name: string;
  enabled?: boolean;
  when: RuleWhen;
  then: RuleThen;
  /** Where it goes in the order (1 is first); absent: last (create) or where it is (update). */
  position?: number;
}

/** A rule as the desk shows it (GET /wire/rules). */
export interface DeskRule {
  documentId: string;
  name: string;
  enabled: boolean;
  position: number;
  when: RuleWhen;
  then: RuleThen;
  /** Stories it matched at ingest (created or updated), since it was made. */
  hits: number;
  lastHitAt: string | null;
  /** A stored rule that no longer reads (never one saved through the desk): why. */
  problem: string | null;
  /** The editor who saved it last: its `take` acts with that editor's rights. */
  savedBy: string | null;
  /** Why its last take did not happen (null once a take succeeds again). */
  takeProblem: string | null;
}

/** Which rules matched a story at ingest, and what they asked for (stored with the article). */
export interface ArticleRouting {
  rules: Array<{ documentId: string; name: string }>;
  /** Asked for by a rule: the story is taken to the site once (services/take.ts), by `takeBy`. */
  take: boolean;
  /** Asked for by a rule: the editors who manage rules are told once (services/rules.ts), by `notifyBy`. */
  notify: boolean;
  /** The first rule that asked to take the story (its documentId). */
  takeBy?: string;
  /** The names of the rules that asked to notify. */
  notifyBy?: string[];
}

/** POST /wire/rules/try: a rule tried against the newest stories, nothing saved. */
export interface RuleTry {
  tried: number;
  matched: number;
  matches: Array<{
    documentId: string;
    headline: string;
    agency: string | null;
    versionCreated: string | null;
    section: { before: string | null; after: string | null };
    addedKeywords: string[];
    hold: boolean;
  }>;
}

/** POST /wire/articles/:id/release */
export interface ReviewRelease {
  documentId: string;
  /** Why it was held (the rule). */
  held: string;
  by: string | null;
  at: string;
  /** Still not served for another reason (an embargo), or null when partners receive it now. */
  unservedReason: UnservedReason | null;
}
