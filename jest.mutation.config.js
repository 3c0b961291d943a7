/**
 * Jest for mutation runs (`npm run mutate`, stryker.config.mjs): the path
 * suites alone, as the loops of test/mbt/mutation/pathSuites.mutation.ts,
 * with the model graphs compiled once per process. See docs/mutation.md.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/mbt/mutation'],
  testMatch: ['**/*.mutation.ts'],
  globalSetup: '<rootDir>/test/mbt/mutation/graphCache.ts',
};
