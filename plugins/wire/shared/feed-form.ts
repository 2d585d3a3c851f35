/**
 * The rules for a feed's editable fields, checked in the desk's form before it is sent and by the
 * server (services/feeds.ts) on every write: one function, so the two cannot disagree. Pure.
 */
import { FEED_FORMATS, isFeedFormat, type FeedFormatSetting } from './formats';

/** Minutes between polls, and of silence before a feed is called idle. */
export const POLL_INTERVAL_MINUTES = { min: 1, max: 7 * 24 * 60 } as const;
export const IDLE_LIMIT_MINUTES = { min: 1, max: 30 * 24 * 60 } as const;

export type FeedField = 'name' | 'source' | 'format' | 'pollIntervalMinutes' | 'idleLimitMinutes' | 'retentionDays';

/** Days from first receipt a feed's stories may be hosted (the same bounds as an agency's). */
export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

/** Why a field was refused: `code` names the rule (the desk translates it), `message` says it in English. */
export interface FieldProblem {
  field: FeedField;
  code: 'required' | 'scheme' | 'url' | 'credentials' | 'format' | 'minutes' | 'days';
  message: string;
  values?: Record<string, string | number>;
}

export interface FeedFields {
  name?: string;
  source?: string;
  format?: FeedFormatSetting;
  pollIntervalMinutes?: number;
  idleLimitMinutes?: number;
  /** null: the feed sets no retention of its own. */
  retentionDays?: number | null;
}

/** A scheme written as `scheme://`: then it must be http or https (anything else is a drop folder). */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HTTP = /^https?:\/\//i;

export const isHttpUrl = (source: string): boolean => HTTP.test(source);

/**
 * Why an http(s) source cannot be fetched as written, or null: a URL the parser refuses, or one with
 * a user name or password in it (they would be stored and shown in clear, and sent along redirects;
 * a feed's credentials go in its username and password fields, which are encrypted).
 */
export function httpSourceProblem(source: string): 'url' | 'credentials' | null {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return 'url';
  }
  return url.username || url.password ? 'credentials' : null;
}

export const HTTP_SOURCE_MESSAGES = {
  url: 'the feed URL cannot be read as a URL (a space, tab or stray character in its host or port?)',
  credentials:
    'a feed URL may not hold a user name or password: put them in the username and password fields, which are kept encrypted',
} as const;

const text = (value: unknown): unknown => (typeof value === 'string' ? value.trim() : value);
const absent = (value: unknown) => value === undefined || value === null || value === '';

function minutes(
  value: unknown,
  field: 'pollIntervalMinutes' | 'idleLimitMinutes',
  bounds: { min: number; max: number },
  problems: FieldProblem[],
) {
  if (absent(value)) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= bounds.min && n <= bounds.max) return n;
  problems.push({
    field,
    code: 'minutes',
    message: `${field} must be a whole number of minutes, at least ${bounds.min} and at most ${bounds.max}`,
    values: { min: bounds.min, max: bounds.max },
  });
  return undefined;
}

/**
 * Reads the feed fields of `input`: what is set, trimmed and converted, and every problem. When
 * `creating`, name and source are required; otherwise only the fields present are checked.
 */
export function readFeedFields(
  input: Record<string, unknown>,
  creating: boolean,
): { fields: FeedFields; problems: FieldProblem[] } {
  const fields: FeedFields = {};
  const problems: FieldProblem[] = [];
  if (creating || input.name !== undefined) {
    const name = text(input.name);
    if (!name || typeof name !== 'string')
      problems.push({ field: 'name', code: 'required', message: 'a feed needs a name' });
    else fields.name = name;
  }
  if (creating || input.source !== undefined) {
    const source = text(input.source);
    if (!source || typeof source !== 'string') {
      problems.push({
        field: 'source',
        code: 'required',
        message: 'a feed needs a source: an http(s) URL or a drop folder on the server',
      });
    } else if (SCHEME.test(source) && !HTTP.test(source)) {
      problems.push({ field: 'source', code: 'scheme', message: 'a feed URL must start with http:// or https://' });
    } else if (HTTP.test(source) && httpSourceProblem(source)) {
      const code = httpSourceProblem(source) as 'url' | 'credentials';
      problems.push({ field: 'source', code, message: HTTP_SOURCE_MESSAGES[code] });
    } else fields.source = source;
  }
  if (input.format !== undefined) {
    if (isFeedFormat(input.format)) fields.format = input.format;
    else
      problems.push({
        field: 'format',
        code: 'format',
        message: `format must be one of ${FEED_FORMATS.join(', ')}`,
        values: { formats: FEED_FORMATS.join(', ') },
      });
  }
  const interval = minutes(input.pollIntervalMinutes, 'pollIntervalMinutes', POLL_INTERVAL_MINUTES, problems);
  if (interval !== undefined) fields.pollIntervalMinutes = interval;
  const idle = minutes(input.idleLimitMinutes, 'idleLimitMinutes', IDLE_LIMIT_MINUTES, problems);
  if (idle !== undefined) fields.idleLimitMinutes = idle;
  if (input.retentionDays !== undefined) {
    const days = input.retentionDays;
    if (days === null || days === '') fields.retentionDays = null;
    else {
      const n = typeof days === 'string' ? Number(days.trim()) : days;
      if (typeof n === 'number' && Number.isInteger(n) && n >= RETENTION_DAYS.min && n <= RETENTION_DAYS.max)
        fields.retentionDays = n;
      else
        problems.push({
          field: 'retentionDays',
          code: 'days',
          message: `retentionDays must be a whole number of days, at least ${RETENTION_DAYS.min} and at most ${RETENTION_DAYS.max}, or empty for none`,
          values: { min: RETENTION_DAYS.min, max: RETENTION_DAYS.max },
        });
    }
  }
  return { fields, problems };
}

/** Strapi's ValidationError details (`{ errors: [{ path, message, name }] }`), which its admin reads per field. */
export function validationDetails(problems: FieldProblem[]) {
  return {
    errors: problems.map((p) => ({
      path: [p.field],
      message: p.message,
      name: 'ValidationError',
      value: p.values ?? null,
    })),
  };
}
