import { parseAllowList } from './ingest/address-policy';

export interface WireConfig {
  /** Folder of demo feeds ingested when the database has no articles yet; null to skip. */
  demoFolder: string | null;
  /** Largest body POST /api/wire/ingest takes (`WIRE_PUSH_LIMIT`); every other route keeps Strapi's defaults. */
  maxPushBytes: number;
  /**
   * Scheduled polling (Strapi cron), on every node; leases keep each feed to one node at a time.
   * `concurrency`: how many feeds one node polls at a time on a tick. `maxSeconds`: how long one
   * poll may take as a whole, fetching and storing (`http.timeoutMs` bounds only the waits on the
   * network); past it the poll stops, keeps what it stored, and the next poll goes on.
   */
  poll: { enabled: boolean; tickSeconds: number; concurrency: number; maxSeconds: number };
  /**
   * Limits on fetching a feed over HTTP. `allow`: hosts, addresses and ranges (CIDR) Wire may fetch
   * from besides public addresses (loopback, private and other special ranges are refused).
   */
  http: { timeoutMs: number; maxBytes: number; maxRedirects: number; allow: string[] };
  /** Folder that every drop-folder feed must live in; null: `drop/` in the app. */
  dropRoot: string | null;
  /**
   * Largest item (its XML, in characters) read from a streamed feed; a larger one is rejected, the
   * others still read. Largest document streamed from a file (archives).
   */
  maxItemBytes: number;
  maxDocumentBytes: number;
  /** A feed pauses itself after this many consecutive failed polls. */
  maxConsecutiveFailures: number;
  /** Quote limit (percent) for licences that state none; null serves headline and link only. */
  fallbackQuotePercent: number | null;
  /**
   * The burst limit: requests per partner (every key together) per window of `windowSeconds`,
   * counted in the database for every node together (services/limits.ts); max 0 turns it off.
   * Daily quotas are per partner (`dailyRequests`), not a setting.
   */
  rateLimit: { max: number; windowSeconds: number };
  /** `Cache-Control: private, max-age=` for partner responses (they always carry an ETag). */
  cacheMaxAgeSeconds: number;
  /** Public base URL of the API, for links in feeds, OpenAPI and ninjs; null: `server.url` when absolute, else http://localhost:<port> (never the Host header). */
  publicUrl: string | null;
  /**
   * How alerts and feed trouble reach editors besides the desk (services/notify.ts). `email`: send
   * through Strapi's email plugin (its provider is the host's config); `emailFrom`: the sender, null
   * for the email plugin's default. `webhookUrl`: every notification also POSTed there;
   * `webhookSecret`: signs every webhook (X-Wire-Signature), without it none is sent. `maxAttempts`:
   * a failed e-mail or webhook is tried again, backing off, at most this often.
   */
  notify: {
    email: boolean;
    emailFrom: string | null;
    webhookUrl: string | null;
    webhookSecret: string | null;
    maxAttempts: number;
  };
  /**
   * "Take to site" (services/take.ts): the host app's content type a wire story is taken into as a
   * draft, and which of its attributes receives each part of the story. `target` null: no Take.
   */
  take: { target: string | null; fields: TakeFields };
  /**
   * Text and data mining and AI training (W3C TDMRep; docs/partner-api.md). `reservation` 1 (the
   * default): the newsroom reserves mining of everything it serves (`tdm-reservation: 1`, the
   * `tdm-policy` it names, `Content-Usage: train-ai=n`), and a licence that says nothing of mining
   * is read as not allowing it; 0: no reservation (a licence that reserves mining still does).
   * `policyUrl`: the newsroom's own TDM policy document, null: the one Wire serves from `newsroom`.
   */
  tdm: { reservation: 0 | 1; policyUrl: string | null };
  /** The newsroom as the TDM policy names it (a vCard): whom a miner asks for consent. */
  newsroom: { name: string | null; email: string | null; url: string | null };
  /**
   * Expired stories (services/expiry.ts) are purged from the database `graceDays` after their expiry
   * (null: never; 0: at the next tick), `batch` stories to a transaction, at most `batchesPerTick`
   * batches a tick, by one node at a time.
   */
  purge: { graceDays: number | null; batch: number; batchesPerTick: number };
  /**
   * Usage counting (services/usage.ts): each node adds up what it serves in memory and writes it to
   * `wire_usage` every `flushSeconds` (and when Strapi stops), so a crash loses at most that many
   * seconds of this node's counts. `enabled` false: nothing is counted (the usage routes still
   * answer with what was counted before). `maxDays`: the longest range one usage request may ask for.
   */
  usage: { enabled: boolean; flushSeconds: number; maxDays: number };
  /**
   * The desk's search at scale (database/desk-index.ts): from `scanFrom` matches on, facets, totals
   * and `sort=newest` read the narrow desk index (SQLite) instead of each matching story's row.
   */
  search: { scanFrom: number };
  /**
   * Pictures fetched into the Media Library (services/pictures.ts), through the guarded fetch and its
   * address policy (`http.allow`): at most `maxBytes` each, `timeoutMs` for one exchange, and for feeds
   * that fetch their pictures as they arrive, `batch` pictures a tick, by one node at a time.
   */
  pictures: { maxBytes: number; timeoutMs: number; batch: number };
}

/** The parts of a taken story, each mapped to an attribute of the target type (omitted: not written). */
export const TAKE_PARTS = ['title', 'body', 'byline', 'dateline', 'attribution', 'sourceUrl', 'notice'] as const;
export type TakePart = (typeof TAKE_PARTS)[number];
export type TakeFields = Partial<Record<TakePart, string>>;

/**
 * The Take setting checked against the target type's schema (at bootstrap, when the host's types are
 * known): the type exists and has drafts, the mapping names only known parts and attributes the type
 * has, title and body mapped. An error message naming what is wrong, or null when it is usable.
 */
export function takeSettingError(
  take: WireConfig['take'] | undefined,
  schemaOf: (
    uid: string,
  ) => { attributes?: Record<string, unknown>; options?: { draftAndPublish?: boolean } } | undefined,
): string | null {
  if (!take?.target) return null;
  const schema = schemaOf(take.target);
  if (!schema) return `wire.take.target: no content type "${take.target}" in this app`;
  if (!schema.options?.draftAndPublish)
    return `wire.take.target: "${take.target}" has no drafts (draftAndPublish), and a taken story is always a draft`;
  const fields = take.fields ?? {};
  for (const part of ['title', 'body'] as const)
    if (!fields[part]) return `wire.take.fields.${part}: name the attribute of ${take.target} that receives it`;
  for (const [part, attribute] of Object.entries(fields)) {
    if (!(TAKE_PARTS as readonly string[]).includes(part))
      return `wire.take.fields.${part}: not a part of a story (${TAKE_PARTS.join(', ')})`;
    if (typeof attribute !== 'string' || !(attribute in (schema.attributes ?? {})))
      return `wire.take.fields.${part}: ${take.target} has no attribute "${String(attribute)}"`;
  }
  return null;
}

/** `20mb`, `512kb`, `1048576`: a size in bytes. */
export function byteSize(value: string | number, setting: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(String(value));
  if (!m) throw new Error(`${setting} must be a size such as 20mb (got "${value}")`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

/** Strapi's `env` helper, as a plugin's `config.default` receives it. */
interface Env {
  (name: string, fallback?: string | null): string | null;
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  bool(name: string, fallback: boolean): boolean;
  array(name: string, fallback: string[]): string[];
}

/**
 * Every setting has its default here, read from its `WIRE_*` variable when set, so a host app needs
 * nothing but `wire: { enabled: true }` in config/plugins; any option it sets there wins
 * (docs/operations.md lists them all).
 */
export const defaultConfig = ({ env }: { env: Env }): WireConfig => ({
  demoFolder: null,
  maxPushBytes: byteSize(env('WIRE_PUSH_LIMIT', '20mb') ?? '20mb', 'WIRE_PUSH_LIMIT'),
  poll: {
    enabled: env.bool('WIRE_POLL_ENABLED', true),
    tickSeconds: env.int('WIRE_POLL_TICK_SECONDS', 30),
    concurrency: env.int('WIRE_POLL_CONCURRENCY', 4),
    maxSeconds: env.float('WIRE_POLL_MAX_SECONDS', 900),
  },
  http: {
    timeoutMs: env.int('WIRE_HTTP_TIMEOUT_MS', 30_000),
    maxBytes: env.int('WIRE_HTTP_MAX_BYTES', 50 * 1024 * 1024),
    maxRedirects: env.int('WIRE_HTTP_MAX_REDIRECTS', 5),
    allow: env.array('WIRE_FEED_ALLOW', []),
  },
  dropRoot: env('WIRE_DROP_ROOT', null),
  maxItemBytes: env.int('WIRE_MAX_ITEM_BYTES', 2 * 1024 * 1024),
  maxDocumentBytes: env.int('WIRE_MAX_DOCUMENT_BYTES', 1024 * 1024 * 1024),
  maxConsecutiveFailures: env.int('WIRE_MAX_CONSECUTIVE_FAILURES', 10),
  fallbackQuotePercent: env('WIRE_FALLBACK_QUOTE_PERCENT') ? env.float('WIRE_FALLBACK_QUOTE_PERCENT', 0) : null,
  rateLimit: { max: env.int('WIRE_RATE_LIMIT', 600), windowSeconds: env.int('WIRE_RATE_LIMIT_WINDOW_SECONDS', 60) },
  cacheMaxAgeSeconds: env.int('WIRE_CACHE_MAX_AGE', 0),
  publicUrl: env('WIRE_PUBLIC_URL', null),
  notify: {
    email: env.bool('WIRE_NOTIFY_EMAIL', false),
    emailFrom: env('WIRE_NOTIFY_EMAIL_FROM', null),
    webhookUrl: env('WIRE_NOTIFY_WEBHOOK_URL', null),
    webhookSecret: env('WIRE_NOTIFY_WEBHOOK_SECRET', null),
    maxAttempts: env.int('WIRE_NOTIFY_MAX_ATTEMPTS', 5),
  },
  take: { target: env('WIRE_TAKE_TARGET', null), fields: { title: 'title', body: 'body' } },
  // Fail closed: anything but an explicit 0 reserves mining.
  tdm: {
    reservation: env('WIRE_TDM_RESERVATION', '1')?.trim() === '0' ? 0 : 1,
    policyUrl: env('WIRE_TDM_POLICY_URL', null),
  },
  newsroom: {
    name: env('WIRE_NEWSROOM_NAME', null),
    email: env('WIRE_NEWSROOM_EMAIL', null),
    url: env('WIRE_NEWSROOM_URL', null),
  },
  purge: {
    graceDays: purgeGrace(env('WIRE_PURGE_GRACE_DAYS', '30')),
    batch: env.int('WIRE_PURGE_BATCH', 50),
    batchesPerTick: env.int('WIRE_PURGE_BATCHES_PER_TICK', 10),
  },
  usage: {
    enabled: env.bool('WIRE_USAGE_ENABLED', true),
    flushSeconds: env.float('WIRE_USAGE_FLUSH_SECONDS', 5),
    maxDays: env.int('WIRE_USAGE_MAX_DAYS', 366),
  },
  search: { scanFrom: env.int('WIRE_SEARCH_SCAN_FROM', 2000) },
  pictures: {
    maxBytes: byteSize(env('WIRE_PICTURE_MAX_BYTES', '10mb') ?? '10mb', 'WIRE_PICTURE_MAX_BYTES'),
    timeoutMs: env.int('WIRE_PICTURE_TIMEOUT_MS', 20_000),
    batch: env.int('WIRE_PICTURE_BATCH', 10),
  },
});

/** `WIRE_PURGE_GRACE_DAYS`: days, or `off` (also `false`, `never`, empty) for no purge. */
export function purgeGrace(value: string | null): number | null {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'off' || text === 'false' || text === 'never') return null;
  const n = Number(text);
  if (!(Number.isFinite(n) && n >= 0))
    throw new Error(`WIRE_PURGE_GRACE_DAYS must be a number of days from 0, or off (got "${value}")`);
  return n;
}

export default {
  default: defaultConfig,
  validator(config: WireConfig) {
    if (!(Number.isInteger(config.maxPushBytes) && config.maxPushBytes > 0)) {
      throw new Error(`wire.maxPushBytes must be a number of bytes above 0 (got "${config.maxPushBytes}")`);
    }
    parseAllowList(config.http.allow);
    if (!(Number.isInteger(config.poll.concurrency) && config.poll.concurrency >= 1)) {
      throw new Error(`wire.poll.concurrency must be a whole number, at least 1 (got "${config.poll.concurrency}")`);
    }
    const maxSeconds = config.poll.maxSeconds;
    if (!(typeof maxSeconds === 'number' && maxSeconds > 0)) {
      throw new Error(`wire.poll.maxSeconds must be a number of seconds above 0 (got "${maxSeconds}")`);
    }
    const notify = config.notify;
    if (notify?.webhookUrl) {
      if (!/^https?:\/\//i.test(notify.webhookUrl))
        throw new Error(`wire.notify.webhookUrl must be an http(s) URL (got "${notify.webhookUrl}")`);
      // Fail closed: an unsigned webhook could be forged by anyone who finds the receiver's URL.
      if (!notify.webhookSecret)
        throw new Error(
          'wire.notify.webhookUrl needs wire.notify.webhookSecret (WIRE_NOTIFY_WEBHOOK_SECRET) to sign with',
        );
    }
    if (notify && !(Number.isInteger(notify.maxAttempts) && notify.maxAttempts >= 1))
      throw new Error(`wire.notify.maxAttempts must be a whole number, at least 1 (got "${notify.maxAttempts}")`);
    const tdm = config.tdm;
    if (tdm && tdm.reservation !== 0 && tdm.reservation !== 1)
      throw new Error(`wire.tdm.reservation must be 0 or 1 (got "${tdm.reservation}")`);
    if (tdm?.policyUrl && !/^https?:\/\//i.test(tdm.policyUrl))
      throw new Error(`wire.tdm.policyUrl must be an http(s) URL (got "${tdm.policyUrl}")`);
    const purge = config.purge;
    if (purge) {
      if (purge.graceDays !== null && !(typeof purge.graceDays === 'number' && purge.graceDays >= 0))
        throw new Error(`wire.purge.graceDays must be null or a number of days from 0 (got "${purge.graceDays}")`);
      for (const key of ['batch', 'batchesPerTick'] as const)
        if (!(Number.isInteger(purge[key]) && purge[key] >= 1))
          throw new Error(`wire.purge.${key} must be a whole number, at least 1 (got "${purge[key]}")`);
    }
    const rate = config.rateLimit;
    if (rate) {
      if (!(Number.isInteger(rate.max) && rate.max >= 0))
        throw new Error(`wire.rateLimit.max must be a whole number, 0 for no limit (got "${rate.max}")`);
      // A window never spans two UTC days: both are counted in the day's row (services/limits.ts).
      if (!(Number.isInteger(rate.windowSeconds) && rate.windowSeconds >= 1 && 86_400 % rate.windowSeconds === 0))
        throw new Error(
          `wire.rateLimit.windowSeconds must be a whole number of seconds that divides a day (60, 300, 3600, ...; got "${rate.windowSeconds}")`,
        );
    }
    const usage = config.usage;
    if (usage) {
      if (!(typeof usage.flushSeconds === 'number' && usage.flushSeconds > 0 && usage.flushSeconds <= 3600))
        throw new Error(
          `wire.usage.flushSeconds must be a number of seconds above 0, at most 3600 (got "${usage.flushSeconds}")`,
        );
      if (!(Number.isInteger(usage.maxDays) && usage.maxDays >= 1))
        throw new Error(`wire.usage.maxDays must be a whole number, at least 1 (got "${usage.maxDays}")`);
    }
    const scanFrom = config.search?.scanFrom;
    if (scanFrom !== undefined && !(Number.isInteger(scanFrom) && scanFrom >= 0))
      throw new Error(`wire.search.scanFrom must be a whole number of matches from 0 (got "${scanFrom}")`);
    const pictures = config.pictures;
    if (pictures)
      for (const key of ['maxBytes', 'timeoutMs', 'batch'] as const)
        if (!(Number.isInteger(pictures[key]) && pictures[key] >= 1))
          throw new Error(`wire.pictures.${key} must be a whole number, at least 1 (got "${pictures[key]}")`);
    const fallback = config.fallbackQuotePercent;
    if (fallback !== null && !(typeof fallback === 'number' && fallback >= 0 && fallback <= 100)) {
      throw new Error(`wire.fallbackQuotePercent must be null or a number from 0 to 100 (got "${fallback}")`);
    }
  },
};
