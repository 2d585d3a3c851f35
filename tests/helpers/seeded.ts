/**
 * A small seeded generator (mulberry32) for the tests that generate their inputs: every run makes
 * the same ones, so a failure names an input that can be replayed. Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded generator's numbers, as seededRandom makes them. */
export type Rand = () => number;

/** One of `xs`, picked by the generator. */
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

/** True with probability `p`, by the generator. */
export const chance = (rand: Rand, p: number): boolean => rand() < p;
