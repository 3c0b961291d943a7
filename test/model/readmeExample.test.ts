/**
 * docs/examples/machine-actor.ts, the README's "Import the machine" example, works as written: it
 * prints what its `// prints` comments say, and once it has run no real timer is left: it stops the
 * actor it leaves in SYN_SENT, whose retransmission timer would keep Node running for 127 s
 * (test/model/timers.test.ts times it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = readFileSync(join(ROOT, 'docs/examples/machine-actor.ts'), 'utf8');

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

test('the example prints what its comments say', () => {
  const printed: unknown[] = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(line));
  jest.isolateModules(() => require('../../docs/examples/machine-actor'));
  const promised = [...EXAMPLE.matchAll(/\/\/ prints (.+)$/gm)].map((match) => match[1]);
  expect(promised).toEqual(['-> SYN', 'SYN_SENT', 'ESTABLISHED']);
  expect(printed).toEqual(promised);
});

test('the example leaves no timer running: it stops its actor', () => {
  jest.spyOn(console, 'log').mockImplementation(() => {});
  jest.isolateModules(() => require('../../docs/examples/machine-actor'));
  expect(jest.getTimerCount()).toBe(0);
});

test('the README shows the example as it is in docs/examples', () => {
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(EXAMPLE.trim());
});
