/**
 * Jest for mutation runs (`npm run mutate`, stryker.config.mjs): the path
 * suites alone, as the loops of test/mbt/mutation/pathSuites.mutation.ts
 * (`npm run mutate:suites`: perSuite.mutation.ts, each suite apart), with the
 * model graphs compiled once per process. See docs/mutation.md.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/mbt/mutation'],
  testMatch: ['**/*.mutation.ts'],
  globalSetup: '<rootDir>/test/mbt/mutation/graphCache.ts',
};
