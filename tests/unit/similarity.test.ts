/** Near-duplicate detection's arithmetic (ingest/similarity.ts): MinHash over word shingles, bands. */
import {
  BANDS,
  CLUSTER_AT,
  bandKeys,
  decodeSignature,
  encodeSignature,
  signature,
  similarity,
} from '../../plugins/wire/server/src/ingest/similarity';

// One event written up by two agencies (the second reworded in places, as agencies do), and
// another story on the same topic (the port) with its own words.
const AGENCY_A =
  'The port authority of Hamburg said on Tuesday that its new container terminal would open in March, two years late and forty million euros over budget. ' +
  'The terminal at Steinwerder will handle up to two million containers a year once it is running at full capacity, the authority said in a statement. ' +
  'Dock workers had staged a series of strikes over the summer, demanding guarantees that the automated cranes would not cost them their jobs. ' +
  'The union said it had reached an agreement with the operator under which no permanent staff would be laid off before 2030.';
const AGENCY_B =
  'The port authority of Hamburg said on Tuesday that its new container terminal would open in March, two years behind schedule and forty million euros over budget. ' +
  'The terminal at Steinwerder will handle up to two million containers a year once it is running at full capacity, a spokeswoman said. ' +
  'Dock workers had staged a series of strikes over the summer, demanding guarantees that the automated cranes would not cost them their jobs. ' +
  'The union said it had reached a deal with the operator under which no permanent staff would be laid off before 2030.';
const SAME_TOPIC =
  'Container traffic through the port of Hamburg fell by eight percent in the first half of the year, as shipping lines moved cargo to Rotterdam and Antwerp. ' +
  'The port authority blamed the slump on the war in Ukraine and on sanctions against Russia, which had been its third-largest trading partner. ' +
  'Officials said they expected volumes to recover next year once the new terminal at Steinwerder opens and the deepened Elbe channel takes larger ships.';

const sig = (text: string) => signature(text)!;

test('the same text is the same story; a copy reworded in places is one too', () => {
  expect(similarity(sig(AGENCY_A), sig(AGENCY_A))).toBe(1);
  expect(similarity(sig(AGENCY_A), sig(AGENCY_B))).toBeGreaterThanOrEqual(CLUSTER_AT);
  // Case and punctuation do not make another story.
  expect(similarity(sig(AGENCY_A), sig(AGENCY_A.toUpperCase().replace(/,/g, ' ,')))).toBeGreaterThan(0.9);
});

test('a story that merely shares the topic is not the same story', () => {
  expect(similarity(sig(AGENCY_A), sig(SAME_TOPIC))).toBeLessThan(0.15);
});

test('two versions of one story share a band, two stories on a topic share none', () => {
  const shared = (a: string, b: string) => {
    const kb = new Set(bandKeys(sig(b)));
    return bandKeys(sig(a)).filter((k) => kb.has(k)).length;
  };
  expect(bandKeys(sig(AGENCY_A))).toHaveLength(BANDS);
  expect(shared(AGENCY_A, AGENCY_B)).toBeGreaterThan(0);
  expect(shared(AGENCY_A, SAME_TOPIC)).toBe(0);
  for (const k of bandKeys(sig(AGENCY_A))) expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
});

test('a text too short to compare has no signature', () => {
  expect(signature('Flash: port strike ends')).toBeNull();
  expect(signature('')).toBeNull();
});

test('text without spaces is compared by characters', () => {
  const ja =
    '港湾当局は火曜日、新しいコンテナターミナルが三月に開業すると発表した。予定より二年遅れ、予算を四千万ユーロ超過した。';
  expect(similarity(sig(ja), sig(ja.replace('三月', '四月')))).toBeGreaterThanOrEqual(CLUSTER_AT);
});

test('a signature round-trips through its stored form, and nothing else reads as one', () => {
  const s = sig(AGENCY_A);
  expect(decodeSignature(encodeSignature(s))).toEqual(s);
  expect(decodeSignature('AAAA')).toBeNull();
  expect(decodeSignature(null)).toBeNull();
});
