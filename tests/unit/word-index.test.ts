/**
 * The word index that quote requests look words up in (serve/word-index.ts) against the plain reading
 * it replaced: every word's span from wordSpans, a passage found by folding the text word by word,
 * offsets widened by walking every word. Seeded texts mix Latin, German, Japanese and Thai words,
 * punctuation and runs of spaces, long enough to be cached and short enough not to be.
 */
import { findPassage, passageOf, rangeOfOffsets } from '../../plugins/wire/server/src/serve/budget';
import { wordSpans } from '../../plugins/wire/server/src/normalise/text';
import { wordIndex } from '../../plugins/wire/server/src/serve/word-index';
import { chance, pick, seededRandom } from '../helpers/seeded';

const PIECES = [
  'harbour',
  'Crane',
  'STRASSE',
  'Straße',
  'über',
  '42',
  '3,5',
  '港湾',
  'クレーン',
  'ท่าเรือ',
  "don't",
  '—',
  '.',
  ',',
  '(',
  ')',
  '"',
  '…',
];
const SPACES = [' ', ' ', ' ', '  ', '\n', '\t', '\u00a0'];

function text(random: () => number, words: number): string {
  let out = '';
  for (let i = 0; i < words; i += 1) out += pick(random, PIECES) + (chance(random, 0.2) ? '' : pick(random, SPACES));
  return out;
}

/** The reading before the index: built from every word's span, anew on each call. */
const reference = {
  folded(segment: string) {
    let out = '';
    for (const c of segment) if (/[\p{L}\p{N}]/u.test(c)) out += c.toLowerCase();
    return out;
  },
  find(t: string, passage: string): Array<[number, number]> {
    const spans = wordSpans(t);
    const chars: string[] = [];
    const owner: number[] = [];
    spans.forEach(([a, b], i) => {
      for (const c of reference.folded(t.slice(a, b))) {
        chars.push(c);
        owner.push(i);
      }
    });
    const needle = [...reference.folded(passage)];
    const found: Array<[number, number]> = [];
    if (!needle.length) return found;
    for (let i = 0; i + needle.length <= chars.length; i += 1)
      if (needle.every((c, k) => chars[i + k] === c)) found.push([owner[i], owner[i + needle.length - 1] + 1]);
    return found;
  },
  touched(t: string, from: number, to: number): [number, number] | null {
    let first = -1;
    let end = -1;
    wordSpans(t).forEach(([a, b], i) => {
      if (b > from && a < to) {
        if (first < 0) first = i;
        end = i + 1;
      }
    });
    return first < 0 ? null : [first, end];
  },
};

describe('the word index', () => {
  it('gives the spans, passages and ranges the plain reading gives, cached or not', () => {
    const random = seededRandom(2712);
    for (let round = 0; round < 60; round += 1) {
      const t = text(random, chance(random, 0.5) ? 40 : 6000);
      const index = wordIndex(t);
      expect([...index.starts].map((s, i) => [s, index.ends[i]])).toEqual(wordSpans(t));
      // A fresh copy of the same text (as a new database read gives it) is indexed alike.
      const again = wordIndex((' ' + t).slice(1));
      expect([again.starts, again.ends, again.folded()]).toEqual([index.starts, index.ends, index.folded()]);
      for (let probe = 0; probe < 20; probe += 1) {
        const from = Math.floor(random() * t.length);
        const to = Math.min(t.length, from + 1 + Math.floor(random() * 80));
        expect(rangeOfOffsets(t, from, to)).toEqual(reference.touched(t, from, to));
        const passage = t.slice(from, to);
        expect(findPassage(t, passage)).toEqual(reference.find(t, passage));
        const range = rangeOfOffsets(t, from, to);
        if (range) {
          const spans = wordSpans(t);
          expect(passageOf(t, range)).toMatchObject({ from: spans[range[0]][0], to: spans[range[1] - 1][1] });
        }
      }
    }
  });

  it('keeps answering right when more texts are quoted than it keeps', () => {
    const random = seededRandom(7);
    const texts = Array.from({ length: 24 }, () => text(random, 5000));
    for (let pass = 0; pass < 2; pass += 1)
      for (const t of texts) expect([...wordIndex(t).starts]).toEqual(wordSpans(t).map(([a]) => a));
  });
});
