/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Linux target (issue 7) waits for the model's Linux profile (docs/linux-profile.patch);
  // until it lands, its tests run only through jest.linux.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/linux/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
