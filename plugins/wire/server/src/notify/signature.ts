/**
 * The signature of a notification webhook (services/notify.ts): HMAC-SHA256 over
 * `<timestamp>.<body>` with the operator's secret (WIRE_NOTIFY_WEBHOOK_SECRET), sent as
 *
 *   X-Wire-Signature: t=1764320000,v1=5d41402abc4b2a76b9719d911017c592...
 *
 * `t` is the time of sending in Unix seconds, `v1` the hex digest. A receiver recomputes the digest
 * over the raw body it received, compares in constant time, and refuses a `t` too far from its own
 * clock (a replayed request). Pure: the docs' verification example is `verifySignature`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-wire-signature';

export function signatureOf(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header's value for this body, sent at `now` (ms). */
export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signatureOf(secret, body, t)}`;
}

/**
 * Whether `header` signs `body` with `secret`, within `toleranceSeconds` of `now` (ms). Linear in
 * the header's length; any part that does not read is a refusal.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  if (!header || header.length > 1000) return false;
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(signatureOf(secret, body, t), 'hex'));
}
