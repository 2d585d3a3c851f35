/**
 * A partner's daily request quota (`dailyRequests`): the rule the desk's form checks before it
 * sends, and the server (services/partner-desk.ts, the CLI) on every write, so the two cannot
 * disagree. Pure.
 */

/** The largest quota accepted: a 32-bit column, and far above any real day's requests. */
export const MAX_DAILY_REQUESTS = 2_000_000_000;

export type DailyRequestsInput = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * What an editor or the CLI typed: empty (or null) for no daily quota, else a whole number from 1.
 * `12 000`, `1e3`, `-1`, `0` and `2.5` are refused, with a message naming the field.
 */
export function readDailyRequests(input: unknown): DailyRequestsInput {
  if (input === null || input === undefined) return { ok: true, value: null };
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : null;
  if (text === null) return { ok: false, message: 'dailyRequests must be a whole number from 1, or empty for none' };
  if (text === '') return { ok: true, value: null };
  if (!/^[0-9]{1,10}$/.test(text) || Number(text) < 1 || Number(text) > MAX_DAILY_REQUESTS)
    return {
      ok: false,
      message: `dailyRequests must be a whole number from 1 to ${MAX_DAILY_REQUESTS}, or empty for none (got "${text.slice(0, 40)}")`,
    };
  return { ok: true, value: Number(text) };
}

/**
 * The quota as stored, read fail closed: null (none) only when the column is empty; anything that
 * is not a whole number from 1 (a row written behind Wire's back) reads as 0, which serves nothing.
 */
export function storedDailyRequests(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 0;
}
