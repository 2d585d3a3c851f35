// @orama/stemmers names its languages in package.json `exports`, which the project's TypeScript
// module resolution ("node") does not read; Node and Jest do. Its own types, restated.
declare module '@orama/stemmers/*' {
  export const language: string;
  export function stemmer(word: string): string;
}
