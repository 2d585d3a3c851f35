/**
 * The webhook signature (notify/signature.ts) as a receiver checks it, and when a feed counts as in
 * trouble (services/notify.ts troublesOf): the rules docs/desk.md states.
 */
import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from '../../plugins/wire/server/src/notify/signature';
import { retryDelayMs, troublesOf } from '../../plugins/wire/server/src/services/notify';

const body = JSON.stringify({ event: 'alert.match', id: 'alert:1:2' });
const now = Date.UTC(2026, 11, 7, 12, 0, 0);

test('the header is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">, as docs/desk.md shows how to check it', () => {
  const header = signatureHeader('s3cret', body, now);
  const t = Math.floor(now / 1000);
  expect(header).toBe(`t=${t},v1=${createHmac('sha256', 's3cret').update(`${t}.${body}`).digest('hex')}`);
  expect(verifySignature('s3cret', body, header, now)).toBe(true);
});

test('refuses another secret, another body, an old or future time, and headers that do not read', () => {
  const header = signatureHeader('s3cret', body, now);
  expect(verifySignature('other', body, header, now)).toBe(false);
  expect(verifySignature('s3cret', `${body} `, header, now)).toBe(false);
  expect(verifySignature('s3cret', body, header, now + 301_000)).toBe(false);
  expect(verifySignature('s3cret', body, header, now - 301_000)).toBe(false);
  for (const bad of ['', 't=1', 'v1=abc', `t=x,v1=${'0'.repeat(64)}`, `t=1,v1=${'z'.repeat(64)}`, 'x'.repeat(5000)])
    expect(verifySignature('s3cret', body, bad, now)).toBe(false);
  expect(verifySignature('s3cret', body, null, now)).toBe(false);
});

test('a feed is in trouble when paused, failing or idle; never while disabled', () => {
  const feed = { enabled: true, paused: false, consecutiveFailures: 0, idle: false, idleLimitMinutes: 60 };
  expect(troublesOf(feed)).toEqual([]);
  expect(troublesOf({ ...feed, consecutiveFailures: 2, lastError: 'HTTP 500' }).map((t) => t.trouble)).toEqual([
    'failing',
  ]);
  expect(troublesOf({ ...feed, idle: true }).map((t) => t.trouble)).toEqual(['idle']);
  // Paused says it all (a feed pauses itself after its failures).
  expect(troublesOf({ ...feed, paused: true, consecutiveFailures: 10, idle: true })).toEqual([
    { trouble: 'paused', detail: 'paused' },
  ]);
  expect(troublesOf({ ...feed, enabled: false, paused: true, consecutiveFailures: 3 })).toEqual([]);
});

test('a failed delivery is tried again after 30 s, then twice as long each time, at most an hour', () => {
  expect([1, 2, 3, 4, 10, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
});
