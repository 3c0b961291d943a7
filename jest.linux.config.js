/**
 * The Linux project: the model's path suites against the kernel's TCP, in a
 * network namespace of their own with a TUN device (src/linux, docs/linux.md).
 * Run with `npm run test:linux`; it needs root and /dev/net/tun, and skips
 * with one line where they are missing. Its files end in `.linux.ts`, so the
 * fast suite (jest.config.js, `*.test.ts`) never picks them up.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'linux',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/linux'],
  testMatch: ['**/*.linux.ts'],
  globalSetup: '<rootDir>/test/linux/globalSetup.ts',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  // One file after the other (each moves its main thread into a namespace of its own): side by side they
  // take the two cores from each other's event loops, and the scripts' timing is judged to 100 ms.
  maxWorkers: 1,
};
