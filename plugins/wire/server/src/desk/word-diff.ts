/**
 * Word-level diff of two texts, for "versions side by side with the changes highlighted". A longest
 * common subsequence over tokens (words and the whitespace between them); pure, no Strapi.
 */

export interface DiffPart {
  /** `same` appears in both; `removed` only in the older text; `added` only in the newer one. */
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Words with the whitespace that follows each, so joining the tokens gives the text back. */
export function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Cells compared at most; beyond it the texts are shown as one removal and one addition. */
const MAX_CELLS = 4_000_000;

function push(parts: DiffPart[], kind: DiffPart['kind'], text: string) {
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

export function wordDiff(older: string, newer: string): DiffPart[] {
  const a = tokens(older);
  const b = tokens(newer);
  // Common head and tail need no table: most corrections touch a few words in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);

  const parts: DiffPart[] = [];
  if (head) push(parts, 'same', a.slice(0, head).join(''));
  if (midA.length * midB.length > MAX_CELLS) {
    if (midA.length) push(parts, 'removed', midA.join(''));
    if (midB.length) push(parts, 'added', midB.join(''));
  } else {
    // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(parts, 'same', midA[i]);
        i += 1;
        j += 1;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        push(parts, 'removed', midA[i]);
        i += 1;
      } else {
        push(parts, 'added', midB[j]);
        j += 1;
      }
    }
    if (i < n) push(parts, 'removed', midA.slice(i).join(''));
    if (j < m) push(parts, 'added', midB.slice(j).join(''));
  }
  if (tail) push(parts, 'same', a.slice(a.length - tail).join(''));
  return parts;
}

/** The older text is the parts that are not added; the newer text is the parts that are not removed. */
export function sides(parts: DiffPart[]): { older: DiffPart[]; newer: DiffPart[] } {
  return { older: parts.filter((p) => p.kind !== 'added'), newer: parts.filter((p) => p.kind !== 'removed') };
}
