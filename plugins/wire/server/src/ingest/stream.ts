/**
 * A document's text, whole or in pieces. Small documents are decoded whole (decodeBytes: the label
 * is checked against the bytes); a file larger than that is read from disk a piece at a time and
 * decoded as it comes, so a 1 GB archive never sits in memory. Formats that are lists of items
 * (RSS, Atom, NewsML-G2 messages) then read it item by item (formats/stream.ts).
 */
import { createReadStream, promises as fs } from 'node:fs';
import { DocumentError } from '../formats/types';
import { byteOrderMark, decodeBytes, LATIN } from '../normalise/encoding';
import { detached } from '../normalise/text';

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

/** A file: read whole when small, else a piece at a time (see byteStreamText). */
export async function fileText(file: string, maxBytes: number, handle?: fs.FileHandle): Promise<DocumentText> {
  const stat = await (handle ? handle.stat() : fs.stat(file)).catch((e: NodeJS.ErrnoException) => {
    throw new DocumentError(`cannot read file: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, 'file');
  });
  if (stat.size > maxBytes)
    throw new DocumentError(
      `file is ${stat.size} bytes, over the ${maxBytes}-byte document limit (WIRE_MAX_DOCUMENT_BYTES)`,
      'file',
    );
  // From an open handle (a drop file, opened without following links), the handle stays the caller's.
  const bytes = handle
    ? handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false })
    : createReadStream(file, { highWaterMark: 1 << 20 });
  return byteStreamText(file, bytes as AsyncIterable<Buffer>, null, maxBytes);
}

/**
 * Bytes as they arrive (a file, an HTTP body). Up to WHOLE_FILE_BYTES they are collected and decoded
 * whole, as any document; beyond, decoded a piece at a time: the encoding then comes from the BOM,
 * the transport's charset or the XML declaration (UTF-8 when none names one), and invalid UTF-8
 * becomes U+FFFD with a note (a whole document is re-read as windows-1252 instead, which needs all
 * of it at once).
 */
export async function byteStreamText(
  origin: string,
  body: AsyncIterable<Buffer>,
  charset: string | null,
  maxBytes: number,
): Promise<DocumentText> {
  const it = body[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let size = 0;
  /** The source broke off (an HTTP body cut short) before the whole-document size: what came is read, then this is thrown. */
  let cut: unknown = null;
  while (size <= WHOLE_FILE_BYTES) {
    const next = await it.next().catch((error: unknown) => ((cut = error), null));
    if (!next) break;
    if (next.done) return wholeText(origin, Buffer.concat(first), charset);
    first.push(next.value);
    size += next.value.length;
  }
  let start = Buffer.concat(first);
  let label = charset?.toLowerCase() ?? null;
  const bom = byteOrderMark(start);
  if (bom) [label, start] = [bom.encoding, start.subarray(bom.length)];
  label ??=
    /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i
      .exec(start.subarray(0, 1024).toString('latin1'))?.[1]
      .toLowerCase() ?? 'utf-8';
  const encoding = LATIN.has(label) ? 'windows-1252' : label;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    throw new DocumentError(`unknown charset "${label}"`, 'encoding');
  }
  let firstText: string | null = decoder.decode(start, { stream: true });
  const doc: DocumentText = {
    origin,
    // A copy, not a slice: V8 keeps a sliced string's parent alive, and the parent is the first
    // WHOLE_FILE_BYTES of the file, held for the whole run otherwise.
    head: detached(firstText.slice(0, HEAD_BYTES)),
    whole: null,
    note: null,
    async *pieces() {
      const check = (text: string) => {
        if (!doc.note && encoding.startsWith('utf-8') && text.includes('\uFFFD'))
          doc.note = 'not valid UTF-8 in places; those bytes were replaced';
        return text;
      };
      const opening = firstText ?? '';
      firstText = null;
      yield check(opening);
      if (cut) throw cut;
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        size += next.value.length;
        if (size > maxBytes) {
          await it.return?.();
          throw new DocumentError(`document exceeded the ${maxBytes}-byte limit`, 'file');
        }
        yield check(decoder.decode(next.value, { stream: true }));
      }
      const rest = decoder.decode();
      if (rest) yield check(rest);
    },
  };
  return doc;
}
