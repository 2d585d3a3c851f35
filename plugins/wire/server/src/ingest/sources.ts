/**
 * Where documents come from: files, folders and URLs. Everything is read with a size cap and (for
 * URLs) a time cap; what comes back is bytes plus the charset the transport named.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { DocumentError } from '../formats/types';
import { fetchFeed } from './http';
import { redactUrl } from '../normalise/urls';

export interface FetchedDocument {
  origin: string;
  bytes: Buffer;
  charset: string | null;
}

/** Limits on reading a source; the plugin's `http` config supplies them. */
export interface SourceLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Hosts and ranges allowed besides public addresses (WIRE_FEED_ALLOW). */
  allow?: readonly string[];
}

export const isUrl = (target: string): boolean => /^https?:\/\//i.test(target);

/** Files of a folder, recursively, in name order; hidden files and `.reason` notes are skipped. */
export async function listFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name.endsWith('.reason')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

export async function readFileSource(
  file: string,
  limits: SourceLimits,
  handle?: fs.FileHandle,
): Promise<FetchedDocument> {
  const stat = await (handle ? handle.stat() : fs.stat(file)).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(`cannot read file: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, 'file');
  });
  if (stat.size > limits.maxBytes)
    throw new DocumentError(`file is ${stat.size} bytes, over the ${limits.maxBytes}-byte limit`, 'file');
  const bytes = await (handle ? handle.readFile() : fs.readFile(file)).catch((e: Error) => {
    throw new DocumentError(`cannot read file: ${e.message}`, 'file');
  });
  return { origin: file, bytes, charset: null };
}

/**
 * A file of a drop folder, opened without following a link in its last step (O_NOFOLLOW) and
 * checked on the open file: a file swapped for a link, or a folder, between the folder's listing and
 * the read is refused, with no window between the check and the read.
 */
export async function openDropFile(file: string): Promise<fs.FileHandle> {
  // O_NOFOLLOW: a link swapped in for the file is not followed; O_NONBLOCK: a FIFO swapped in does
  // not hold the poll waiting for a writer (it is refused below, as not a regular file).
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  const handle = await fs.open(file, flags).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(
      e.code === 'ELOOP' ? 'no longer a regular file (a link): left alone' : `cannot read file: ${e.code ?? e.message}`,
      'file',
    );
  });
  const problem = dropFileProblem(await handle.stat());
  if (problem) {
    await handle.close();
    throw new DocumentError(problem, 'file');
  }
  return handle;
}

/**
 * Why a drop folder's entry is not read, or null when it may be: it must be a regular file with no
 * other name. A hard link made in the folder to a file elsewhere would otherwise be read as copy (an
 * agency's delivery never has two names).
 */
export function dropFileProblem(entry: { isFile(): boolean; nlink: number | bigint }): string | null {
  if (!entry.isFile()) return 'no longer a regular file (a link, a folder or a device): left alone';
  if (Number(entry.nlink) > 1) return 'has another name elsewhere (a hard link): left alone';
  return null;
}

export async function fetchUrlSource(url: string, limits: SourceLimits): Promise<FetchedDocument> {
  const result = await fetchFeed(url, limits);
  if (result.status !== 'ok')
    throw new DocumentError(`HTTP 304 from ${redactUrl(url)} without a conditional request`, 'http');
  return { origin: url, bytes: result.bytes, charset: result.charset };
}

/**
 * Where drop folders may be. An editor types a drop folder's path, and Wire moves every file in it:
 * confined to `root`, and never over what the server itself needs (`guarded`: the app's own folders,
 * the uploads folder; `database`: the database's folder and files), even when the root is set above them.
 */
export interface DropPolicy {
  /** Real path of WIRE_DROP_ROOT. */
  root: string;
  /** Real paths that a drop folder may neither be, lie inside, nor contain. */
  guarded: string[];
  /** Real path of the app: a drop folder may lie in it (drop/), never be it or hold it. */
  app: string;
  /**
   * The SQLite database: its folder(s), which a drop folder may neither be nor hold (their files would
   * be moved), and its files (the file and its -wal, -shm and -journal). A folder beneath the
   * database's folder is no threat to it (`/var/lib/wire/drop` beside `/var/lib/wire/data.db`).
   */
  database: { folders: string[]; files: string[] };
}

/** Entries looked at when "Test" looks for a waiting file: a huge folder costs no more than this. */
export const DROP_SCAN_LIMIT = 1000;

const inside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!!rel && !rel.startsWith('..') && !path.isAbsolute(rel));
};

async function realOrSelf(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

/** SQLite's own files beside the database file. */
const DATABASE_SIBLINGS = ['', '-wal', '-shm', '-journal'];

/** The database's folders and files, as named and as real (a link to the file guards both). */
async function databasePaths(file: string | null): Promise<DropPolicy['database']> {
  if (!file) return { folders: [], files: [] };
  const named = path.resolve(file);
  const places = new Set<string>();
  for (const p of [named, await realOrSelf(named)])
    places.add(path.join(await realOrSelf(path.dirname(p)), path.basename(p)));
  const folders = [...new Set([...places].map((p) => path.dirname(p)))];
  const files = [...places].flatMap((p) => DATABASE_SIBLINGS.map((suffix) => p + suffix));
  return { folders, files };
}

/**
 * The folders a drop folder must keep clear of: the app root and each of its entries (except the
 * one holding the drop root), the named folders wherever they are, and the database's folder and
 * files (`database`: the SQLite file, or null). Paths are real (symlinks followed), so a link cannot
 * dress one up as another.
 */
export async function dropPolicy(
  root: string,
  appRoot: string,
  named: string[],
  database: string | null = null,
): Promise<DropPolicy> {
  await fs.mkdir(root, { recursive: true });
  const realRoot = await fs.realpath(root);
  const realApp = await realOrSelf(appRoot);
  const guarded: string[] = [];
  const entries = await fs.readdir(realApp).catch(() => [] as string[]);
  for (const name of entries) {
    const entry = await realOrSelf(path.join(realApp, name));
    if (!inside(entry, realRoot)) guarded.push(entry);
  }
  for (const folder of named) guarded.push(await realOrSelf(folder));
  return { root: realRoot, guarded, app: realApp, database: await databasePaths(database) };
}

/**
 * The real path of a drop folder, or a DocumentError saying why it may not be one. A relative
 * source is read from the drop root.
 */
export async function resolveDropFolder(source: string, policy: DropPolicy): Promise<string> {
  const named = path.resolve(policy.root, source);
  const outside = () =>
    new DocumentError(
      `the drop folder ${source} is not inside the drop root ${policy.root} (WIRE_DROP_ROOT)`,
      'source',
    );
  if (!inside(policy.root, named)) throw outside();
  const real = await fs.realpath(named).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(
      `cannot read the drop folder ${source}: ${e.code === 'ENOENT' ? 'no such folder' : (e.code ?? 'unreadable')}`,
      'source',
    );
  });
  // Symlinks followed: the folder itself must still be inside the root.
  if (!inside(policy.root, real)) throw outside();
  if (
    inside(real, policy.app) ||
    policy.guarded.some((g) => inside(g, real) || inside(real, g)) ||
    policy.database.folders.some((folder) => inside(real, folder)) ||
    policy.database.files.includes(real)
  ) {
    throw new DocumentError(
      `the drop folder ${source} is, holds or lies inside a folder the server needs (the app, its database or its uploads)`,
      'source',
    );
  }
  // The root holds every feed's folder (and their done/ and error/): it is no one feed's folder.
  if (path.relative(policy.root, real) === '') {
    throw new DocumentError(
      `the drop folder ${source} is the drop root itself (WIRE_DROP_ROOT); give the feed a folder inside it`,
      'source',
    );
  }
  const stat = await fs.stat(real);
  if (!stat.isDirectory()) throw new DocumentError(`the drop folder ${source} is not a folder`, 'source');
  return real;
}

/** Regular files waiting at the top of a drop folder (no links, no hidden files, no `.reason` notes), in name order, at most `limit` entries looked at. */
export async function waitingFiles(folder: string, limit = Infinity): Promise<string[]> {
  const dir = await fs.opendir(folder);
  const names: string[] = [];
  let seen = 0;
  try {
    for await (const entry of dir) {
      if (++seen > limit) break;
      if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.reason')) names.push(entry.name);
    }
  } finally {
    await dir.close().catch(() => {});
  }
  return names.sort().map((n) => path.join(folder, n));
}
