/**
 * Text written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) is
 * counted one character to a word, so a quote limit is a share of its characters, not of its
 * paragraphs (issue 27, item 7). Korean is written with spaces and is counted by them.
 */
import { textStats, wordCount, words, wordSpans } from '../../plugins/wire/server/src/normalise/text';
import { excerptWithin, quoteLimitWords, quotePassage } from '../../plugins/wire/server/src/serve/quote';
import { toPartnerArticle } from '../../plugins/wire/server/src/serve/partner-view';
import { findPassage, planExcerpt, EMPTY_STATE, textKey } from '../../plugins/wire/server/src/serve/budget';
import { storedArticle } from '../helpers/stored-article';
import * as refText from '../reference/prepare-v2/normalise/text';

const KANJI = '東京都議会新予算案可決知事記者会見述市民生活支援拡充方針示';
const chars = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => KANJI[(i + shift) % KANJI.length]).join('');
/** 31 paragraphs, 1,800 characters: one of 600, thirty of 40. */
const paragraphs = [chars(600), ...Array.from({ length: 30 }, (_, i) => chars(40, i))];
const bodyText = paragraphs.join('\n');
/** The story's own characters in a served text (the marks and attribution Wire adds are Latin or punctuation). */
const hanIn = (text: string) => (text.match(/[\u4e00-\u9fff]/g) ?? []).length;

describe('words of text written without spaces', () => {
  it('counts each Han, kana, Thai character as a word; Korean and Latin by spaces', () => {
    expect(wordCount(bodyText)).toBe(1800);
    expect(words(bodyText)).toHaveLength(1800);
    expect(wordSpans(bodyText)).toHaveLength(1800);
    expect(textStats(bodyText, true).words).toBe(1800);
    expect(words('東京2020年に')).toEqual(['東', '京', '2020', '年', 'に']);
    expect(words('「東京」と言った。')).toEqual(['東', '京', 'と', '言', 'っ', 'た']);
    expect(wordCount('서울 시장은 말했다')).toBe(3);
    expect(wordCount('กินข้าว')).toBe(5); // the vowel and tone marks are no words of their own
    expect(wordCount('He said 東京 twice')).toBe(5);
    expect(textStats('He said 東京 twice, the 東京', true).words).toBe(8);
    expect(wordCount('𠀋𠀋 a')).toBe(3);
  });

  it('5% of 1,800 characters in 31 paragraphs is at most 90 characters, whatever wordCount was stored', () => {
    expect(quoteLimitWords(5, wordCount(bodyText))).toBe(90);
    const excerpt = excerptWithin(bodyText, 90);
    expect(excerpt.words).toBeLessThanOrEqual(90);
    expect(hanIn(excerpt.text)).toBeLessThanOrEqual(90);
    expect(hanIn(excerpt.text)).toBeGreaterThan(0);
    // A story stored before the counting changed still says 31 words.
    const a = storedArticle({ bodyText, body: paragraphs.map((p) => `<p>${p}</p>`).join(''), wordCount: 31 });
    const served = toPartnerArticle(a, 'quote', undefined);
    expect(served.usage.quoteLimitWords).toBe(90);
    expect(served.usage.wordsServed).toBeLessThanOrEqual(90);
    expect(hanIn(served.text)).toBeLessThanOrEqual(90);
    expect(hanIn(served.body)).toBeLessThanOrEqual(90);
    // A passage of the whole 600-character paragraph is refused; 90 characters are granted.
    expect(quotePassage(a, 'quote', 0, 600).ok).toBe(false);
    const q = quotePassage(a, 'quote', 0, 90);
    expect(q.ok && hanIn(q.passage)).toBe(90);
    // Offsets inside a paragraph are not widened to the whole paragraph.
    const mid = quotePassage(a, 'quote', 10, 20);
    expect(mid.ok && mid.passage).toBe(bodyText.slice(10, 20));
    // The ledger's plan and passage search count the same characters.
    const plan = planExcerpt(bodyText, textKey(bodyText), 90, EMPTY_STATE);
    expect(plan.cost).toBeLessThanOrEqual(90);
    expect(hanIn(plan.excerpt.text)).toBeLessThanOrEqual(90);
    expect(findPassage(bodyText, bodyText.slice(601, 641))).toContainEqual([600, 640]);
  });
});

describe('the one counting agrees with the reference (tests/reference, PREPARE_VERSION 3)', () => {
  it('on generated text mixing Latin, Han, kana, Hangul, Thai, marks, punctuation and surrogates', () => {
    const alphabet = [
      'a',
      'Z',
      '9',
      ' ',
      '\n',
      ',',
      '「',
      '。',
      '東',
      'か',
      'カ',
      '한',
      'ก',
      'ิ',
      '่',
      '𠀋',
      '\ud800',
      'é',
      '\u3000',
      '-',
      'ー',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 0; k < 2000; k += 1) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
      expect([text, wordCount(text)]).toEqual([text, refText.wordCount(text)]);
      expect([text, words(text)]).toEqual([text, refText.words(text)]);
      expect([text, textStats(text, false).words]).toEqual([text, refText.wordCount(text)]);
      expect([text, wordSpans(text).map(([a, b]) => text.slice(a, b))]).toEqual([text, refText.words(text)]);
    }
  });
});
