/**
 * What a dry run has "stored" so far in one document: identity → content hash, kept as fingerprints
 * in typed arrays (12 bytes a slot, half the slots free) instead of a Map of strings (≈ 200 bytes an
 * entry), so a dry run of a million-story archive holds ≈ 24 MB here, not ≈ 200 MB.
 *
 * A fingerprint is 64 bits of the identity's SHA-256 and 32 bits of the content hash: two different
 * identities share one with odds of about n² / 2⁶⁵ (≈ 3 in 10⁸ for a million stories), and a dry run
 * only counts, so a collision would miscount one story, never store or lose anything.
 */
import { createHash } from 'node:crypto';

/** 32 bits of a content hash (hex, as PreparedArticle.contentHash and the database keep it). */
export const contentFingerprint = (contentHash: string): number => Number.parseInt(contentHash.slice(0, 8), 16) >>> 0;

export class SeenIdentities {
  /** Per slot: identity high 32 bits, low 32 bits (0, 0 = empty), content fingerprint. */
  private slots: Uint32Array;
  private used = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size * 3);
  }

  get size(): number {
    return this.used;
  }

  /** The content fingerprint stored for `identity`, if any. */
  get(identity: string): number | undefined {
    const [hi, lo] = key(identity);
    const slot = this.find(this.slots, hi, lo);
    return this.slots[slot] === 0 && this.slots[slot + 1] === 0 ? undefined : this.slots[slot + 2];
  }

  set(identity: string, contentHash: string): void {
    if ((this.used + 1) * 2 > this.slots.length / 3) this.grow();
    const [hi, lo] = key(identity);
    const slot = this.find(this.slots, hi, lo);
    if (this.slots[slot] === 0 && this.slots[slot + 1] === 0) this.used += 1;
    this.slots[slot] = hi;
    this.slots[slot + 1] = lo;
    this.slots[slot + 2] = contentFingerprint(contentHash);
  }

  /** The slot (index of its first word) holding (hi, lo), or the empty one where it would go. */
  private find(slots: Uint32Array, hi: number, lo: number): number {
    const count = slots.length / 3;
    for (let i = (lo ^ hi) & (count - 1); ; i = (i + 1) & (count - 1)) {
      const at = i * 3;
      if ((slots[at] === hi && slots[at + 1] === lo) || (slots[at] === 0 && slots[at + 1] === 0)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] === 0 && old[at + 1] === 0) continue;
      const slot = this.find(this.slots, old[at], old[at + 1]);
      this.slots.set(old.subarray(at, at + 3), slot);
    }
  }
}

function key(identity: string): [number, number] {
  const digest = createHash('sha256').update(identity).digest();
  const hi = digest.readUInt32BE(0);
  const lo = digest.readUInt32BE(4);
  // (0, 0) marks an empty slot.
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}
