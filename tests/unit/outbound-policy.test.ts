/**
 * The address policy (which addresses a feed fetch may reach) and the drop-folder policy (which
 * folders a drop folder may be), without Strapi. The integration tests (outbound-guard,
 * drop-folders) prove the same through the routes.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAllowed, parseAllowList } from '../../plugins/wire/server/src/ingest/address-policy';
import { fileText } from '../../plugins/wire/server/src/ingest/stream';
import {
  dropPolicy,
  openDropFile,
  resolveDropFolder,
  waitingFiles,
} from '../../plugins/wire/server/src/ingest/sources';

describe('address policy', () => {
  const none = parseAllowList('');

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'documentation'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['not-an-address', 'unparsable'],
  ])('refuses %s (%s) by default', (address) => {
    expect(isAllowed(none, 'feeds.example.org', address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111'])('allows the public address %s', (address) => {
    expect(isAllowed(none, 'feeds.example.org', address)).toBe(true);
  });

  it('allows what the operator lists: addresses, ranges and host names', () => {
    const policy = parseAllowList('127.0.0.1, 10.0.0.0/8 ,feeds.INTERNAL,[::1],fd00::/8');
    expect(isAllowed(policy, '127.0.0.1', '127.0.0.1')).toBe(true);
    expect(isAllowed(policy, 'x', '127.0.0.2')).toBe(false);
    expect(isAllowed(policy, 'x', '10.200.1.1')).toBe(true);
    expect(isAllowed(policy, 'x', '192.168.1.1')).toBe(false);
    expect(isAllowed(policy, 'feeds.internal', '192.168.1.1')).toBe(true);
    expect(isAllowed(policy, 'x', '::1')).toBe(true);
    expect(isAllowed(policy, 'x', 'fd00::5')).toBe(true);
    // An allowed IPv4 address does not let its IPv4-mapped IPv6 spelling in.
    expect(isAllowed(policy, 'x', '::ffff:127.0.0.1')).toBe(false);
  });

  it('refuses a mistyped entry at start-up', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/not an address range/);
    expect(() => parseAllowList('feeds.internal:8080')).toThrow(/not a host name/);
  });
});

describe('drop-folder policy', () => {
  let app: string;
  beforeAll(async () => {
    app = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-unit-app-'));
    for (const dir of ['config', 'public/uploads', 'data', 'incoming/agency'])
      await fs.mkdir(path.join(app, dir), { recursive: true });
  });
  afterAll(() => fs.rm(app, { recursive: true, force: true }));

  it('opens a drop file without following a link in its last step, and checks it on the open file', async () => {
    const folder = path.join(app, 'incoming/agency');
    const story = path.join(folder, 'story.xml');
    await fs.writeFile(story, '<rss/>');
    const outside = path.join(app, 'config/secret.env');
    await fs.writeFile(outside, 'SECRET=1');
    await fs.symlink(outside, path.join(folder, 'swapped.xml'));
    await fs.mkdir(path.join(folder, 'a-folder.xml'));
    const handle = await openDropFile(story);
    try {
      expect((await handle.readFile()).toString()).toBe('<rss/>');
    } finally {
      await handle.close();
    }
    await expect(openDropFile(path.join(folder, 'swapped.xml'))).rejects.toThrow(/no longer a regular file \(a link\)/);
    await expect(openDropFile(path.join(folder, 'a-folder.xml'))).rejects.toThrow(/no longer a regular file/);
    for (const name of ['story.xml', 'swapped.xml']) await fs.rm(path.join(folder, name));
    await fs.rmdir(path.join(folder, 'a-folder.xml'));
  });

  it('streams a large drop file through the same open handle, and leaves the handle to its opener', async () => {
    const file = path.join(app, 'incoming/agency/large.txt');
    const line = 'x'.repeat(1023) + '\n';
    await fs.writeFile(file, line.repeat(9 * 1024)); // 9 MB: over WHOLE_FILE_BYTES, so read in pieces
    const handle = await openDropFile(file);
    try {
      const text = await fileText(file, 64 * 1048576, handle);
      let chars = 0;
      for await (const piece of text.pieces()) chars += piece.length;
      expect(chars).toBe(9 * 1024 * 1024);
      expect((await handle.stat()).size).toBe(9 * 1024 * 1024); // still open
    } finally {
      await handle.close();
      await fs.rm(file);
    }
  });

  it("refuses the drop root itself as a feed's folder, by any spelling; a folder inside it is fine", async () => {
    const root = path.join(app, 'incoming');
    const policy = await dropPolicy(root, app, []);
    for (const source of ['.', '', root, `${root}/`, 'agency/..']) {
      await expect(resolveDropFolder(source, policy)).rejects.toThrow(/is the drop root itself/);
    }
    await expect(resolveDropFolder('agency', policy)).resolves.toBe(await fs.realpath(path.join(root, 'agency')));
  });

  it('with the root set to the app itself, refuses the app, its folders, the database and uploads', async () => {
    const policy = await dropPolicy(app, app, [path.join(app, 'public/uploads'), path.join(app, 'data')]);
    for (const source of ['.', 'config', 'public', 'public/uploads', 'data', 'incoming/agency']) {
      await expect(resolveDropFolder(source, policy)).rejects.toThrow(/a folder the server needs/);
    }
  });

  it('with the root set above the app, refuses the app and what holds it; allows a folder beside it', async () => {
    const above = path.dirname(app);
    const policy = await dropPolicy(above, app, []);
    await expect(resolveDropFolder(app, policy)).rejects.toThrow(/a folder the server needs/);
    await expect(resolveDropFolder(above, policy)).rejects.toThrow(/a folder the server needs/);
    const beside = await fs.mkdtemp(path.join(above, 'wire-unit-beside-'));
    await expect(resolveDropFolder(beside, policy)).resolves.toBe(await fs.realpath(beside));
    await fs.rm(beside, { recursive: true });
  });

  it("keeps clear of the database's folder and files, not of the folders beneath it (issue 27)", async () => {
    // As /var/lib/wire holding data.db, with the drop root set to it: /var/lib/wire/drop is a drop
    // root's folder like any other; the database's folder, its files and what holds them are not.
    const lib = await fs.mkdtemp(path.join(os.tmpdir(), 'wire-unit-lib-'));
    const db = path.join(lib, 'data.db');
    for (const suffix of ['', '-wal', '-shm', '-journal']) await fs.writeFile(db + suffix, '');
    await fs.mkdir(path.join(lib, 'drop/agency'), { recursive: true });
    await fs.symlink(lib, path.join(lib, 'drop/back-to-the-database'));
    await fs.symlink(db, path.join(lib, 'drop/the-database-file'));
    try {
      const policy = await dropPolicy(path.join(lib, 'drop'), app, [], db);
      for (const source of ['agency', path.join(lib, 'drop/agency')])
        await expect(resolveDropFolder(source, policy)).resolves.toBe(await fs.realpath(path.join(lib, 'drop/agency')));
      const above = await dropPolicy(lib, app, [], db);
      await expect(resolveDropFolder('drop/agency', above)).resolves.toBe(
        await fs.realpath(path.join(lib, 'drop/agency')),
      );
      for (const source of [
        'drop/back-to-the-database',
        'drop/the-database-file',
        'data.db',
        'data.db-wal',
        'data.db-shm',
        'data.db-journal',
      ])
        await expect(resolveDropFolder(source, above)).rejects.toThrow(/the server needs/);
      // A folder holding the database's folder is refused too (its done/ would sit beside the files).
      const wide = await dropPolicy(path.dirname(lib), app, [], db);
      await expect(resolveDropFolder(lib, wide)).rejects.toThrow(/the server needs/);
      await expect(resolveDropFolder(path.join(lib, 'drop'), wide)).resolves.toBe(
        await fs.realpath(path.join(lib, 'drop')),
      );
    } finally {
      await fs.rm(lib, { recursive: true, force: true });
    }
  });

  it('looks at a bounded number of entries', async () => {
    const folder = path.join(app, 'incoming/many');
    await fs.mkdir(folder);
    for (let i = 0; i < 30; i += 1) await fs.writeFile(path.join(folder, `f${i}.xml`), '');
    expect((await waitingFiles(folder, 10)).length).toBeLessThanOrEqual(10);
    expect(await waitingFiles(folder)).toHaveLength(30);
  });
});
