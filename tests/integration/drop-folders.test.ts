/**
 * Issue 11, row 3: an editor with "Manage feeds" cannot point a drop folder at the server's files.
 * Drop folders live inside WIRE_DROP_ROOT, their real path (symlinks followed) too; the database's
 * folder is refused even though the root is set above it here; errors, runs and `.reason` files
 * name files and sizes, never their content. All decoys are folders this file makes.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { adminToken, createAdmin, createRole, WIRE_ACTIONS } from '../helpers/admin';
import { makeDropRoot } from '../helpers/feed-server';
import { FIXTURES, startStrapi, type TestApp } from '../helpers/strapi';
import { wire } from '../../plugins/wire/server/src/services/wire';

const SQLITE = process.env.DATABASE_CLIENT !== 'postgres';
const SECRET = 'DECOY_SECRET=do-not-show-this-value';
let app: TestApp;
let root: string;
let decoy: string;
let editor: string;

const api = (method: 'post' | 'put', url: string, body?: object) => {
  const req = request(app.strapi.server.httpServer)[method](`/wire${url}`).set('Authorization', `Bearer ${editor}`);
  return body === undefined ? req : req.send(body);
};
/** A feed whose folder is written straight to the database, as if it had been fine when it was saved. */
const savedFeed = async (name: string, source: string) => {
  const feed = await wire(app.strapi)
    .service('feeds')
    .create({
      ...{ name, source: 'https://feed.example.test/placeholder.rss', format: 'auto', pollIntervalMinutes: 15 },
      enabled: true,
    });
  await app.strapi.db.query('plugin::wire.feed').update({ where: { documentId: feed!.documentId }, data: { source } });
  return feed!.documentId;
};
const listing = async (folder: string) => (await fs.readdir(folder)).sort();

beforeAll(async () => {
  root = await makeDropRoot();
  decoy = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-decoy-config-'));
  await fs.writeFile(path.join(decoy, 'app.env'), `${SECRET}\n`);
  await fs.writeFile(path.join(decoy, 'settings.xml'), `<settings><password>${SECRET}</password></settings>`);
  await fs.symlink(decoy, path.join(root, 'linked-out'));
  await fs.mkdir(path.join(root, 'db'));
  // The database lives inside the drop root: its folder must still be refused (SQLite only).
  app = await startStrapi({
    WIRE_DROP_ROOT: root,
    ...(SQLITE ? { DATABASE_FILENAME: path.join(root, 'db/wire.db') } : {}),
  });
  await createAdmin(app.strapi, 'feeds@drop.test', [
    (await createRole(app.strapi, 'Feed editor', [WIRE_ACTIONS.readDesk, WIRE_ACTIONS.manageFeeds])).id,
  ]);
  editor = await adminToken(app.strapi.server.httpServer, 'feeds@drop.test');
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(decoy, { recursive: true, force: true });
});

describe('drop folders are confined', () => {
  const refusedSources = () => [
    decoy,
    path.join(root, '..'),
    '../../config',
    'linked-out',
    path.join(root, 'linked-out'),
  ];

  it('Test refuses a folder outside the root, by path or through a symlink, and shows none of its content', async () => {
    for (const source of refusedSources()) {
      const res = await api('post', '/feeds/test', { source });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/is not inside the drop root/);
      expect(JSON.stringify(res.body)).not.toContain('do-not-show');
    }
  });

  it('such a folder cannot be saved as a feed, and a saved one is refused by Run now, its files untouched', async () => {
    for (const [k, source] of refusedSources().entries()) {
      const add = await api('post', '/feeds', { name: `decoy-${k}`, source });
      expect(add.status).toBe(400);
      expect(add.body.error.message).toMatch(/is not inside the drop root/);
      const id = await savedFeed(`saved-decoy-${k}`, source);
      const run = await api('post', `/feeds/${id}/poll`);
      expect(run.body.data.run).toMatchObject({ status: 'failed', files: 0 });
      expect(run.body.data.run.error).toMatch(/is not inside the drop root/);
      expect(JSON.stringify(run.body)).not.toContain('do-not-show');
    }
    expect(await listing(decoy)).toEqual(['app.env', 'settings.xml']);
  });

  (SQLITE ? it : it.skip)(
    "the database's folder is refused even inside the root, and the live database stays put",
    async () => {
      // (The root itself, which holds it, is refused as the root: see the next test.)
      for (const source of ['db', path.join(root, 'db')]) {
        const res = await api('post', '/feeds/test', { source });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/a folder the server needs/);
        const id = await savedFeed(`db-${source.length}-${Math.abs(source.charCodeAt(0))}`, source);
        const run = await api('post', `/feeds/${id}/poll`);
        expect(run.body.data.run).toMatchObject({ status: 'failed' });
      }
      expect(await listing(path.join(root, 'db'))).toContain('wire.db');
      expect((await fs.readdir(path.join(root, 'db'))).some((n) => n === 'done' || n === 'error')).toBe(false);
    },
  );

  (SQLITE ? it : it.skip)(
    "a folder beneath the database's folder is a drop folder like any other; the database's files are not (issue 27)",
    async () => {
      const folder = path.join(root, 'db/incoming');
      await fs.mkdir(folder);
      await fs.copyFile(path.join(FIXTURES, 'uspa/harbour-cranes.txt'), path.join(folder, 'story.txt'));
      const add = await api('post', '/feeds', { name: 'beside-the-database', source: 'db/incoming' });
      expect(add.status).toBe(201);
      const run = await api('post', `/feeds/${add.body.data.documentId}/poll`);
      expect(run.body.data.run).toMatchObject({ status: 'success', files: 1, created: 1 });
      expect(await listing(path.join(folder, 'done'))).toEqual(['story.txt']);
      // The database's file, by its name or through a link, is no drop folder.
      await fs.symlink(path.join(root, 'db/wire.db'), path.join(root, 'the-database'));
      for (const source of ['db/wire.db', 'the-database']) {
        const res = await api('post', '/feeds/test', { source });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/a folder the server needs/);
      }
      expect(await listing(path.join(root, 'db'))).toContain('wire.db');
      expect((await fs.readdir(path.join(root, 'db'))).some((n) => n === 'done' || n === 'error')).toBe(false);
    },
  );

  it("the drop root itself is no feed's folder: refused by Test and on save, by any spelling", async () => {
    // On SQLite the root here also holds the database's folder, which is said first.
    const reason = SQLITE ? /a folder the server needs/ : /is the drop root itself/;
    for (const source of [root, '.', 'db/..', `${root}/`]) {
      const test = await api('post', '/feeds/test', { source });
      expect(test.status).toBe(400);
      expect(test.body.error.message).toMatch(reason);
      const add = await api('post', '/feeds', { name: `the-root-${source.length}`, source });
      expect(add.status).toBe(400);
      expect(add.body.error.message).toMatch(reason);
    }
    // Its positive control: a folder inside the root is a drop folder (empty, so Test says so).
    await fs.mkdir(path.join(root, 'inside'), { recursive: true });
    const inside = await api('post', '/feeds/test', { source: 'inside' });
    expect(inside.body.error?.message ?? '').not.toMatch(/drop root/);
    expect((await api('post', '/feeds', { name: 'inside-the-root', source: 'inside' })).status).toBe(201);
  });

  it('a symlinked file inside a good drop folder is neither read nor moved', async () => {
    const folder = path.join(root, 'agency-a');
    await fs.mkdir(folder);
    await fs.symlink(path.join(decoy, 'settings.xml'), path.join(folder, 'leak.xml'));
    const test = await api('post', '/feeds/test', { source: 'agency-a' });
    expect(test.status).toBe(400);
    expect(test.body.error.message).toMatch(/no file waiting/);
    const id = await savedFeed('agency-a', 'agency-a');
    const run = await api('post', `/feeds/${id}/poll`);
    expect(run.body.data.run).toMatchObject({ status: 'success', files: 0 });
    expect(await listing(folder)).toEqual(['leak.xml']);
    expect(await listing(decoy)).toEqual(['app.env', 'settings.xml']);
  });

  it('a hard link to a file elsewhere is neither read nor moved (issue 27)', async () => {
    const folder = path.join(root, 'agency-h');
    await fs.mkdir(folder);
    await fs.link(path.join(decoy, 'settings.xml'), path.join(folder, 'leak.xml'));
    const test = await api('post', '/feeds/test', { source: 'agency-h' });
    expect(test.status).toBe(400);
    expect(test.body.error.message).toMatch(/hard link/);
    expect(JSON.stringify(test.body)).not.toContain('DECOY');
    const id = await savedFeed('agency-h', 'agency-h');
    const run = await api('post', `/feeds/${id}/poll`);
    expect(run.body.data.run.problems).toEqual([
      expect.objectContaining({ field: 'file', reason: expect.stringMatching(/hard link/) }),
    ]);
    expect(JSON.stringify(run.body)).not.toContain('DECOY');
    expect(await listing(folder)).toEqual(['leak.xml']);
  });

  it('an error/ that is a link leading elsewhere stops the poll, and nothing is moved into it (issue 27)', async () => {
    const folder = path.join(root, 'agency-d');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'story.txt'), 'not wire copy at all\n');
    await fs.symlink(decoy, path.join(folder, 'error'));
    const id = await savedFeed('agency-d', 'agency-d');
    const run = await api('post', `/feeds/${id}/poll`);
    expect(run.body.data.run).toMatchObject({ status: 'failed' });
    expect(run.body.data.run.error).toMatch(/error\/ in the drop folder is not a folder/);
    expect(await listing(decoy)).toEqual(['app.env', 'settings.xml']);
    expect(await listing(folder)).toEqual(['error', 'story.txt']);
  });

  it('a .reason link planted in error/ is never written through: the file gets another name', async () => {
    const folder = path.join(root, 'agency-c');
    await fs.mkdir(path.join(folder, 'error'), { recursive: true });
    const target = path.join(decoy, 'app.env');
    await fs.symlink(target, path.join(folder, 'error/bad.txt.reason'));
    await fs.writeFile(path.join(folder, 'bad.txt'), 'not wire copy at all\n');
    const id = await savedFeed('agency-c', 'agency-c');
    const run = await api('post', `/feeds/${id}/poll`);
    expect(run.status).toBe(200);
    expect(await fs.readFile(target, 'utf8')).toBe(`${SECRET}\n`);
    expect(await listing(path.join(folder, 'error'))).toEqual(['bad.txt.1', 'bad.txt.1.reason', 'bad.txt.reason']);
  });

  it('a good drop folder inside the root works; errors and .reason files name file and size, never content', async () => {
    const folder = path.join(root, 'agency-b');
    await fs.mkdir(folder);
    await fs.copyFile(path.join(FIXTURES, 'uspa/berlin-tenants.txt'), path.join(folder, 'b-story.txt'));
    await fs.writeFile(path.join(folder, 'a-notes.txt'), `${SECRET}\nmore private notes\n`);
    const test = await api('post', '/feeds/test', { source: 'agency-b' });
    expect(test.status).toBe(400);
    expect(test.body.error.message).toMatch(/not a known wire format/);
    expect(JSON.stringify(test.body)).not.toContain('do-not-show');
    const add = await api('post', '/feeds', { name: 'agency-b', source: 'agency-b' });
    expect(add.status).toBe(201);
    const run = await api('post', `/feeds/${add.body.data.documentId}/poll`);
    expect(run.body.data.run).toMatchObject({ status: 'partial', files: 2, created: 1 });
    expect(JSON.stringify(run.body)).not.toContain('do-not-show');
    expect(await listing(path.join(folder, 'error'))).toEqual(['a-notes.txt', 'a-notes.txt.reason']);
    const reason = await fs.readFile(path.join(folder, 'error/a-notes.txt.reason'), 'utf8');
    const size = (await fs.stat(path.join(folder, 'error/a-notes.txt'))).size;
    expect(reason).toContain(`a-notes.txt: ${size} bytes`);
    expect(reason).not.toContain('do-not-show');
    expect(reason).not.toContain('DECOY');
    expect(await listing(path.join(folder, 'done'))).toEqual(['b-story.txt']);
  });
});
