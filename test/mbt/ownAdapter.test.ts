/**
 * docs/examples/my-tcp-adapter.ts, the adapter the README shows for pointing
 * the suites at your own TCP, works as written: the suites pass through it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMyTcp } from '../../docs/examples/my-tcp-adapter';

const ROOT = join(__dirname, '..', '..');

test.each(['transitions', 'sneak'])('the %s suite passes through the example adapter', (suite) => {
  expect(checkMyTcp(suite)).toEqual([]);
});

test('the README shows the example adapter as it is in docs/examples', () => {
  const example = readFileSync(join(ROOT, 'docs/examples/my-tcp-adapter.ts'), 'utf8');
  const body = example.slice(example.indexOf('import {'));
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(body.trim());
});
