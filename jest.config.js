/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Linux kernel suites (test/linux/*.linux.ts) need root and a TUN device: jest.linux.config.js runs them.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The package's own name, as docs/examples import it (tsconfig.json's paths say the same).
  moduleNameMapper: {
    '^tcp-statechart$': '<rootDir>/src/index.ts',
    '^tcp-statechart/mbt$': '<rootDir>/src/mbt/index.ts',
    '^tcp-statechart/machine$': '<rootDir>/machines/index.ts',
  },
};
