/**
 * Change-feed cursors, sealed. A cursor names a place in the change sequence (`<changeSeq>.<id>`),
 * and in the clear it would tell a partner more than its pages do: a gap between two stories'
 * numbers, or a cursor that moved while the page came back empty, says that a story it may not see
 * (embargoed, held, never licensed to it) changed, and when. So cursors go out encrypted
 * (AES-256-GCM under a key derived from the app's ENCRYPTION_KEY) with a fresh nonce each time: two
 * cursors for the same place differ, and nothing in one can be read. Reading one back checks its tag.
 *
 * A cursor in the old clear form (base64url of `<seq>.<id>`) is refused, not opened: accepted, it
 * let a partner choose any place by number and read, from what came back at each, the numbers and
 * gaps the sealing hides. It is only recognised, so that the refusal can say what to do instead.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface Position {
  seq: number;
  id: number;
}

export interface CursorCodec {
  seal(position: Position): string;
  open(cursor: string): Position | null;
}

const POSITION = /^(\d{1,15})\.(\d{1,15})$/;
const NONCE = 12;
const TAG = 16;

/** Whether `cursor` is in the clear form Wire gave out before cursors were sealed (never opened). */
export function isClearCursor(cursor: string): boolean {
  return /^[A-Za-z0-9_-]{1,60}$/.test(cursor) && POSITION.test(Buffer.from(cursor, 'base64url').toString('utf8'));
}

/** A codec sealing with a key derived from `secret`; without a secret (tests of pure code) none is made. */
export function cursorCodec(secret: string): CursorCodec {
  if (!secret) throw new Error('sealing change cursors needs a secret (ENCRYPTION_KEY)');
  const key = createHash('sha256').update(`wire change cursor\0${secret}`).digest();
  return {
    seal({ seq, id }) {
      if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(id) || seq < 0 || id < 0)
        throw new RangeError(`no cursor for ${seq}.${id}`);
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      // Fixed width, so a cursor's length says nothing of how far into the sequence it points.
      const plain = Buffer.alloc(16);
      plain.writeBigUInt64BE(BigInt(seq), 0);
      plain.writeBigUInt64BE(BigInt(id), 8);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(cursor) {
      if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
      const raw = Buffer.from(cursor, 'base64url');
      // Only the canonical spelling: one cursor, one string (base64url's spare bits must be zero).
      if (raw.length === NONCE + TAG + 16 && raw.toString('base64url') === cursor) {
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
          decipher.setAuthTag(raw.subarray(NONCE, NONCE + TAG));
          const plain = Buffer.concat([decipher.update(raw.subarray(NONCE + TAG)), decipher.final()]);
          const seq = plain.readBigUInt64BE(0);
          const id = plain.readBigUInt64BE(8);
          if (seq > BigInt(Number.MAX_SAFE_INTEGER) || id > BigInt(Number.MAX_SAFE_INTEGER)) return null;
          return { seq: Number(seq), id: Number(id) };
        } catch {
          // Not sealed by this key.
        }
      }
      return null;
    },
  };
}
