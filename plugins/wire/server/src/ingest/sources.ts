/**
 * Where documents come from: files, folders and URLs. Everything is read with a size cap and (for
 * URLs) a time cap; what comes back is bytes plus the charset the transport named.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DocumentError } from '../formats/types';
import { fetchFeed } from './http';

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

export async function readFileSource(file: string, limits: SourceLimits): Promise<FetchedDocument> {
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(`cannot read file: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, 'file');
  });
  if (stat.size > limits.maxBytes) throw new DocumentError(`file is ${stat.size} bytes, over the ${limits.maxBytes}-byte limit`, 'file');
  const bytes = await fs.readFile(file).catch((e: Error) => {
    throw new DocumentError(`cannot read file: ${e.message}`, 'file');
  });
  return { origin: file, bytes, charset: null };
}

export async function fetchUrlSource(url: string, limits: SourceLimits): Promise<FetchedDocument> {
  const result = await fetchFeed(url, limits);
  if (result.status !== 'ok') throw new DocumentError(`HTTP 304 from ${url} without a conditional request`, 'http');
  return { origin: url, bytes: result.bytes, charset: result.charset };
}
