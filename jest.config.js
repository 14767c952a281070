/** ESM TypeScript through ts-jest; run with `node --experimental-vm-modules` (see package.json "test"). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 60000,
  // Two workers even on a 2-core machine (jest's default there is one): an end-to-end test mostly waits, its
  // tap and its sandbox answering each other in turn, so a second test file fills the idle core.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/summary-reporter.cjs'],
};
