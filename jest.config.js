/** Unit tests run the TypeScript sources directly; integration tests boot a real Strapi built into
 * .tmp/test-dist by the global setup. Everything runs in band: one Strapi at a time.
 * ts-jest only transpiles (isolatedModules): `npm test` type-checks the tests and the code they
 * import first, once, with `tsc -p tests/tsconfig.json`, which is faster than checking per file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // WIRE_SKIP_UNIT=1 leaves out the unit tests (pure code, no database): CI's second pass, on
  // PostgreSQL, runs only what a database can change.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.WIRE_SKIP_UNIT === '1' ? ['<rootDir>/tests/unit/'] : [])],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  testTimeout: 120000,
  // Unit tests first: they fail fast and say the most.
  testSequencer: '<rootDir>/tests/helpers/sequencer.js',
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
};
