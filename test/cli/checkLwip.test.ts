/**
 * `check --target lwip`: one line and exit code 2 where lwIP cannot be
 * checked or an option does not go with it, before anything runs; and, where
 * liblwip-dev and the addon are there, the states suite against lwIP.
 */
import { checkLwip } from '../../src/cli/commands/checkLwip';
import { lwipUnavailable } from '../../src/lwip/addon';
import { capture, run } from './io';

test('where the addon is missing it says why in one line, exit code 2, nothing run', async () => {
  const io = capture();
  const reason = 'liblwip-dev is not installed (/usr/include/lwip/lwip/tcp.h is missing)';
  await expect(checkLwip({ suite: ['states'] }, io.streams, () => reason)).rejects.toThrow(
    `--target lwip cannot run here: ${reason}`,
  );
  expect({ out: io.out(), err: io.err() }).toEqual({ out: '', err: '' });
});

test.each([
  [['--suite', 'nope'], /^tcp-statechart: error: unknown suite 'nope': expected one of: states, /],
  [
    ['--replay', 'x.json'],
    /^tcp-statechart: error: --replay checks TcpConnection: it does not go with --target lwip\n$/,
  ],
  [['--random-runs', '0'], /^tcp-statechart: error: --random-runs takes a whole number above 0, got '0'\n$/],
])('check --target lwip %j is one line, exit code 2, before lwIP is touched', async (args, message) => {
  const { code, out, err } = await run('check', '--target', 'lwip', ...args);
  expect({ code, out }).toEqual({ code: 2, out: '' });
  expect(err).toMatch(message);
});

const unavailable = lwipUnavailable();
if (unavailable !== null) {
  test.skip(`check --target lwip --suite states: skipped (${unavailable})`, () => {});
} else {
  test('check --target lwip --suite states: every state reached on lwIP as the model says', async () => {
    const { code, out } = await run('check', '--target', 'lwip', '--suite', 'states', '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^states +11 +\d+ +11 +0 +0$/m);
    expect(out).toMatch(
      /^lwIP: 11 paths, \d+ steps checked, 11 agree, 0 stop at a documented difference, 0 disagree; \d+\.\d s \(\d+ steps\/s\)$/m,
    );
  }, 60_000);
}
