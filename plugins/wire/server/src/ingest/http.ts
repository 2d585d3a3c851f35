/**
 * Fetching a feed over HTTP(S) the way a good citizen does: conditional GET (ETag /
 * Last-Modified), gzip and deflate, a User-Agent that names Wire, the feed's own headers and basic
 * auth, a time limit on the exchange, a size cap on the (decompressed) body, a redirect cap, and
 * `Retry-After` read on 429 and 503. The body is handed over as it arrives (openFeed), so a feed is
 * parsed item by item while it downloads; fetchFeed collects it for the few callers that need it whole.
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
import { redactUrl } from '../normalise/urls';
import { HTTP_SOURCE_MESSAGES, httpSourceProblem } from '../../../shared/feed-form';

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
  | {
      status: 'ok';
      httpStatus: number;
      url: string;
      bytes: Buffer;
      charset: string | null;
      /** The Content-Type header as sent (pictures are checked against it, ingest/picture-type.ts). */
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

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
export const refusedMessage = (url: string | URL) =>
  `refused to fetch ${redactUrl(url)}: its address is loopback, private or otherwise not public (an operator may allow it with WIRE_FEED_ALLOW)`;

/** One message for every network failure (refused, reset, unreachable, silent, cut short). */
export const unreachableMessage = (url: string | URL, timeoutMs: number) =>
  `cannot fetch ${redactUrl(url)}: the server could not be reached or gave no complete response within ${timeoutMs} ms`;

/**
 * The feed's URL, parsed: one the parser refuses, or one holding a user name or password (which Node
 * would send on to every hop, and which a message would repeat), is the source's fault, named so.
 */
export function feedUrl(url: string): URL {
  const problem = httpSourceProblem(url);
  if (problem) throw new DocumentError(`${HTTP_SOURCE_MESSAGES[problem]}: ${redactUrl(url)}`, 'source');
  return new URL(url);
}

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
  allow && typeof allow === 'object' && 'hosts' in allow
    ? allow
    : parseAllowList(allow as readonly string[] | string | null);

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

function send(
  url: URL,
  headers: Record<string, string>,
  addresses: Resolved,
  signal: AbortSignal,
  body: Buffer | null = null,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: body ? 'POST' : 'GET',
      headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
      lookup: pinnedLookup(addresses),
      agent: false,
      signal,
    });
    request.on('response', (response) => resolve({ response, request }));
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

/**
 * The time limit of one exchange. It runs while Wire waits on the network (resolving, connecting,
 * headers, each piece of the body) and pauses while the reader works on a piece it was handed
 * (parsing and storing a streamed feed's items), so a large feed is not cut for being ingested
 * slowly, and a server that drips or stalls is still cut at the limit.
 */
function timeLimit(ms: number, expire: () => void) {
  let left = ms;
  let since = 0;
  let timer: NodeJS.Timeout | null = null;
  const limit = {
    run() {
      if (timer) return;
      since = Date.now();
      timer = setTimeout(expire, Math.max(0, left));
    },
    pause() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      left -= Date.now() - since;
    },
  };
  limit.run();
  return limit;
}

/**
 * The body, decompressed, as it arrives, cut off past `maxBytes`. `done` runs when it ends, whichever
 * way; the time limit runs while waiting for each piece (see timeLimit); `failure` turns a network
 * error into a FetchError.
 */
async function* bodyOf(
  response: http.IncomingMessage,
  maxBytes: number,
  limit: ReturnType<typeof timeLimit>,
  failure: (e: unknown) => FetchError,
): AsyncGenerator<Buffer, void, undefined> {
  try {
    const encoding = String(response.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    let stream: Readable = response;
    if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
    else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
    else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
    else if (encoding && encoding !== 'identity') {
      response.destroy();
      throw new FetchError(
        `the response is in an encoding Wire does not read (${encoding.slice(0, 40)})`,
        response.statusCode ?? null,
      );
    }
    if (stream !== response) response.on('error', (e) => stream.destroy(e));
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        throw new FetchError(`response exceeded the ${maxBytes}-byte limit`, response.statusCode ?? null);
      }
      limit.pause();
      yield chunk;
      limit.run();
    }
    if (!response.complete) throw new Error('the response was cut short');
  } catch (error) {
    throw failure(error);
  } finally {
    limit.pause();
    response.destroy();
  }
}

/** A response whose body is read as it arrives (decompressed), still under the time and size caps. */
export type OpenedFeed =
  | { status: 'not-modified'; httpStatus: 304; url: string }
  | {
      status: 'ok';
      httpStatus: number;
      url: string;
      body: AsyncIterable<Buffer>;
      /** Ends the exchange when the body was not read to its end (a reader that gave up early). */
      close(): Promise<void>;
      charset: string | null;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    };

/**
 * The whole body in memory, for documents read whole (a URL given as a one-off source); polled
 * feeds and the desk's Test read the body as it arrives instead (openFeed).
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const opened = await openFeed(url, options);
  if (opened.status === 'not-modified') return opened;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk);
  const { body: _body, close: _close, ...rest } = opened;
  return { ...rest, bytes: Buffer.concat(chunks) };
}

/** The headers every hop gets, and the secrets that go only to the feed's own origin. */
function requestHeaders(options: FetchOptions): { base: Record<string, string>; secrets: Record<string, string> } {
  const base: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate' };
  if (options.etag) base['if-none-match'] = options.etag;
  if (options.lastModified) base['if-modified-since'] = options.lastModified;
  const secrets: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.username)
    secrets.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  return { base, secrets };
}

/** One hop's addresses, resolved once and checked against the policy; throws when refused or unresolvable. */
async function checkedAddresses(
  url: URL,
  policy: AddressPolicy,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Resolved> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError(`refused to fetch ${redactUrl(url)}: only http and https URLs are fetched`);
  // The resolver cannot be cancelled: the time limit races it.
  const addresses = await Promise.race([resolveChecked(url, policy), aborted(signal)]).catch((e: Error) => {
    throw new FetchError(
      unreachableMessage(url, timeoutMs),
      null,
      null,
      `cannot resolve ${url.hostname}: ${e.message}`,
    );
  });
  if (!addresses) throw new FetchError(refusedMessage(url));
  return addresses;
}

const headerOf = (response: http.IncomingMessage, name: string): string | null => {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
};

/** What one hop's answer means: follow a redirect, not modified, or a body to read. Throws on errors. */
function readAnswer(
  response: http.IncomingMessage,
  url: URL,
  redirects: number,
  options: FetchOptions,
): { next: URL } | { notModified: true } | { ok: true } {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && status !== 304) {
    const location = headerOf(response, 'location');
    response.destroy();
    if (!location) throw new FetchError(`HTTP ${status} without a Location header from ${redactUrl(url)}`, status);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new FetchError(`HTTP ${status} from ${redactUrl(url)} redirects to a Location that is not a URL`, status);
    }
    // A redirect naming a user name or password: Node would send them on as Basic auth, to any host.
    if (next.username || next.password)
      throw new FetchError(
        `HTTP ${status} from ${redactUrl(url)} redirects to a URL holding credentials: refused`,
        status,
      );
    if (redirects >= options.maxRedirects)
      throw new FetchError(`more than ${options.maxRedirects} redirects (last to ${redactUrl(next)})`, status);
    return { next };
  }
  if (status === 304) {
    response.destroy();
    return { notModified: true };
  }
  if (status < 200 || status >= 300) {
    response.destroy();
    const wait = status === 429 || status === 503 ? retryAfterMs(headerOf(response, 'retry-after')) : null;
    throw new FetchError(
      `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${redactUrl(url)}`,
      status,
      wait,
    );
  }
  const declared = Number(headerOf(response, 'content-length') ?? 0);
  if (declared > options.maxBytes) {
    response.destroy();
    throw new FetchError(`response of ${declared} bytes is over the ${options.maxBytes}-byte limit`, status);
  }
  return { ok: true };
}

/**
 * Requests a feed, following checked redirects, and returns once the headers are in; the body is
 * read by iterating `body`, which must be read to its end (the time limit runs until then).
 * Each hop: check the URL and its addresses, send with the secrets only to their origin, read the
 * answer (redirect, 304, error or body).
 */
export async function openFeed(url: string, options: FetchOptions): Promise<OpenedFeed> {
  const policy = policyOf(options.allow);
  const controller = new AbortController();
  const limit = timeLimit(options.timeoutMs, () => controller.abort());
  const first = feedUrl(url);
  const { base, secrets } = requestHeaders(options);
  const secretOrigin = originOf(first);
  let current = first;
  const failure = (error: unknown): FetchError => {
    if (error instanceof FetchError) return error;
    const cause = error as { code?: string; message?: string };
    return new FetchError(
      unreachableMessage(current, options.timeoutMs),
      null,
      null,
      `${cause.code ?? ''} ${cause.message ?? ''}`.trim(),
    );
  };
  let streaming = false;
  try {
    for (let redirects = 0; ; redirects += 1) {
      const addresses = await checkedAddresses(current, policy, controller.signal, options.timeoutMs);
      // Secrets only to the origin they were given for: never to another host, port or scheme.
      const headers = originOf(current) === secretOrigin ? { ...base, ...secrets } : { ...base };
      const { response } = await send(current, headers, addresses, controller.signal);
      const answer = readAnswer(response, current, redirects, options);
      if ('next' in answer) {
        current = answer.next;
        continue;
      }
      if ('notModified' in answer) return { status: 'not-modified', httpStatus: 304, url: current.toString() };
      streaming = true;
      const body = bodyOf(response, options.maxBytes, limit, failure);
      return {
        status: 'ok',
        httpStatus: response.statusCode ?? 200,
        url: current.toString(),
        body,
        close: async () => {
          await body.return(undefined);
          response.destroy();
          limit.pause();
        },
        charset: charsetOf(headerOf(response, 'content-type')),
        contentType: headerOf(response, 'content-type'),
        etag: headerOf(response, 'etag'),
        lastModified: headerOf(response, 'last-modified'),
      };
    }
  } catch (error) {
    throw failure(error);
  } finally {
    // Once the body is handed over, its reader runs and ends the time limit (bodyOf); until then, this does.
    if (!streaming) limit.pause();
  }
}

/**
 * POSTs a JSON body (a notification webhook, services/notify.ts) under the same guard as a feed
 * fetch: the URL parsed and refused when it holds credentials, every address checked against the
 * policy and the socket pinned to them, a time limit on the whole exchange. Redirects are never
 * followed (a POST has no business being sent on). Resolves with the HTTP status of a 2xx answer;
 * throws FetchError otherwise, with the same uniform messages as a feed (no port scanner).
 */
export async function postJson(
  url: string,
  json: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allow?: FetchOptions['allow'] },
): Promise<number> {
  const policy = policyOf(options.allow);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const target = feedUrl(url);
  try {
    const addresses = await checkedAddresses(target, policy, controller.signal, options.timeoutMs);
    const { response } = await send(
      target,
      { 'user-agent': USER_AGENT, 'content-type': 'application/json; charset=utf-8', ...headers },
      addresses,
      controller.signal,
      Buffer.from(json, 'utf8'),
    );
    const status = response.statusCode ?? 0;
    response.resume();
    response.destroy();
    if (status >= 300 && status < 400)
      throw new FetchError(`HTTP ${status} from ${redactUrl(target)}: redirects are not followed`, status);
    if (status < 200 || status >= 300)
      throw new FetchError(
        `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${redactUrl(target)}`,
        status,
      );
    return status;
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const cause = error as { code?: string; message?: string };
    throw new FetchError(
      unreachableMessage(target, options.timeoutMs),
      null,
      null,
      `${cause.code ?? ''} ${cause.message ?? ''}`.trim(),
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why Wire would not send to `url` now (its syntax, its scheme, credentials in it, or an address the
 * policy refuses), or null when it would: the desk checks a webhook URL with it before saving it.
 * The send checks again (a name may resolve elsewhere later).
 */
export async function destinationRefusal(
  url: string,
  options: { timeoutMs: number; allow?: FetchOptions['allow'] },
): Promise<string | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    await checkedAddresses(feedUrl(url), policyOf(options.allow), controller.signal, options.timeoutMs);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
  }
}
