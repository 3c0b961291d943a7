/**
 * Shell lines that set Linux sysctls, as packetdrill's suites write them
 * (`sysctl -q name=value`, `sysctl -w …`, set_sysctls.py): read at parse
 * time, and on our TCP each one with a counterpart sets the connections'
 * option; any other is refused, naming it.
 */
import { parseScript, readShellCommand, ScriptParseError } from '../../src/pkt';
import { formatFailure, runScript, type ScriptResult } from '../../src/pkt/runner';
import { applySysctl } from '../../src/pkt/sysctls';

function play(text: string): ScriptResult {
  return runScript(parseScript(text, 'test.pkt'));
}

function failure(result: ScriptResult): string {
  expect(result.failures).toHaveLength(1);
  return formatFailure(result.failures[0]!, 'test.pkt');
}

/** An active open nobody answers: the SYN and its retransmissions, 1 s, 2 s, 4 s apart (RFC 6298 §5.5). */
const UNANSWERED_CONNECT = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 connect(3, ..., ...) = -1 ETIMEDOUT
+0 > S 0:0(0) <...>
+1 > S 0:0(0) <...>
+2 > S 0:0(0) <...>
`;

describe('on our TCP', () => {
  test('tcp_syn_retries=2: connect gives up after the second retransmission, at 7 s', () => {
    const result = play(`\`sysctl -q net.ipv4.tcp_syn_retries=2\`\n${UNANSWERED_CONNECT}`);
    expect(result.failures).toEqual([]);
    expect(result.endTimeUsecs).toBe(7_000_000);
  });

  test('a timed sysctl -w line sets it for the connections created after it', () => {
    const result = play(
      `0 \`sysctl -w net.ipv4.tcp_syn_retries=3\`\n${UNANSWERED_CONNECT.replace(/^0 /, '+0 ')}+4 > S 0:0(0) <...>\n`,
    );
    expect(result.failures).toEqual([]);
    expect(result.endTimeUsecs).toBe(15_000_000);
  });

  test('a sysctl our TCP has no counterpart for is refused at its line, naming it', () => {
    expect(
      failure(play(`0 \`sysctl -q net.ipv4.tcp_timestamps=0\`\n${UNANSWERED_CONNECT.replace(/^0 /, '+0 ')}`)),
    ).toBe(
      'test.pkt:1: sysctl net.ipv4.tcp_timestamps has no meaning for our TCP (it reads net.ipv4.tcp_syn_retries, net.ipv4.tcp_synack_retries, net.ipv4.tcp_rfc1337)',
    );
  });

  test('a value Linux would refuse is refused', () => {
    expect(applySysctl({ name: 'net.ipv4.tcp_rfc1337', value: '2' }, {})).toBe(
      'sysctl net.ipv4.tcp_rfc1337=2: Linux takes an integer from 0 to 1',
    );
  });

  test('tcp_rfc1337=1 sets rfc1337 (RFC 1337 §3)', () => {
    expect(applySysctl({ name: 'net.ipv4.tcp_rfc1337', value: '1' }, {})).toEqual({ rfc1337: true });
  });
});

describe('the lines read', () => {
  test.each([
    ['sysctl -q a.b=1', [{ name: 'a.b', value: '1' }]],
    [
      'sysctl -w a.b=1 c.d="4096 8192"',
      [
        { name: 'a.b', value: '1' },
        { name: 'c.d', value: '4096 8192' },
      ],
    ],
    [
      'sysctl -q -w a.b=1\nsysctl -q c.d=2',
      [
        { name: 'a.b', value: '1' },
        { name: 'c.d', value: '2' },
      ],
    ],
    [
      '../../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0',
      [{ name: 'net.ipv4.tcp_timestamps', value: '0' }],
    ],
    [
      // gtests/net/tcp/fastopen/client/nonblocking-sendto-errnos.pkt's form: continued lines, a trailing backslash
      '../../common/set_sysctls.py /proc/sys/net/ipv4/tcp_timestamps=0\\\n\t\t /proc/sys/net/ipv4/tcp_fastopen=5\\\n',
      [
        { name: 'net.ipv4.tcp_timestamps', value: '0' },
        { name: 'net.ipv4.tcp_fastopen', value: '5' },
      ],
    ],
  ])('`%s`', (command, settings) => {
    expect(readShellCommand(command)).toEqual({ ok: true, kind: 'sysctl', settings });
  });

  test('a line that is neither sleep nor a sysctl setting is refused at its backquote, quoting the line', () => {
    let message = '';
    try {
      parseScript(
        '0 `sysctl -q net.ipv4.tcp_syn_retries=2\nip route add default dev tun0`\n+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3',
      );
    } catch (error) {
      if (error instanceof ScriptParseError) message = error.message;
    }
    expect(message).toContain('line 1, column 3: shell commands are not run; only `sleep N` and sysctl settings');
    expect(message).toContain("not 'ip route add default dev tun0' in");
  });

  test("set_sysctls.py's restore script as the last, untimed line is played: there is nothing to put back", () => {
    const result = play(
      `${UNANSWERED_CONNECT}+4 > S 0:0(0) <...>\n+8 > S 0:0(0) <...>\n\`/tmp/sysctl_restore_\${PPID}.sh\`\n`,
    );
    expect(result.failures).toEqual([]);
  });

  test("set_sysctls.py's restore script before other events is refused, saying where it plays", () => {
    expect(() =>
      parseScript(`0 \`/tmp/sysctl_restore_\${PPID}.sh\`\n${UNANSWERED_CONNECT.replace(/^0 /, '+0 ')}`),
    ).toThrow("is played only as the script's last line, untimed");
  });

  test('sysctl reading a value (no =) is refused', () => {
    expect(readShellCommand('sysctl net.ipv4.tcp_syn_retries').ok).toBe(false);
  });
});
