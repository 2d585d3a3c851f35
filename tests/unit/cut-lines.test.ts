/**
 * The cutter's line count (formats/cut.ts countLines): the line breaks XML counts (CR LF, a lone CR,
 * a lone LF) in a range, checked against a plain reading of the same range, with one BreakIndex
 * reused across increasing ranges of the same text as the cutter uses it.
 */
import { BreakIndex, countLines } from '../../plugins/wire/server/src/formats/cut';
import { seededRandom as prng } from '../helpers/seeded';

/** The same count, the obvious way: the range cut out, breaks matched one by one. */
function reference(text: string, from: number, to: number, afterCr: boolean) {
  let lines = 0;
  let lastBreak = -1;
  const range = text.slice(from, to);
  for (const m of range.matchAll(/\r\n?|\n/g)) {
    if (!(m.index === 0 && afterCr && m[0] === '\n')) lines += 1;
    lastBreak = from + m.index + m[0].length - 1;
  }
  return { lines, lastBreak };
}

describe('countLines', () => {
  it('counts CR LF once, a lone CR or LF once each, and an LF after a counted CR not at all', () => {
    expect(countLines('a\r\nb\rc\nd', 0, 8, false)).toEqual({ lines: 3, lastBreak: 6 });
    expect(countLines('\nx', 0, 2, true)).toEqual({ lines: 0, lastBreak: 0 });
    // A CR at the range's end: one break, ending there (its LF, if any, is the next range's).
    expect(countLines('a\r\nb', 0, 2, false)).toEqual({ lines: 1, lastBreak: 1 });
    expect(countLines('no breaks here', 3, 9, false)).toEqual({ lines: 0, lastBreak: -1 });
  });

  it('agrees with a plain reading on random text, over increasing ranges sharing one index', () => {
    const random = prng(15);
    const alphabet = ['a', '<', ' ', '\n', '\r', '\r\n', 'xyz'];
    for (let doc = 0; doc < 300; doc += 1) {
      let text = '';
      const length = Math.floor(random() * 200);
      // Some documents have no break at all, or breaks only far off (the case an unbounded search got wrong in time).
      const sparse = random() < 0.3;
      for (let i = 0; i < length; i += 1)
        text += sparse && random() < 0.95 ? 'a' : alphabet[Math.floor(random() * alphabet.length)];
      const index = new BreakIndex();
      let from = 0;
      while (from <= text.length) {
        const to = Math.min(text.length, from + Math.floor(random() * 30));
        const afterCr = from > 0 && text.charCodeAt(from - 1) === 0x0d;
        expect([doc, from, to, countLines(text, from, to, afterCr, index)]).toEqual([
          doc,
          from,
          to,
          reference(text, from, to, afterCr),
        ]);
        from = to + 1 + Math.floor(random() * 3);
      }
    }
  });
});
