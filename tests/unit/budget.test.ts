import {
  addRange,
  findPassage,
  givenPrefix,
  newWords,
  parseState,
  passageOf,
  planExcerpt,
  rangeOfOffsets,
  spentWords,
  textKey,
} from '../../plugins/wire/server/src/serve/budget';
import { quoteLimitWords } from '../../plugins/wire/server/src/serve/quote';
import { sentencesOf } from '../helpers/wire-copy';

const text = sentencesOf(400, 'w'); // "W1 w2 ... w8. W9 ...": 400 words, limit 20 at 5 %
const key = textKey(text);

describe('word ranges', () => {
  it('merges, counts new words and the opening already given', () => {
    expect(
      addRange(
        [
          [0, 5],
          [10, 12],
        ],
        [4, 10],
      ),
    ).toEqual([[0, 12]]);
    expect(addRange([[10, 12]], [0, 3])).toEqual([
      [0, 3],
      [10, 12],
    ]);
    expect(
      newWords(
        [
          [0, 5],
          [10, 12],
        ],
        [3, 11],
      ),
    ).toBe(5);
    expect(newWords(undefined, [3, 11])).toBe(8);
    expect(
      givenPrefix([
        [0, 7],
        [9, 10],
      ]),
    ).toBe(7);
    expect(givenPrefix([[1, 7]])).toBe(0);
    expect(spentWords({ given: { a: [[0, 5]], b: [[2, 4]] }, probes: 3, log: [] })).toBe(10);
  });

  it('reads a damaged stored state as all spent (fail closed), and a good one as stored', () => {
    expect(spentWords(parseState('not json', 'x'))).toBeGreaterThan(1e6);
    expect(spentWords(parseState('{"k":[[0,3],[5,"x"]]}', 2))).toBeGreaterThan(1e6);
    expect(parseState('{"k":[[0,3],[5,9]]}', 2, '[]')).toEqual({
      given: {
        k: [
          [0, 3],
          [5, 9],
        ],
      },
      probes: 2,
      log: [],
    });
  });
});

describe('planExcerpt', () => {
  it('serves the usual opening when the budget covers it, and free when already given', () => {
    const fresh = planExcerpt(text, key, 20, { given: {}, probes: 0, log: [] });
    expect(fresh).toMatchObject({ range: [0, 16], cost: 16, excerpt: { words: 16, truncated: false } });
    expect(planExcerpt(text, key, 20, { given: { [key]: [[0, 16]] }, probes: 0, log: [] })).toMatchObject({
      range: [0, 16],
      cost: 0,
    });
  });

  it('serves only what is left when other passages spent the budget, and nothing when all is spent', () => {
    const spent15 = planExcerpt(text, key, 20, { given: { [key]: [[100, 115]] }, probes: 0, log: [] });
    expect(spent15).toMatchObject({ range: [0, 5], cost: 5, excerpt: { words: 5, truncated: true } });
    expect(planExcerpt(text, key, 20, { given: { [key]: [[100, 120]] }, probes: 0, log: [] })).toMatchObject({
      range: null,
      cost: 0,
      excerpt: { words: 0 },
    });
    // What it has of the opening stays free: 8 given, 2 left: within 10 words, the first whole sentence.
    expect(
      planExcerpt(text, key, 20, {
        given: {
          [key]: [
            [0, 8],
            [100, 110],
          ],
        },
        probes: 0,
        log: [],
      }),
    ).toMatchObject({ range: [0, 8], cost: 0 });
  });
});

describe('findPassage', () => {
  it('matches ignoring case, white space and punctuation, widened to whole words', () => {
    expect(findPassage(text, 'w10 w11 w12')).toEqual([[9, 12]]);
    expect(findPassage(text, '  W10,W11  —  w12!! ')).toEqual([[9, 12]]);
    expect(findPassage(text, '0 w11 w1')).toEqual([[9, 12]]);
    expect(findPassage(text, 'w8 W9')).toEqual([[7, 9]]);
    expect(findPassage(text, 'not in it')).toEqual([]);
    expect(findPassage(text, '…!?')).toEqual([]);
  });

  it('finds every occurrence', () => {
    expect(findPassage('The cat. The cat sat. A cat.', 'the cat')).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });
});

describe('offsets', () => {
  it('turns character offsets into the words they touch, and words back into their text', () => {
    const at = text.indexOf('w10');
    expect(rangeOfOffsets(text, at + 1, at + 2)).toEqual([9, 10]);
    expect(rangeOfOffsets(text, text.length + 5, text.length + 10)).toBeNull();
    expect(passageOf(text, [9, 12])).toMatchObject({ passage: 'w10 w11 w12' });
  });
});

describe('quote limit rounding (issue 27)', () => {
  it('is floor(limit% × words) exactly, never rounded up, never lost to floating point', () => {
    for (const percent of [0.5, 1, 3, 5, 10, 29, 33, 57]) {
      for (const total of [1, 19, 20, 21, 99, 100, 131, 1000, 25000]) {
        const exact = Math.floor((Math.round(percent * 10) * total) / 1000);
        expect([percent, total, quoteLimitWords(percent, total)]).toEqual([percent, total, exact]);
      }
    }
    expect(quoteLimitWords(3, 131)).toBe(3);
    expect(quoteLimitWords(29, 100)).toBe(29);
    expect(quoteLimitWords(null, 100)).toBeNull();
  });
});
