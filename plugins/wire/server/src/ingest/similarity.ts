/**
 * The same story from several agencies (issue 24): a story's text as a MinHash signature over its
 * word shingles, and that signature cut into bands for locality-sensitive lookup, so finding the
 * stories that overlap with a new one costs a few indexed lookups whatever the archive's size,
 * never a scan of it. Pure.
 *
 * - Words are the story's own words by the one counting rule (normalise/text.ts scanWords: CJK one
 *   character a word), lower-cased and without ASCII punctuation; shingles are runs of SHINGLE words, hashed to 32
 *   bits (FNV-1a).
 * - The signature holds, for each of HASHES hash functions, the smallest value over the shingles.
 *   The i-th function is h1(x) + i·h2(x) mod 2³² (double hashing: two mixes of the shingle, then
 *   one addition per slot), so a 600-word story costs about 38,000 additions. The share of equal slots of two signatures estimates the
 *   Jaccard similarity of their shingle sets.
 * - BANDS bands of ROWS slots: two stories become candidates when one band is equal. With 16 bands
 *   of 3, stories at similarity 0.5 are found 88 % of the time, at 0.6 97 %, at 0.2 12 %; candidates
 *   are then compared slot by slot (all 64) and kept at CLUSTER_AT or above. Each band is a row of
 *   an index when the story is stored, so fewer bands is cheaper ingest (bench:ingest).
 */
import { scanWords } from '../normalise/text';

export const SHINGLE = 3;
export const BANDS = 16;
export const ROWS = 3;
/** Slots of a signature: the bands use the first BANDS × ROWS, the comparison all of them. */
export const HASHES = 64;
/** Estimated Jaccard similarity from which two stories are the same story. */
export const CLUSTER_AT = 0.5;
/** Below this many shingles a text says too little to compare (a headline-only flash). */
export const MIN_SHINGLES = 8;

/** A 32-bit mix of x with a seed (murmur3's finaliser). */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A word's hash over its letters and digits: "March," and "march" are one word. */
function wordHash(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    // ASCII punctuation and symbols are left out; every other unit (letters of any script) counts.
    if (c < 128 && !((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) continue;
    hash ^= c;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The distinct shingle hashes of a text. */
export function shingles(text: string): Set<number> {
  const lower = text.toLowerCase();
  const words: number[] = [];
  scanWords(lower, 0, lower.length, (start, end) => {
    words.push(wordHash(lower, start, end));
  });
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE <= words.length; i += 1) {
    let h = 0x811c9dc5;
    for (let k = 0; k < SHINGLE; k += 1) {
      h ^= words[i + k];
      h = Math.imul(h, 0x01000193);
    }
    out.add(h >>> 0);
  }
  return out;
}

/** The MinHash signature of a text; null when it has too few shingles to compare. */
export function signature(text: string): Uint32Array | null {
  const set = shingles(text);
  if (set.size < MIN_SHINGLES) return null;
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const x of set) {
    let v = mix(x, 0x9e3779b9);
    const step = (mix(x, 0x7f4a7c15) | 1) >>> 0;
    for (let i = 0; i < HASHES; i += 1) {
      if (v < sig[i]) sig[i] = v;
      v = (v + step) >>> 0;
    }
  }
  return sig;
}

/** The share of equal slots: the estimated Jaccard similarity of two texts. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < HASHES; i += 1) if (a[i] === b[i]) same += 1;
  return same / HASHES;
}

/** One key per band, a band's index and its rows hashed to a whole number below 2⁵³. */
export function bandKeys(sig: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band += 1) {
    let h1 = 0x811c9dc5 ^ band;
    let h2 = 0x01000193 ^ band;
    for (let r = 0; r < ROWS; r += 1) {
      const v = sig[band * ROWS + r];
      h1 = Math.imul(h1 ^ v, 0x01000193);
      h2 = Math.imul(h2 ^ (v >>> 16) ^ (v << 7), 0x5bd1e995);
    }
    keys.push((h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff));
  }
  return keys;
}

/** A signature as stored (base64 of its bytes) and back; null for anything not a signature. */
export const encodeSignature = (sig: Uint32Array): string =>
  Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');

export function decodeSignature(text: unknown): Uint32Array | null {
  if (typeof text !== 'string') return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== HASHES * 4) return null;
  const sig = new Uint32Array(HASHES);
  for (let i = 0; i < HASHES; i += 1) sig[i] = bytes.readUInt32LE(i * 4);
  return sig;
}
