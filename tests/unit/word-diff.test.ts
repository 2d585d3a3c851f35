import { sides, tokens, wordDiff } from '../../plugins/wire/server/src/desk/word-diff';

const join = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

describe('wordDiff', () => {
  it('marks a corrected word as removed and added, and keeps the rest', () => {
    expect(wordDiff('Three people were hurt in Bern.', 'Four people were hurt in Bern.')).toEqual([
      { kind: 'removed', text: 'Three ' },
      { kind: 'added', text: 'Four ' },
      { kind: 'same', text: 'people were hurt in Bern.' },
    ]);
  });

  it('finds an inserted sentence in the middle', () => {
    const parts = wordDiff('The talks ended. Both sides left.', 'The talks ended. A deal was signed. Both sides left.');
    expect(parts).toEqual([
      { kind: 'same', text: 'The talks ended. ' },
      { kind: 'added', text: 'A deal was signed. ' },
      { kind: 'same', text: 'Both sides left.' },
    ]);
  });

  it('gives each side back exactly', () => {
    const older = 'Zurich (USPA News) - The lake froze over on Monday, officials said.';
    const newer = 'Zurich (USPA News) - The lake partly froze on Tuesday, police said. More follows.';
    const { older: left, newer: right } = sides(wordDiff(older, newer));
    expect(join(left)).toBe(older);
    expect(join(right)).toBe(newer);
  });

  it('says nothing changed for equal texts and handles empty ones', () => {
    expect(wordDiff('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
    expect(wordDiff('', 'new text')).toEqual([{ kind: 'added', text: 'new text' }]);
    expect(wordDiff('old text', '')).toEqual([{ kind: 'removed', text: 'old text' }]);
    expect(tokens('a  b\nc')).toEqual(['a  ', 'b\n', 'c']);
  });
});
