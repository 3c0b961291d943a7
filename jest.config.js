const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // jest's default, one worker fewer than the cores, is one worker on the 2-core machine: the files then run
  // in band, one core idle. The parent only waits for its workers, so two workers use both cores.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Linux kernel suites (test/linux/*.linux.ts) need root and a TUN device: jest.linux.config.js runs them.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  // Each test profile's model graph is compiled once per run and read back by the other test files,
  // the CLI's in-process commands included (test/mbt/graphCache.ts): compiling one takes 3–4 s.
  globalSetup: '<rootDir>/test/jest/globalSetup.ts',
  globalTeardown: '<rootDir>/test/jest/globalTeardown.ts',
  setupFiles: ['<rootDir>/test/jest/cachedGraphs.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The package's own name, as docs/examples import it (tsconfig.json's paths say the same).
  moduleNameMapper: {
    '^tcp-statechart$': '<rootDir>/src/index.ts',
    '^tcp-statechart/mbt$': '<rootDir>/src/mbt/index.ts',
    '^tcp-statechart/machine$': '<rootDir>/machines/index.ts',
  },
};
