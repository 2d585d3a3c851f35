/**
 * Fetching a feed over HTTP(S) the way a good citizen does: conditional GET (ETag /
 * Last-Modified), gzip, a User-Agent that names Wire, the feed's own headers and basic auth,
 * a time limit on the whole exchange, a size cap on the (decompressed) body, a redirect cap, and
 * `Retry-After` read on 429 and 503.
 *
 * And the way a guarded one does, since the URL is untrusted (an editor types it, a feed's server
 * redirects it): every hop's host is resolved once, every address it resolves to is checked against
 * the address policy (ingest/address-policy.ts), and the socket connects to exactly the checked
 * addresses (a pinned `lookup`), so a second DNS answer cannot swap in a private address. Secrets
 * (basic auth and every header the feed configures) go only to the origin they were given for.
 * Network failures of every kind read alike, so "Test" is no port scanner.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';
import { DocumentError } from '../formats/types';
import { bareHost, isAllowed, parseAllowList, type AddressPolicy } from './address-policy';

export const USER_AGENT = 'Wire/0.1 (news wire ingest; +https://github.com/wire-newsroom/wire)';

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** The feed's own headers: secrets, sent only to the feed's origin. */
  headers?: Record<string, string>;
  username?: string | null;
  password?: string | null;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Hosts and ranges allowed besides public addresses (WIRE_FEED_ALLOW); a parsed policy or its entries. */
  allow?: AddressPolicy | readonly string[] | string | null;
}

export type FetchResult =
  | { status: 'not-modified'; httpStatus: 304; url: string }
  | { status: 'ok'; httpStatus: number; url: string; bytes: Buffer; charset: string | null; etag: string | null; lastModified: string | null };

/** A failed fetch, with the HTTP status when there was one and how long the server asked us to wait. */
export class FetchError extends DocumentError {
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
    readonly retryAfterMs: number | null = null,
    /** For the server log only: the network error behind a uniform message. */
    readonly detail: string | null = null,
  ) {
    super(message, 'http');
    this.name = 'FetchError';
  }
}

/** One message for every destination the policy refuses, whatever is (or is not) listening there. */
export const refusedMessage = (url: string) =>
  `refused to fetch ${url}: its address is loopback, private or otherwise not public (an operator may allow it with WIRE_FEED_ALLOW)`;

/** One message for every network failure (refused, reset, unreachable, silent, cut short). */
export const unreachableMessage = (url: string, timeoutMs: number) =>
  `cannot fetch ${url}: the server could not be reached or gave no complete response within ${timeoutMs} ms`;

/** `Retry-After` is seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function charsetOf(contentType: string | null): string | null {
  const m = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

const policyOf = (allow: FetchOptions['allow']): AddressPolicy =>
  allow && typeof allow === 'object' && 'hosts' in allow ? allow : parseAllowList(allow as readonly string[] | string | null);

/** The origin a secret was given for: scheme, host and port. */
const originOf = (url: URL) => `${url.protocol}//${url.host}`;

type Resolved = Array<{ address: string; family: number }>;

/**
 * Resolves a URL's host once and checks every address; null when the policy refuses it. A host that
 * is an address is checked as it is (the URL parser has already turned `0x7f000001`, `2130706433`
 * and `0177.0.0.1` into 127.0.0.1); a name the resolver would read as an address is refused.
 */
async function resolveChecked(url: URL, policy: AddressPolicy): Promise<Resolved | null> {
  const host = bareHost(url.hostname);
  const family = net.isIP(host);
  if (family) return isAllowed(policy, host, host) ? [{ address: host, family }] : null;
  if (ipaddr.isValid(host) && !policy.hosts.has(host)) return null;
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  if (!addresses.length || !addresses.every((a) => isAllowed(policy, host, a.address))) return null;
  return addresses;
}

/** A `lookup` that answers with the addresses already checked, never asking DNS again. */
function pinnedLookup(addresses: Resolved): net.LookupFunction {
  return ((_hostname: string, options: dns.LookupOptions, callback: (...args: any[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  }) as unknown as net.LookupFunction;
}

/** Rejects when the signal aborts (the fetch's time limit). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('time limit reached'));
    signal.addEventListener('abort', () => reject(new Error('time limit reached')), { once: true });
  });
}

interface Exchange {
  response: http.IncomingMessage;
  request: http.ClientRequest;
}

function send(url: URL, headers: Record<string, string>, addresses: Resolved, signal: AbortSignal): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'GET',
      headers,
      lookup: pinnedLookup(addresses),
      agent: false,
      signal,
    });
    request.on('response', (response) => resolve({ response, request }));
    request.on('error', reject);
    request.end();
  });
}

/**
 * The body, decompressed, as it arrives, cut off past `maxBytes`. `done` runs when it ends, whichever
 * way (the time limit covers the whole body); `failure` turns a network error into a FetchError.
 */
async function* bodyOf(response: http.IncomingMessage, maxBytes: number, done: () => void, failure: (e: unknown) => FetchError): AsyncIterable<Buffer> {
  try {
    const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
    let stream: Readable = response;
    if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
    else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
    else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
    else if (encoding && encoding !== 'identity') {
      response.destroy();
      throw new FetchError(`the response is in an encoding Wire does not read (${encoding.slice(0, 40)})`, response.statusCode ?? null);
    }
    if (stream !== response) response.on('error', (e) => stream.destroy(e));
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        throw new FetchError(`response exceeded the ${maxBytes}-byte limit`, response.statusCode ?? null);
      }
      yield chunk;
    }
    if (!response.complete) throw new Error('the response was cut short');
  } catch (error) {
    throw failure(error);
  } finally {
    response.destroy();
    done();
  }
}

/** A response whose body is read as it arrives (decompressed), still under the time and size caps. */
export type OpenedFeed =
  | { status: 'not-modified'; httpStatus: 304; url: string }
  | { status: 'ok'; httpStatus: number; url: string; body: AsyncIterable<Buffer>; charset: string | null; etag: string | null; lastModified: string | null };

/** The whole feed in memory (the poller and the desk's Test; capped by `maxBytes`). */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const opened = await openFeed(url, options);
  if (opened.status === 'not-modified') return opened;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk);
  const { body: _body, ...rest } = opened;
  return { ...rest, bytes: Buffer.concat(chunks) };
}

/**
 * Requests a feed, following checked redirects, and returns once the headers are in; the body is
 * read by iterating `body`, which must be read to its end (the time limit runs until then).
 */
export async function openFeed(url: string, options: FetchOptions): Promise<OpenedFeed> {
  const policy = policyOf(options.allow);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const base: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate' };
  if (options.etag) base['if-none-match'] = options.etag;
  if (options.lastModified) base['if-modified-since'] = options.lastModified;
  const secrets: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.username) secrets.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  const first = new URL(url);
  const secretOrigin = originOf(first);
  let current = first;
  const failure = (error: unknown): FetchError => {
    if (error instanceof FetchError) return error;
    const cause = error as { code?: string; message?: string };
    return new FetchError(unreachableMessage(current.toString(), options.timeoutMs), null, null, `${cause.code ?? ''} ${cause.message ?? ''}`.trim());
  };
  let streaming = false;
  try {
    for (let redirects = 0; ; redirects += 1) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchError(`refused to fetch ${current}: only http and https URLs are fetched`);
      // The resolver cannot be cancelled: the time limit races it.
      const addresses = await Promise.race([resolveChecked(current, policy), aborted(controller.signal)]).catch((e: Error) => {
        throw new FetchError(unreachableMessage(current.toString(), options.timeoutMs), null, null, `cannot resolve ${current.hostname}: ${e.message}`);
      });
      if (!addresses) throw new FetchError(refusedMessage(current.toString()));
      // Secrets only to the origin they were given for: never to another host, port or scheme.
      const headers = originOf(current) === secretOrigin ? { ...base, ...secrets } : { ...base };
      const { response } = await send(current, headers, addresses, controller.signal);
      const status = response.statusCode ?? 0;
      const header = (name: string) => {
        const value = response.headers[name];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      };
      if (status >= 300 && status < 400 && status !== 304) {
        const location = header('location');
        response.destroy();
        if (!location) throw new FetchError(`HTTP ${status} without a Location header from ${current}`, status);
        const next = new URL(location, current);
        if (redirects >= options.maxRedirects) throw new FetchError(`more than ${options.maxRedirects} redirects (last to ${next})`, status);
        current = next;
        continue;
      }
      if (status === 304) {
        response.destroy();
        return { status: 'not-modified', httpStatus: 304, url: current.toString() };
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        const wait = status === 429 || status === 503 ? retryAfterMs(header('retry-after')) : null;
        throw new FetchError(`HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${current}`, status, wait);
      }
      const declared = Number(header('content-length') ?? 0);
      if (declared > options.maxBytes) {
        response.destroy();
        throw new FetchError(`response of ${declared} bytes is over the ${options.maxBytes}-byte limit`, status);
      }
      streaming = true;
      return {
        status: 'ok',
        httpStatus: status,
        url: current.toString(),
        body: bodyOf(response, options.maxBytes, () => clearTimeout(timer), failure),
        charset: charsetOf(header('content-type')),
        etag: header('etag'),
        lastModified: header('last-modified'),
      };
    }
  } catch (error) {
    throw failure(error);
  } finally {
    // Once the body is handed over, its reader ends the time limit (bodyOf); until then, this does.
    if (!streaming) clearTimeout(timer);
  }
}
