/**
 * `check --target linux` where the kernel cannot be checked: one line saying
 * why, exit code 2, before anything runs; and the options that only go with
 * TcpConnection. The real run through the built binary is in
 * ./binary.test.ts (it needs root, /dev/net/tun and the addon).
 */
import { checkLinux } from '../../src/cli/commands/checkLinux';
import { capture, run } from './io';

test.each([['not root (a network namespace and a TUN device need CAP_NET_ADMIN)'], ['no /dev/net/tun']])(
  'where the kernel cannot be checked (%s) it says why in one line, exit code 2, nothing run',
  async (reason) => {
    const io = capture();
    await expect(checkLinux({ suite: ['states'] }, io.streams, () => reason)).rejects.toThrow(
      `--target linux cannot run here: ${reason}`,
    );
    expect({ out: io.out(), err: io.err() }).toEqual({ out: '', err: '' });
  },
);

test.each([
  [
    ['--suite', 'depth:3'],
    '--target linux runs the path suites (states, transitions, simple, sneak, switch:N), not depth:3',
  ],
  [
    ['--suite', 'random'],
    '--target linux runs the path suites (states, transitions, simple, sneak, switch:N), not random',
  ],
  [['--replay', 'x.json'], '--replay checks TcpConnection: it does not go with --target linux'],
  [['--random-runs', '5'], '--random-runs checks TcpConnection: it does not go with --target linux'],
])('check --target linux %j is one line, exit code 2, before any kernel is touched', async (args, message) => {
  expect(await run('check', '--target', 'linux', ...args)).toEqual({
    code: 2,
    out: '',
    err: `tcp-statechart: error: ${message}\n`,
  });
});

test('an unknown target is one line naming the targets there are', async () => {
  expect(await run('check', '--target', 'bsd')).toEqual({
    code: 2,
    out: '',
    err: "tcp-statechart: error: unknown target 'bsd': expected one of: tcp, linux\n",
  });
});
