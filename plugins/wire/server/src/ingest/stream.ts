/**
 * A document's text, whole or in pieces. Small documents are decoded whole (decodeBytes: the label
 * is checked against the bytes); a file larger than that is read from disk a piece at a time and
 * decoded as it comes, so a 1 GB archive never sits in memory. Formats that are lists of items
 * (RSS, Atom, NewsML-G2 messages) then read it item by item (formats/stream.ts).
 */
import { createReadStream, promises as fs } from 'node:fs';
import { DocumentError } from '../formats/types';
import { decodeBytes } from '../normalise/encoding';

/** Characters handed to the XML reader at a time. */
export const PIECE_CHARS = 1 << 20;
/** Files up to this size are read and decoded whole (the label checked against all the bytes). */
export const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
/** Bytes read ahead to sniff the encoding and the format. */
const HEAD_BYTES = 64 * 1024;

export interface DocumentText {
  origin: string;
  /** The document's start, for detecting its format. */
  head: string;
  /** The whole text, when it was decoded whole. */
  whole: string | null;
  /** The text in pieces, once. */
  pieces(): AsyncIterable<string>;
  /** A note about the encoding (label and bytes disagree), when there is one. */
  note: string | null;
}

/** Bytes already in memory (a push, an HTTP body, a small file). */
export function wholeText(origin: string, bytes: Buffer, charset: string | null): DocumentText {
  const decoded = decodeBytes(bytes, charset);
  const text = decoded.text;
  return {
    origin,
    head: text.slice(0, HEAD_BYTES),
    whole: text,
    note: decoded.note,
    async *pieces() {
      for (let i = 0; i < text.length; i += PIECE_CHARS) yield text.slice(i, i + PIECE_CHARS);
    },
  };
}

const LATIN = new Set(['iso-8859-1', 'latin1', 'latin-1', 'iso8859-1', 'l1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii', 'iso-8859-15']);

/**
 * A file read and decoded a piece at a time. The encoding comes from the BOM or the XML declaration
 * (UTF-8 when neither names one); invalid UTF-8 becomes U+FFFD, with a note (a whole document would
 * be re-read as windows-1252 instead, which needs all of it at once).
 */
export async function fileText(file: string, maxBytes: number): Promise<DocumentText> {
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(`cannot read file: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, 'file');
  });
  if (stat.size > maxBytes) throw new DocumentError(`file is ${stat.size} bytes, over the ${maxBytes}-byte document limit (WIRE_MAX_DOCUMENT_BYTES)`, 'file');
  const handle = await fs.open(file, 'r');
  const headBuffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
  await handle.read(headBuffer, 0, headBuffer.length, 0).finally(() => handle.close());
  // The label as decodeBytes reads it, from a BOM or the declaration.
  let label = 'utf-8';
  let skip = 0;
  if (headBuffer[0] === 0xef && headBuffer[1] === 0xbb && headBuffer[2] === 0xbf) skip = 3;
  else if (headBuffer[0] === 0xff && headBuffer[1] === 0xfe) [label, skip] = ['utf-16le', 2];
  else if (headBuffer[0] === 0xfe && headBuffer[1] === 0xff) [label, skip] = ['utf-16be', 2];
  else label = /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(headBuffer.subarray(0, 1024).toString('latin1'))?.[1].toLowerCase() ?? 'utf-8';
  const latin = LATIN.has(label);
  let head: string;
  try {
    head = new TextDecoder(latin ? 'windows-1252' : label).decode(headBuffer.subarray(skip));
  } catch {
    throw new DocumentError(`unknown charset "${label}"`, 'encoding');
  }
  const doc: DocumentText = {
    origin: file,
    head,
    whole: null,
    note: null,
    async *pieces() {
      const stream = createReadStream(file, { start: skip, highWaterMark: PIECE_CHARS });
      const reader = new TextDecoder(latin ? 'windows-1252' : label);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const text = reader.decode(chunk, { stream: true });
        if (!doc.note && label.startsWith('utf-8') && text.includes('\uFFFD')) doc.note = 'not valid UTF-8 in places; those bytes were replaced';
        yield text;
      }
      const rest = reader.decode();
      if (rest) yield rest;
    },
  };
  return doc;
}
