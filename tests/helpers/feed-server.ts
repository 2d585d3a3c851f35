/**
 * A real HTTP server on loopback that plays an agency's feed endpoint, good or bad: ETags, auth,
 * 500s, silence, truncated and endless bodies, gzip, redirect loops, 429 with Retry-After.
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Wire refuses loopback feeds unless the operator allows them: tests that poll these servers start
 * Strapi with this (`startStrapi({ ...ALLOW_LOOPBACK })`).
 */
export const ALLOW_LOOPBACK = { WIRE_FEED_ALLOW: '127.0.0.1' } as const;

/**
 * A fresh drop root for one test file (WIRE_DROP_ROOT), in the system temp folder: beside the test's
 * SQLite database (tests/helpers/strapi.ts), as `/var/lib/wire/drop` beside `/var/lib/wire/data.db`,
 * and wherever the clone lives. Remove it when done.
 */
export async function makeDropRoot(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'wire-drop-'));
}

export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FeedRoute {
  /** Text, or bytes (a picture). */
  body?: string | Buffer | (() => string);
  /** Answer 401 unless the request's Authorization header is exactly this. */
  auth?: string;
  etag?: string;
  type?: string;
  delayMs?: number;
  redirect?: string;
  hold?: Promise<unknown>;
  /** Sent gzipped, with `Content-Encoding: gzip`. */
  gzip?: boolean;
  /** Only this many bytes of the (encoded) body are sent, then the connection is cut. */
  cutAfter?: number;
}

export interface FeedServer {
  url: (path: string) => string;
  port: number;
  /** Bodies served at a path (a function is called on each request). */
  routes: Map<string, FeedRoute>;
  seen: SeenRequest[];
  /** TCP connections accepted so far (a refused fetch must leave this at 0). */
  readonly connections: number;
  close(): Promise<void>;
}

/** An RSS feed of USPA-style items; `body: null` leaves the description out (an item with nothing to store). */
export function rssFeed(items: Array<{ guid: string; title: string; body: string | null; date?: string }>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>USPA News test server</title>${items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><guid isPermaLink="false">${i.guid}</guid><link>https://news.example.test/${i.guid}</link><pubDate>${i.date ?? 'Fri, 27 Nov 2026 10:00:00 GMT'}</pubDate>${i.body === null ? '' : `<description>${esc(`<p>USPA News - ${i.body}</p>`)}</description>`}</item>`,
    )
    .join('')}</channel></rss>`;
}

/** `host`: the loopback address to listen on (127.0.0.1 unless a test needs a second one). */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  let connections = 0;
  const routes: FeedServer['routes'] = new Map();
  const seen: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    seen.push({ path, headers: req.headers });
    switch (path) {
      case '/500':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      case '/silent':
        return; // never answers
      case '/truncated':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '5000' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>cut</title><item><title>Half');
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      case '/endless': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
        const timer = setInterval(() => {
          if (!res.write(`<item><title>${'x'.repeat(8000)}</title></item>`)) return;
        }, 1);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/busy':
        res.writeHead(429, { 'retry-after': '120' }).end('slow down');
        return;
      case '/private.rss':
        if (
          req.headers.authorization !== `Basic ${Buffer.from('wire:s3cret').toString('base64')}` ||
          req.headers['x-api-key'] !== 'k-123'
        ) {
          res.writeHead(401).end('who are you?');
          return;
        }
        break;
      default:
        break;
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('no such feed');
      return;
    }
    if (route.auth && req.headers.authorization !== route.auth) {
      res.writeHead(401).end('who are you?');
      return;
    }
    if (route.redirect) {
      res.writeHead(302, { location: route.redirect }).end();
      return;
    }
    if (route.etag && req.headers['if-none-match'] === route.etag) {
      res.writeHead(304, { etag: route.etag }).end();
      return;
    }
    const text = typeof route.body === 'function' ? route.body() : (route.body ?? '');
    const body = route.gzip ? zlib.gzipSync(text) : Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const headers = {
      'content-type': route.type ?? 'application/rss+xml; charset=utf-8',
      ...(route.etag ? { etag: route.etag } : {}),
      ...(route.gzip ? { 'content-encoding': 'gzip' } : {}),
    };
    const send = () => {
      if (route.cutAfter === undefined) return void res.writeHead(200, headers).end(body);
      res.writeHead(200, headers);
      res.write(body.subarray(0, route.cutAfter), () => setTimeout(() => res.socket?.destroy(), 50));
    };
    if (route.hold) void route.hold.then(send);
    else if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  server.on('connection', (s) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    port,
    routes,
    seen,
    get connections() {
      return connections;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
