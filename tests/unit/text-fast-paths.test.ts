/**
 * The one-pass forms of word counting and language guessing (normalise/text.ts) must count exactly
 * what the definitions they replace counted: compared here with those definitions, written out,
 * over generated text mixing ASCII, other scripts, astral characters and every kind of white space.
 */
import { foldSpaces, guessLanguage, STOPWORDS, wordCount, words } from '../../plugins/wire/server/src/normalise/text';
import { seededRandom as random } from '../helpers/seeded';

/** The language guess as it was defined before its ASCII fast path. */
function guessLanguageByDefinition(text: string): string | null {
  const tokens = text
    .slice(0, 3000)
    .toLowerCase()
    .split(/[^\p{L}]+/u);
  if (tokens.length < 20) return null;
  const counts: Record<string, number> = { en: 0, de: 0, fr: 0, es: 0, it: 0 };
  for (const token of tokens)
    for (const [lang, list] of Object.entries(STOPWORDS)) if (list.includes(token)) counts[lang] += 1;
  const [best, second] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return best[1] >= 5 && best[1] >= 2 * second[1] ? best[0] : null;
}

const PIECES = [
  'the',
  'and',
  'der',
  'und',
  'la',
  'que',
  'il',
  'che',
  'für',
  'The',
  'AND',
  'said',
  'x',
  '42',
  '3.5%',
  '--',
  '...',
  '—',
  '«',
  '»',
  'Straße',
  'naïve',
  'Ünïcödé',
  '東京',
  '٣',
  '📰',
  '𝐀',
  'K',
  'İ',
  "it's",
  'e-mail',
  '(USPA)',
  '',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\u200b',
  '\u0085',
  '\u180e',
];

describe('one-pass text measures', () => {
  it('count the words words() finds, over generated text', () => {
    const next = random(7);
    for (let run = 0; run < 20000; run += 1) {
      let text = '';
      const count = Math.floor(next() * 40);
      for (let k = 0; k < count; k += 1) text += PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.6 ? ' ' : '');
      expect({ text, count: wordCount(text) }).toEqual({ text, count: words(text).length });
    }
  });

  it('fold white space as replace(/\\s+/g, " ") does, over generated text', () => {
    const next = random(9);
    for (let run = 0; run < 20000; run += 1) {
      let text = '';
      const count = Math.floor(next() * 20);
      for (let k = 0; k < count; k += 1) text += PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.6 ? ' ' : '');
      expect({ text, folded: foldSpaces(text) }).toEqual({ text, folded: text.replace(/\s+/g, ' ') });
    }
  });

  it('guess the language the definition guesses, over generated text', () => {
    const next = random(8);
    let guessed = 0;
    for (let run = 0; run < 5000; run += 1) {
      let text = '';
      const count = Math.floor(next() * 120);
      for (let k = 0; k < count; k += 1)
        text += PIECES[Math.floor(next() * (next() < 0.7 ? 11 : PIECES.length))] + (next() < 0.8 ? ' ' : ',');
      const expected = guessLanguageByDefinition(text);
      if (expected) guessed += 1;
      expect({ text, lang: guessLanguage(text) }).toEqual({ text, lang: expected });
    }
    for (const text of ['', '.', ' a ', 'a'.repeat(5000), 'the and of '.repeat(400), 'der die das '.repeat(10)]) {
      expect({ text, lang: guessLanguage(text) }).toEqual({ text, lang: guessLanguageByDefinition(text) });
    }
    // Not vacuous: many of the generated texts have a language.
    expect(guessed).toBeGreaterThan(200);
  });
});
