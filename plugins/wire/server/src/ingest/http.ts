/**
 * Fetching a feed over HTTP(S) the way a good citizen does: conditional GET (ETag /
 * Last-Modified), gzip, a User-Agent that names Wire, the feed's own headers and basic auth,
 * a time limit on the whole exchange, a size cap on the (decompressed) body, a redirect cap, and
 * `Retry-After` read on 429 and 503.
 */
import { DocumentError } from '../formats/types';

export const USER_AGENT = 'Wire/0.1 (news wire ingest; +https://github.com/wire-newsroom/wire)';

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  headers?: Record<string, string>;
  username?: string | null;
  password?: string | null;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export type FetchResult =
  | { status: 'not-modified'; httpStatus: 304; url: string }
  | { status: 'ok'; httpStatus: number; url: string; bytes: Buffer; charset: string | null; etag: string | null; lastModified: string | null };

/** A failed fetch, with the HTTP status when there was one and how long the server asked us to wait. */
export class FetchError extends DocumentError {
  constructor(message: string, readonly httpStatus: number | null = null, readonly retryAfterMs: number | null = null) {
    super(message, 'http');
    this.name = 'FetchError';
  }
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

/** A response whose body is read as it arrives (gunzipped), still under the time and size caps. */
export type OpenedFeed =
  | { status: 'not-modified'; httpStatus: 304; url: string }
  | { status: 'ok'; httpStatus: number; url: string; body: AsyncIterable<Buffer>; charset: string | null; etag: string | null; lastModified: string | null };

export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const opened = await openFeed(url, options);
  if (opened.status === 'not-modified') return opened;
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk);
  const { body: _body, ...rest } = opened;
  return { ...rest, bytes: Buffer.concat(chunks) };
}

/**
 * Requests a feed and returns once the headers are in; the body is read by iterating `body`, which
 * must be read to its end (the time limit runs until then).
 */
export async function openFeed(url: string, options: FetchOptions): Promise<OpenedFeed> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate', ...(options.headers ?? {}) };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  if (options.username) headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  let current = url;
  const failure = (error: unknown): FetchError => {
    if (error instanceof FetchError) return error;
    if (controller.signal.aborted) return new FetchError(`no complete response within ${options.timeoutMs} ms from ${current}`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new FetchError(`cannot fetch ${current}: ${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`.replace(/\s+/g, ' ').trim());
  };
  try {
    for (let redirects = 0; ; redirects += 1) {
      const response = await fetch(current, { headers, redirect: 'manual', signal: controller.signal });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) throw new FetchError(`HTTP ${response.status} without a Location header from ${current}`, response.status);
        if (redirects >= options.maxRedirects) throw new FetchError(`more than ${options.maxRedirects} redirects (last to ${new URL(location, current)})`, response.status);
        const next = new URL(location, current);
        // Credentials go only to the host they were given for.
        if (next.host !== new URL(current).host) delete headers.authorization;
        current = next.toString();
        continue;
      }
      if (response.status === 304) {
        clearTimeout(timer);
        return { status: 'not-modified', httpStatus: 304, url: current };
      }
      if (!response.ok) {
        await response.body?.cancel();
        const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after')) : null;
        throw new FetchError(`HTTP ${response.status} ${response.statusText} from ${current}`, response.status, wait);
      }
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > options.maxBytes) {
        await response.body?.cancel();
        throw new FetchError(`response of ${declared} bytes is over the ${options.maxBytes}-byte limit`, response.status);
      }
      async function* body(): AsyncIterable<Buffer> {
        let size = 0;
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            size += chunk.length;
            if (size > options.maxBytes) {
              controller.abort();
              throw new FetchError(`response exceeded the ${options.maxBytes}-byte limit`, response.status);
            }
            yield Buffer.from(chunk);
          }
        } catch (error) {
          throw failure(error);
        } finally {
          clearTimeout(timer);
        }
      }
      return {
        status: 'ok',
        httpStatus: response.status,
        url: current,
        body: body(),
        charset: charsetOf(response.headers.get('content-type')),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
  } catch (error) {
    clearTimeout(timer);
    throw failure(error);
  }
}
