/**
 * `tc qdisc` shell lines (google/packetdrill's user_timeout/, slow_start/,
 * cubic/): parsed and run for real against Linux, in the script's namespace
 * (src/linux/kernelScriptRun.ts); refused on our TCP, naming the line, since
 * the simulated network has no queueing discipline.
 */
import { parseScript, readShellCommand } from '../../src/pkt';
import { formatFailure, runScript } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function failures(text: string): string[] {
  return runScript(parseScript(text, 'test.pkt')).failures.map((failure) => formatFailure(failure, 'test.pkt'));
}

test("user-timeout-probe.pkt's line reads as two qdisc commands, the first allowed to fail (2>/dev/null)", () => {
  expect(
    readShellCommand('tc qdisc delete dev tun0 root 2>/dev/null ; tc qdisc add dev tun0 root pfifo limit 0'),
  ).toEqual({
    ok: true,
    kind: 'sysctl',
    settings: [],
    qdiscs: [
      { operation: 'delete', parameters: [], ignoreErrors: true, text: 'tc qdisc delete dev tun0 root 2>/dev/null' },
      {
        operation: 'add',
        parameters: ['pfifo', 'limit', '0'],
        ignoreErrors: false,
        text: 'tc qdisc add dev tun0 root pfifo limit 0',
      },
    ],
  });
});

test('a setup command mixing tc and sysctl lines keeps both', () => {
  const reading = readShellCommand('tc qdisc replace dev tun0 root fq\nsysctl -q net.ipv4.tcp_min_tso_segs=4');
  expect(reading).toMatchObject({
    kind: 'sysctl',
    settings: [{ name: 'net.ipv4.tcp_min_tso_segs', value: '4' }],
    qdiscs: [{ operation: 'replace', parameters: ['fq'] }],
  });
});

test('on our TCP a tc qdisc line is refused at its line, naming it', () => {
  const script = `${ACCEPTED}+0 \`tc qdisc add dev tun0 root pfifo limit 0\`
+0 write(4, ..., 24) = 24
`;
  expect(failures(script)).toEqual([
    'test.pkt:8: `tc qdisc add dev tun0 root pfifo limit 0` is not played on our TCP: the simulated network has no queueing discipline (tc qdisc plays against Linux)',
  ]);
});

test("a qdisc on a device other than packetdrill's tun0 is refused at parse time", () => {
  expect(() => parseScript(`${ACCEPTED}+0 \`tc qdisc add dev eth0 root pfifo limit 0\`\n`)).toThrow(
    /tc qdisc on eth0: packetdrill's scripts name their TUN device tun0/,
  );
});

test('other tc commands, or shell words in the parameters, are refused at parse time', () => {
  expect(readShellCommand('tc filter add dev tun0 root u32')).toMatchObject({ ok: false });
  expect(readShellCommand('tc qdisc add dev tun0 root pfifo limit $(reboot)')).toMatchObject({ ok: false });
});
