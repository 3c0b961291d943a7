/**
 * `%{ assert tcpi_* }%` blocks, as google/packetdrill's suites check a
 * connection mid-run: the tcp_info fields our TCP fills, read from the
 * socket under test at the block's time, and the refusals of anything
 * else in `%{ }%`, at its line and column.
 */
import { parseScript, parseSyntax, ScriptParseError } from '../../src/pkt';
import { formatFailure, runScript, type RunOptions, type ScriptResult } from '../../src/pkt/runner';
import { ACCEPTED } from './scriptFixtures';

function play(text: string, options?: RunOptions): ScriptResult {
  return runScript(parseScript(text, 'test.pkt'), options);
}

function failure(result: ScriptResult): string {
  expect(result.failures).toHaveLength(1);
  return formatFailure(result.failures[0]!, 'test.pkt');
}

function refusal(text: string): string {
  try {
    parseScript(text);
  } catch (error) {
    if (error instanceof ScriptParseError) return error.message;
    throw error;
  }
  throw new Error('the script parsed');
}

describe('the fields, read from the socket under test at the block', () => {
  test('tcpi_state after the handshake is TCP_ESTABLISHED', () => {
    expect(play(`${ACCEPTED}+0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%\n`).ok).toBe(true);
  });

  test('a state that differs fails at the block, naming the field and its value', () => {
    expect(failure(play(`${ACCEPTED}+0 %{ assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state }%\n`))).toBe(
      'test.pkt:8: assert tcpi_state == TCP_CLOSE_WAIT failed: tcpi_state is 1 (script: "assert tcpi_state == TCP_CLOSE_WAIT", host: "tcpi_state is 1")',
    );
  });

  test("the peer's FIN: TCP_CLOSE_WAIT, Linux's number 8", () => {
    expect(
      play(`${ACCEPTED}+0 < F. 1:1(0) ack 1 win 65535\n+0 > . 1:1(0) ack 2 <...>\n+0 %{ assert tcpi_state == 8 }%\n`)
        .ok,
    ).toBe(true);
  });

  test('tcpi_snd_mss is the MSS the peer offered, tcpi_advmss the one we did', () => {
    expect(play(`${ACCEPTED}+0 %{ assert tcpi_snd_mss == 1000; assert tcpi_advmss == 1460 }%\n`).ok).toBe(true);
  });

  test('tcpi_unacked counts the segments in flight, and drops to 0 when they are acknowledged', () => {
    const script = `${ACCEPTED}+0 write(4, ..., 2000) = 2000
+0 > . 1:1001(1000) ack 1 <...>
+0 > P. 1001:2001(1000) ack 1 <...>
+0 %{ assert tcpi_unacked == 2, tcpi_unacked }%
+.1 < . 1:1(0) ack 2001 win 65535
+0 %{ assert tcpi_unacked == 0 }%
`;
    expect(play(script).ok).toBe(true);
  });

  test('after one retransmission timeout: tcpi_retransmits 1, tcpi_rto doubled, in µs (RFC 6298 §5.5)', () => {
    const timedOut = `${ACCEPTED}+0 write(4, ..., 100) = 100
+0 > P. 1:101(100) ack 1 <...>
+0 %{ assert tcpi_retransmits == 0 }%
+1 > P. 1:101(100) ack 1 <...>
+0 %{ assert tcpi_retransmits == 1; assert tcpi_rto == 2000000; assert tcpi_ca_state == TCP_CA_Loss }%
`;
    expect(play(timedOut, { tcp: { rto: 1000 } }).ok).toBe(true);
  });

  test("operators as Python's: & over the options bits, chained comparisons, arithmetic in parentheses", () => {
    const script = `${ACCEPTED}+0 %{ assert (tcpi_options & TCPI_OPT_SACK) == 0, tcpi_options }%
+0 %{ assert 0 < tcpi_rto <= 3 * 1000000 }%
+0 %{ assert -(tcpi_snd_mss - 1000) == 0 }%
`;
    expect(play(script).ok).toBe(true);
    expect(failure(play(`${ACCEPTED}+0 %{ assert 0 < tcpi_rto < 10 }%\n`))).toContain(
      'assert 0 < tcpi_rto < 10 failed: tcpi_rto is 1000000',
    );
  });

  test('a multi-line block checks each assert in turn', () => {
    const script = `${ACCEPTED}+0 %{
assert tcpi_state == TCP_ESTABLISHED
assert tcpi_unacked == 5
}%
`;
    expect(failure(play(script))).toContain('assert tcpi_unacked == 5 failed: tcpi_unacked is 0');
  });

  test('a field Linux fills and our TCP does not (tcpi_snd_cwnd) parses, and is refused on our TCP at its block', () => {
    expect(failure(play(`${ACCEPTED}+0 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%\n`))).toMatch(
      /^test\.pkt:8: tcpi_snd_cwnd is a tcp_info field our TCP does not fill \(it fills tcpi_state, /,
    );
  });

  test("a Python comment after an assert is passed over, as Python does (cwnd_moderation/'s scripts)", () => {
    expect(play(`${ACCEPTED}+0 %{ assert tcpi_state == TCP_ESTABLISHED  # after the handshake\n}%\n`).ok).toBe(true);
  });

  test("a block before any connection has no socket to read, in code.c's words", () => {
    expect(failure(play('0 %{ assert tcpi_state == TCP_CLOSE }%\n'))).toBe('test.pkt:1: no socket to use for code');
  });
});

describe('what %{ }% may hold', () => {
  test.each([
    [
      'Python other than assert, at its word',
      '+0 %{ print(tcpi_state) }%',
      "line 1, column 7: only 'assert <comparison>' is evaluated in %{ }%",
    ],
    ['an assignment', '+0 %{ cwnd = 10 }%', "line 1, column 7: only 'assert <comparison>'"],
    [
      "a tcpi_ name Linux's struct tcp_info does not have",
      '+0 %{ assert tcpi_cwnd == 10 }%',
      "line 1, column 14: tcpi_cwnd is not a field of Linux's struct tcp_info",
    ],
    [
      "Python's and, which the evaluator does not read",
      '+0 %{ assert tcpi_state == 1 and 1 }%',
      "line 1, column 30: expected a comparison operator, ',', ';' or the end of the line, found 'and'",
    ],
    ['a name that is neither', '+0 %{ assert tcpi_state == cwnd }%', "line 1, column 28: unknown name 'cwnd'"],
    [
      'a refusal on a later line of the block',
      '+0 %{\n  assert tcpi_state == 1\n  assert tcpi_state ==\n}%',
      "line 3, column 23: expected an integer, a tcpi_* field, a name or (, found '\\n'",
    ],
    [
      'a comparison with words after it',
      '+0 %{ assert tcpi_state == 1 2 }%',
      "line 1, column 30: expected a comparison operator, ',', ';' or the end of the line, found '2'",
    ],
    [
      'a character Python would not read',
      '+0 %{ assert tcpi_state == 1 @ }%',
      "line 1, column 30: unexpected character '@' in %{ }%",
    ],
  ])('%s', (_, text, message) => {
    expect(refusal(text)).toContain(message);
  });

  test('the message after the comma is not evaluated: a Python format string passes', () => {
    expect(() => parseScript("+0 %{ assert tcpi_state == 1, 'state=%d' % tcpi_state }%")).not.toThrow();
  });

  test('deeply nested parentheses are refused, not a stack overflow', () => {
    expect(refusal(`+0 %{ assert ${'('.repeat(200)}1${')'.repeat(200)} == 1 }%`)).toContain(
      'parentheses nested deeper than 100',
    );
  });

  test('the runner refuses the same when handed a script from parseSyntax', () => {
    expect(failure(runScript(parseSyntax(`${ACCEPTED}+0 %{ print(1) }%\n`, 'test.pkt')))).toContain(
      "test.pkt:8: only 'assert <comparison>' is evaluated",
    );
  });
});
