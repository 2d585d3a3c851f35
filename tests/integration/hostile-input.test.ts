/**
 * A hostile feed or client cannot hurt the server (issue 11): bodies are limited per route, deep
 * documents are the document's own problem, only http(s) links are stored or served, and public
 * URLs come from configuration, never from the Host header. Timings are never asserted here: the
 * linear-time evidence is `npm run bench:hostile`.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { expectError } from '../helpers/errors';
import { makeDropRoot } from '../helpers/feed-server';
import { APP_DIR, partnerToken, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const run = promisify(execFile);
let app: TestApp;
let dropRoot: string;
const tokens: Record<string, string> = {};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function rss(
  items: Array<{ guid: string; title: string; body: string; link?: string; rawTitle?: boolean }>,
  padding = '',
): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile test wire</title>${padding}${items
    .map(
      (i) =>
        `<item><title>${i.rawTitle ? i.title : esc(i.title)}</title><guid isPermaLink="false">${i.guid}</guid><link>${esc(i.link ?? `https://news.example.test/${i.guid}`)}</link><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate><description>${esc(`<p>USPA News - ${i.body}</p>`)}</description></item>`,
    )
    .join('')}</channel></rss>`;
}
/** 6,000 elements nested inside an item's title. */
const deepTitle = (guid: string) =>
  rss([
    { guid, title: `${'<b>'.repeat(6000)}Deep${'</b>'.repeat(6000)}`, body: 'Nested far too deep.', rawTitle: true },
  ]);

const push = (body: string | Buffer, type = 'application/rss+xml') =>
  request(app.strapi.server.httpServer)
    .post('/api/wire/ingest')
    .set('Authorization', `Bearer ${tokens.pusher}`)
    .set('Content-Type', type)
    .send(body);
const articles = () => app.strapi.db.query('plugin::wire.article');

/**
 * Sends a POST with a declared length and answers with the status, without waiting for the whole
 * body to be written when the server answers first.
 */
async function rawPost(
  urlPath: string,
  headers: Record<string, string>,
  body: Buffer,
  options: { chunked?: boolean } = {},
): Promise<{ status: number; text: string }> {
  const server = app.strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    // Chunked: no Content-Length, so only the bytes read tell the server the body is too large.
    const length = options.chunked ? {} : { 'Content-Length': String(body.length) };
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, method: 'POST', headers: { ...headers, ...length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', (error) => reject(error));
    if (!options.chunked) return req.end(body);
    for (let at = 0; at < body.length; at += 1024 * 1024) req.write(body.subarray(at, at + 1024 * 1024));
    req.end();
  });
}

async function cli(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [path.join(APP_DIR, 'scripts/wire.js'), ...args], {
      cwd: APP_DIR,
      env: app.env,
      timeout: 180000,
    });
    return { code: 0, stdout };
  } catch (error: any) {
    return { code: error.code as number, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}
/** The depth limit's message, from the XML reader (formats/xml.ts) or the JSON and HTML checks (normalise/depth.ts). */
const NESTED = /nested too deeply|nested deeper than 256/;
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').filter(Boolean).pop() as string);

beforeAll(async () => {
  // Inside the app's .tmp: the test database lives in the system's temporary folder, which a drop
  // root must not contain (docs/security.md).
  dropRoot = await makeDropRoot();
  // No WIRE_PUBLIC_URL and no PUBLIC_URL: links must still not come from the Host header.
  app = await startStrapi({ WIRE_DROP_ROOT: dropRoot, WIRE_FALLBACK_QUOTE_PERCENT: '50' });
  tokens.pusher = await partnerToken(app.strapi, 'hostile-pusher', 'full', { ingest: true });
  tokens.full = await partnerToken(app.strapi, 'hostile-full', 'full');
  tokens.quote = await partnerToken(app.strapi, 'hostile-quote', 'quote');
});

afterAll(async () => {
  await app?.stop();
  if (dropRoot) await fs.rm(dropRoot, { recursive: true, force: true });
});

describe('body limits per route', () => {
  const sixMegabytesOfJson = () =>
    Buffer.from(JSON.stringify({ email: 'a@example.org', password: 'x', pad: 'x'.repeat(6 * 1024 * 1024) }));

  it('refuses a 6 MB JSON body on /admin/login with 413', async () => {
    const res = await rawPost('/admin/login', { 'Content-Type': 'application/json' }, sixMegabytesOfJson());
    expect(res.status).toBe(413);
  });

  it('refuses a 6 MB JSON body on a partner route with 413', async () => {
    const res = await rawPost(
      '/api/wire/articles',
      { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.full}` },
      sixMegabytesOfJson(),
    );
    // Strapi's body parser answers this one, before any Wire code (its error has no `details`).
    expect(res.status).toBe(413);
  });

  it('still takes a 10 MB feed on the push route, as bytes', async () => {
    const feed = rss(
      [{ guid: 'big-push-1', title: 'Harbour opens a new ferry pier', body: 'The new ferry pier opened on Friday.' }],
      `<!-- ${'padding '.repeat((10 * 1024 * 1024) / 8)} -->`,
    );
    expect(feed.length).toBeGreaterThan(10 * 1024 * 1024);
    const res = await push(feed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejected: 0 });
  });

  it('refuses a push above WIRE_PUSH_LIMIT with 413', async () => {
    const res = await rawPost(
      '/api/wire/ingest',
      { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.pusher}` },
      Buffer.alloc(21 * 1024 * 1024, 0x20),
    );
    expect(expectError(res, 413, 'PayloadTooLargeError').message).toMatch(/WIRE_PUSH_LIMIT/);
  });

  it('refuses a chunked push (no declared length) that grows past WIRE_PUSH_LIMIT with 413, storing nothing', async () => {
    const before = await articles().count();
    const res = await rawPost(
      '/api/wire/ingest',
      { 'Content-Type': 'application/rss+xml', Authorization: `Bearer ${tokens.pusher}` },
      Buffer.alloc(21 * 1024 * 1024, 0x20),
      { chunked: true },
    );
    expect(expectError(res, 413, 'PayloadTooLargeError').message).toMatch(
      /body is larger than \d+ bytes \(WIRE_PUSH_LIMIT\)/,
    );
    expect(await articles().count()).toBe(before);
  });
});

describe("deep documents are the document's problem", () => {
  it('answers a push of 6,000 nested elements with 422 naming the problem', async () => {
    const before = await articles().count();
    const res = await push(deepTitle('deep-push-1'));
    expect(expectError(res, 422, 'UnprocessableEntityError').details.problems[0].reason).toMatch(NESTED);
    expect(await articles().count()).toBe(before);
  });

  it('answers a push of deeply nested ninjs JSON with 422', async () => {
    const json = `{"uri":"urn:x","headline":"Deep","body_text":"x","extra":${'['.repeat(100000)}${']'.repeat(100000)}}`;
    const res = await push(json, 'application/json');
    expect(expectError(res, 422, 'UnprocessableEntityError').details.problems[0].reason).toMatch(
      /nested deeper than 256/,
    );
  });

  it('CLI on a folder: the good file beside a deep one is ingested, and the exit code is 1', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-hostile-cli-'));
    await fs.writeFile(path.join(folder, 'a-deep.xml'), deepTitle('deep-cli-1'));
    await fs.writeFile(
      path.join(folder, 'b-good.xml'),
      rss([
        {
          guid: 'good-cli-1',
          title: 'Council approves the new bridge',
          body: 'The council approved the bridge on Friday.',
        },
      ]),
    );
    const result = await cli('ingest', folder, '--json');
    expect(result.code).toBe(1);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({ files: 2, created: 1 });
    expect(summary.problems).toEqual([
      expect.objectContaining({ source: expect.stringMatching(/a-deep\.xml$/), reason: expect.stringMatching(NESTED) }),
    ]);
    expect(await articles().count({ where: { guid: 'good-cli-1' } })).toBe(1);
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('drop folder: the deep file goes to error/ with its reason, and the next file is ingested', async () => {
    const folder = path.join(dropRoot, 'deep');
    await fs.mkdir(folder);
    const deep = deepTitle('deep-drop-1');
    await fs.writeFile(path.join(folder, 'a-deep.xml'), deep);
    await fs.writeFile(
      path.join(folder, 'b-good.xml'),
      rss([{ guid: 'good-drop-1', title: 'Museum reopens after repairs', body: 'The museum reopened on Friday.' }]),
    );
    await wire(app.strapi)
      .service('feeds')
      .create({
        ...{ name: 'deep-drop', source: folder, format: 'auto', pollIntervalMinutes: 15, enabled: true },
      });
    const result = await wire(app.strapi).service('poller').pollFeed('deep-drop', 'manual');
    expect(result.run).toBeTruthy();
    expect((await fs.readdir(path.join(folder, 'error'))).sort()).toEqual(['a-deep.xml', 'a-deep.xml.reason']);
    expect(await fs.readdir(path.join(folder, 'done'))).toEqual(['b-good.xml']);
    const reason = await fs.readFile(path.join(folder, 'error/a-deep.xml.reason'), 'utf8');
    expect(reason).toMatch(/a-deep\.xml/);
    expect(reason).toMatch(new RegExp(`${Buffer.byteLength(deep)} bytes`));
    expect(reason).toMatch(NESTED);
    expect(reason).not.toContain('<b>');
    expect(await articles().count({ where: { guid: 'good-drop-1' } })).toBe(1);
  });
});

const api = (url: string, token: string) =>
  request(app.strapi.server.httpServer).get(url).set('Authorization', `Bearer ${token}`);
const HOSTILE = /javascript:|vbscript:|data:text/i;

describe('only http(s) links are stored or served', () => {
  let id: string;

  beforeAll(async () => {
    const feed = rss([
      {
        guid: 'js-link-1',
        title: 'Ferry timetable changes in winter',
        body: 'The ferry runs less often from December.',
        link: 'javascript:alert(document.cookie)',
      },
    ]).replace(
      '</item>',
      '<enclosure url="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" type="image/jpeg" length="1"/></item>',
    );
    const res = await push(feed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1 });
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'url', reason: expect.stringMatching(/javascript: link/) }),
      ]),
    );
    const stored = await articles().findOne({ where: { guid: 'js-link-1' } });
    expect(stored.url).toBeNull();
    expect(JSON.stringify(stored.images ?? [])).not.toMatch(HOSTILE);
    id = stored.documentId;
  });

  const everyResponse = async () => [
    (await api(`/api/wire/articles/${id}`, tokens.full)).text,
    (await api(`/api/wire/articles/${id}`, tokens.quote)).text,
    (await api(`/api/wire/articles/${id}/quote?from=0&to=9`, tokens.quote)).text,
    (await api(`/api/wire/articles/${id}?format=ninjs`, tokens.full)).text,
    (await api('/api/wire/articles?format=ninjs', tokens.quote)).text,
    (await api('/api/wire/feed.rss', tokens.full)).text,
    (await api('/api/wire/feed.atom', tokens.full)).text,
    (await api('/api/wire/feed.rss', tokens.quote)).text,
    (await api('/api/wire/feed.atom', tokens.quote)).text,
  ];

  it('never serves the javascript: link pushed as <link>: not as url, attribution, RSS, Atom or ninjs', async () => {
    const article = (await api(`/api/wire/articles/${id}`, tokens.quote)).body.data;
    expect(article.headline).toMatch(/Ferry timetable/);
    for (const text of await everyResponse()) {
      expect(text).toMatch(/Ferry|ferry/);
      expect(text).not.toMatch(HOSTILE);
    }
  });

  it('filters links again when serving, whatever is stored (article url, images, agency homepage)', async () => {
    const stored = await articles().findOne({ where: { guid: 'js-link-1' }, populate: { agency: true } });
    await articles().update({
      where: { id: stored.id },
      data: {
        url: 'javascript:alert(document.cookie)',
        images: [{ url: 'vbscript:msgbox(1)', type: null, caption: null, credit: null, width: null, height: null }],
      },
    });
    await app.strapi.db
      .query('plugin::wire.agency')
      .update({ where: { id: stored.agency.id }, data: { homepage: 'javascript:alert(2)' } });
    for (const text of await everyResponse()) expect(text).not.toMatch(HOSTILE);
    const quote = (await api(`/api/wire/articles/${id}`, tokens.quote)).body.data;
    expect(quote.usage.attribution.url).toBeNull();
    // The desk's partner preview is built by the same serve code.
    const preview = await wire(app.strapi).service('desk').article(id);
    expect(JSON.stringify(preview?.partners)).not.toMatch(HOSTILE);
  });
});

describe('public URLs come from configuration, never from Host', () => {
  it('does not reflect a forged Host header in feed.rss, feed.atom, openapi.json or ninjs', async () => {
    const forged = (url: string, token?: string) => {
      const req = request(app.strapi.server.httpServer)
        .get(url)
        .set('Host', 'evil.example:666')
        .set('X-Forwarded-Host', 'evil.example');
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };
    const responses = [
      await forged('/api/wire/feed.rss', tokens.full),
      await forged('/api/wire/feed.atom', tokens.full),
      await forged('/api/wire/openapi.json'),
      await forged('/api/wire/articles?format=ninjs', tokens.full),
      await forged('/api/wire/articles', tokens.quote),
    ];
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/evil\.example/);
    }
    expect(responses[2].body.servers[0].url).toBe('http://localhost:1337/api/wire');
    expect(responses[0].text).toContain('http://localhost:1337/api/wire/feed.rss');
  });
});
