/**
 * The runner's packetdrill semantics, one behaviour per test: what a `>`
 * line checks, how times and tolerance work on the virtual clock, blocking
 * calls, segments nobody expected, and the constructs it refuses.
 */
import { parseScript, parseSyntax } from '../../src/pkt';
import { formatFailure, runScript, type RunOptions, type ScriptResult } from '../../src/pkt/runner';
import { BLOCKING_READS_RETURNING_AT_ONCE, LISTEN_AGAIN } from './scriptFixtures';

function play(text: string, options?: RunOptions): ScriptResult {
  return runScript(parseScript(text, 'test.pkt'), options);
}

/** A script `parseScript` would refuse, played anyway: the runner refuses it too, in the same words. */
function playUnchecked(text: string): ScriptResult {
  return runScript(parseSyntax(text, 'test.pkt'));
}

/** The one failure of a run, as the command line prints it. */
function failure(result: ScriptResult): string {
  expect(result.failures).toHaveLength(1);
  return formatFailure(result.failures[0]!, 'test.pkt');
}

const LISTENER = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
`;
const SYN_IN = `+0 < S 0:0(0) win 65535 <mss 1460>\n`;
const HANDSHAKE = `${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 <...>
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`;

describe('outbound lines', () => {
  test('a flag that differs fails on that line, with what the script said and what the host sent', () => {
    const result = play(`${LISTENER}${SYN_IN}+0 > S 0:0(0) ack 1 <...>\n`);
    expect(failure(result)).toBe(
      'test.pkt:5: outbound segment differs: flags: expected S, sent S. (script: "S 0:0(0) ack 1 <...>", host: "S. 0:0(0) ack 1 win 65535 <mss 1460>")',
    );
  });

  test('the window is checked when given, and the options unless <...>', () => {
    expect(failure(play(`${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 win 1000 <...>\n`))).toContain(
      'window: expected 1000, sent 65535',
    );
    expect(failure(play(`${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 <mss 536>\n`))).toContain(
      'options: expected <mss 536>, sent <mss 1460>',
    );
    expect(play(`${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 win 65535 <mss 1460>\n`).ok).toBe(true);
  });

  test('no options written means none: a SYN-ACK with an MSS option does not match', () => {
    expect(failure(play(`${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1\n`))).toContain(
      'options: expected , sent <mss 1460>',
    );
  });

  test('sequence numbers are relative to our ISN, learned from the SYN-ACK, also across the 2^32 wrap', () => {
    const result = play(`${HANDSHAKE}+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1 <...>\n`, {
      tcp: { iss: 0xffff_ffc0 },
    });
    expect(result.ok).toBe(true);
    const data = result.trace.at(-1)!;
    expect([data.datagram.segment.seq, data.text]).toEqual([0xffff_ffc1, 'P. 1:101(100) ack 1 win 65535']);
  });

  test("the script's ISN is the one its SYN carries; its later numbers are relative to it", () => {
    const result = play(`${LISTENER}+0 < S 1000:1000(0) win 65535
+0 > S. 0:0(0) ack 1001 <...>
+.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`);
    expect(result.ok).toBe(true);
    expect(result.trace.map((entry) => entry.datagram.segment.seq)[2]).toBe(1001);
  });

  test('a segment no > line reads passes, as in packetdrill: only a > line looks at what the host sent', () => {
    const result = play(`${HANDSHAKE}+0 close(4) = 0\n+.1 < . 1:1(0) ack 2 win 65535\n`);
    expect(result.ok).toBe(true);
    expect(
      result.trace
        .filter((entry) => entry.direction === 'outbound')
        .map((entry) => [entry.text.slice(0, 2), entry.line]),
    ).toEqual([
      ['S.', 5],
      ['F.', undefined],
    ]);
    expect(result.listing.map((row) => row.state)).toEqual(['LISTEN', 'FIN_WAIT2']);
  });

  test('an extra segment fails at the > line that reads it', () => {
    // The data segment no line expected is the next segment the `>` line reads.
    expect(
      failure(play(`${HANDSHAKE}+0 write(4, ..., 10) = 10\n+0 close(4) = 0\n+0 > F. 11:11(0) ack 1 <...>\n`)),
    ).toMatch(/^test\.pkt:10: outbound segment differs: flags: expected F\., sent P\./);
  });

  test('strict: a segment sent when no line expects one fails at the next inbound line', () => {
    const result = play(`${LISTENER}${SYN_IN}+.1 < . 1:1(0) ack 1 win 65535\n`, { strict: true });
    // No `>` line saw our SYN-ACK, so our ISN is unknown and its number is printed as sent.
    expect(failure(result)).toMatch(
      /^test\.pkt:5: before this line the host sent a segment that no line expects, at 0\.000000 s: S\. (\d+):\1\(0\) ack 1 win 65535 <mss 1460>/,
    );
  });

  test('strict: a segment sent when no line expects one fails at the end of the script', () => {
    expect(failure(play(`${HANDSHAKE}+0 close(4) = 0\n`, { strict: true }))).toMatch(
      /^test\.pkt:8: after this last line the host sent a segment that no line expects, at 0\.100000 s: F\. 1:1\(0\) ack 1/,
    );
  });

  test('nothing sent by the end of the tolerance fails', () => {
    expect(failure(play(`${HANDSHAKE}+0 > F. 1:1(0) ack 1 <...>\n`))).toBe(
      'test.pkt:8: expected an outbound segment by 0.104000 s, but the host sent nothing (script: "F. 1:1(0) ack 1 <...>", host: "nothing")',
    );
  });
});

describe('time', () => {
  const retransmittedSynAck = (time: string) =>
    `${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 <...>\n${time} > S. 0:0(0) ack 1 <...>\n`;

  test('a segment sent within the tolerance of its time matches (4 ms by default)', () => {
    expect(play(retransmittedSynAck('+1.003')).ok).toBe(true);
    expect(play(retransmittedSynAck('+0.997')).ok).toBe(true);
  });

  test('a segment sent outside the tolerance fails with both times', () => {
    expect(failure(play(retransmittedSynAck('+1.005')))).toContain(
      'timing error: expected the outbound segment at 1.005000 s (tolerance 0.004000 s), sent at 1.000000 s',
    );
    expect(failure(play(retransmittedSynAck('+2')))).toContain('sent at 1.000000 s');
  });

  test('the tolerance comes from the options or from --tolerance_usecs in the script', () => {
    expect(play(retransmittedSynAck('+1.009'), { toleranceUsecs: 10_000 }).ok).toBe(true);
    expect(play(`--tolerance_usecs=10000\n${retransmittedSynAck('+1.009')}`).ok).toBe(true);
  });

  test('a time range and * accept any time inside', () => {
    expect(play(retransmittedSynAck('+0.5~+1.5')).ok).toBe(true);
    expect(play(retransmittedSynAck('*')).ok).toBe(true);
  });

  test('absolute times count from the start of the script', () => {
    expect(play(retransmittedSynAck('1')).ok).toBe(true);
  });

  test('2 MSL of TIME-WAIT passes in virtual time', () => {
    const result = play(`${HANDSHAKE}+0 close(4) = 0
+0 > F. 1:1(0) ack 1 <...>
+0 < F. 1:1(0) ack 2 win 65535
+0 > . 2:2(0) ack 2 <...>
+60.001 < . 2:2(0) ack 2 win 65535
+0 > R 2:2(0) <...>
`);
    expect(result.ok).toBe(true);
    expect(result.endTimeUsecs).toBe(60_101_000);
  });
});

describe('sleep', () => {
  test('as the last event it holds the script: the run ends there, the connection still in SYN_RECV', () => {
    const result = play(`${LISTENER}${SYN_IN}+0 > S. 0:0(0) ack 1 <...>\n+0 \`sleep 1000000\`\n`);
    expect([result.ok, result.endTimeUsecs, result.listing.map((row) => row.state)]).toEqual([
      true,
      0,
      ['LISTEN', 'SYN_RECV'],
    ]);
  });

  test('elsewhere it lets its seconds of virtual time pass', () => {
    const result = play(`0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 \`sleep 2.5\`\n+0 close(3) = 0\n`);
    expect([result.ok, result.endTimeUsecs]).toEqual([true, 2_500_000]);
  });

  test('no shell command other than sleep and sysctl settings is run', () => {
    expect(failure(playUnchecked('0 `echo hi`\n'))).toContain(
      'shell commands are not run; only `sleep N` and sysctl settings',
    );
  });
});

describe('system calls', () => {
  test('two `...` reads that return at once, one after the other: the first leaves the syscall thread free', () => {
    expect(play(BLOCKING_READS_RETURNING_AT_ONCE).failures).toEqual([]);
  });

  test('a second listen after a connection: the next SYN comes from a new port, a new connection', () => {
    expect(play(LISTEN_AGAIN, { strict: true }).failures).toEqual([]);
  });

  test('a result that differs fails with both', () => {
    expect(failure(play(`${HANDSHAKE}+0 write(4, ..., 10) = 9\n`))).toBe(
      'test.pkt:8: write: expected result 9, got 10 (script: "9", host: "10")',
    );
  });

  test('an errno that differs fails; a missing errno is not checked', () => {
    expect(failure(play(`${HANDSHAKE}+0 read(3, ..., 10) = -1 EAGAIN\n`))).toContain(
      'read: expected errno EAGAIN, got ENOTCONN',
    );
    expect(play(`${HANDSHAKE}+0 read(3, ..., 10) = -1\n`).ok).toBe(true);
  });

  test("descriptors map as packetdrill's: the script's numbers stand for the host's", () => {
    expect(
      play('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 7\n+0 bind(7, ..., ...) = 0\n+0 listen(7, 1) = 0\n').ok,
    ).toBe(true);
  });

  test('fcntl sets and reads O_NONBLOCK', () => {
    const result = play(`0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_GETFL) = 0x2
+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 fcntl(3, F_GETFL) = 0x802
+0 accept(3, ..., ...) = -1 EINVAL
`);
    expect(result.ok).toBe(true);
  });

  test('a non-blocking accept with an empty queue returns EAGAIN', () => {
    expect(
      play(`${LISTENER}+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0 accept(3, ..., ...) = -1 EAGAIN\n`).ok,
    ).toBe(true);
  });

  test('a blocking call that nothing will complete fails at the end of the script instead of hanging', () => {
    expect(failure(play(`${LISTENER}+0 accept(3, ..., ...) = 4\n`))).toBe(
      'test.pkt:4: accept had not returned by the end of the script: exiting while a blocking system call is in progress',
    );
  });

  test('a blocking accept lets the next lines go on at their times and returns when the handshake completes', () => {
    const result = play(
      `${LISTENER}+0 accept(3, ..., ...) = 4\n+.1${SYN_IN.slice(2)}+0 > S. 0:0(0) ack 1 <...>\n+.1 < . 1:1(0) ack 1 win 65535\n+0 close(4) = 0\n+0 > F. 1:1(0) ack 1 <...>\n`,
    );
    expect(result.ok).toBe(true);
  });

  test('a blocking call is checked when it returns: a wrong result fails at its own line', () => {
    expect(
      failure(
        play(
          `${LISTENER}+0 accept(3, ..., ...) = -1 ETIMEDOUT\n${SYN_IN}+0 > S. 0:0(0) ack 1 <...>\n+.1 < . 1:1(0) ack 1 win 65535\n`,
        ),
      ),
    ).toMatch(/^test\.pkt:4: accept: expected result -1, got 4 /);
  });

  test('a blocking call with ...end returns when the handshake completes, at its end time', () => {
    const script = (end: string) =>
      `${LISTENER}+0...${end} accept(3, ..., ...) = 4\n${SYN_IN}+0 > S. 0:0(0) ack 1 <...>\n+.2 < . 1:1(0) ack 1 win 65535\n`;
    expect(play(script('0.2')).ok).toBe(true);
    expect(failure(play(script('0.3')))).toContain(
      'timing error: expected accept to return at 0.300000 s (tolerance 0.004000 s), returned at 0.200000 s',
    );
  });

  test('a blocking connect without ... lets the > lines read its SYNs; it returns when it gives up, at 247 s', () => {
    const syn = '* > S 0:0(0) <mss 1460>\n';
    const result = play(
      `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 connect(3, ..., ...) = -1 ETIMEDOUT\n${syn.repeat(8)}`,
    );
    expect([result.ok, result.endTimeUsecs]).toEqual([true, 247_000_000]);
  });

  test('a line after a blocking call runs at its own time, not when the call returns', () => {
    // Closing the socket under the blocked connect ends it with EBADF at 1 s, not at 127 s.
    expect(
      failure(
        play('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 connect(3, ..., ...) = -1 ETIMEDOUT\n1 close(3) = 0\n'),
      ),
    ).toBe('test.pkt:2: connect: expected errno ETIMEDOUT, got EBADF (script: "-1 ETIMEDOUT", host: "-1 EBADF")');
  });

  test("a blocking ... call while another is in progress is packetdrill's error", () => {
    expect(failure(play(`${LISTENER}+0...1 accept(3, ..., ...) = 4\n+0...1 accept(3, ..., ...) = 5\n`))).toBe(
      'test.pkt:5: blocking system call while another blocking system call is already in progress',
    );
  });

  test('a call that blocks while another blocks is the same error', () => {
    expect(failure(play(`${LISTENER}+0 accept(3, ..., ...) = 4\n+0 accept(3, ..., ...) = 5\n`))).toBe(
      'test.pkt:5: blocking system call while another blocking system call is already in progress',
    );
  });

  test('a blocking call that has not returned by the end of the script fails', () => {
    expect(failure(play(`${LISTENER}+0...1 accept(3, ..., ...) = 4\n`))).toBe(
      'test.pkt:4: accept had not returned by the end of the script: exiting while a blocking system call is in progress',
    );
  });

  test('a trailing sleep holds: the listing is taken when it starts, and a blocked call must return within it', () => {
    const script =
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 connect(3, ..., ...) = -1 ETIMEDOUT\n+0 `sleep 1000`\n';
    const result = play(script);
    expect([result.ok, result.endTimeUsecs, result.listing.map((row) => row.state)]).toEqual([true, 0, ['SYN_SENT']]);
    expect(failure(play(script.replace('1000', '100')))).toBe(
      'test.pkt:2: connect had not returned by the end of the holding sleep: exiting while a blocking system call is in progress',
    );
  });

  test('getsockopt(SO_ERROR) reports the error of a refused non-blocking connect', () => {
    const result = play(`0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
+.1 < R. 0:0(0) ack 1 win 0
+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
`);
    expect(result.failures).toEqual([]);
  });

  test('SO_LINGER {onoff=1, linger=0}, then close: the connection aborts with a RST (RFC 9293 §3.10.5) and leaves the listing', () => {
    const result = play(
      `${HANDSHAKE}+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n+0 close(4) = 0\n+0 > R 1:1(0) win 0\n`,
      { strict: true },
    );
    expect(result.failures).toEqual([]);
    expect(result.listing.map((row) => row.state)).toEqual(['LISTEN']);
  });

  test('SO_LINGER {onoff=0, linger=0}: close sends a FIN, as without it', () => {
    expect(
      play(
        `${HANDSHAKE}+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=0, linger=0}, 8) = 0\n+0 close(4) = 0\n+0 > F. 1:1(0) ack 1 <...>\n`,
      ).ok,
    ).toBe(true);
  });

  test('SO_LINGER with a positive linger is refused at its value, before anything runs', () => {
    expect(() => play(`${HANDSHAKE}+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=5}, 8) = 0\n`)).toThrow(
      'test.pkt: line 8, column 41: setsockopt: SO_LINGER with linger=5 is not supported (only {onoff=1, linger=0}, which makes close abort, or onoff=0)',
    );
  });

  test('setsockopt accepts TCP_NODELAY and ignores it', () => {
    expect(
      play('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0\n').ok,
    ).toBe(true);
  });

  test('a zero-length read returns 0 at once, with nothing arrived, as Linux read(2) does', () => {
    const result = play(`${HANDSHAKE}+0 read(4, ..., 0) = 0\n`);
    expect([result.ok, result.endTimeUsecs]).toEqual([true, 100_000]);
  });
});

describe('what the runner refuses, with the line', () => {
  test.each([
    [
      'a descriptor the script never opened',
      '0 close(9) = 0\n',
      'test.pkt:1: close: no socket has script descriptor 9',
    ],
    [
      'an ECN-setup SYN expected from our TCP',
      '0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3\n+0 connect(3, ..., ...) = -1 EINPROGRESS\n+0 > SEW 0:0(0) <...>\n',
      'this TCP does not implement ECN, RFC 3168',
    ],
  ])('%s', (_, text, message) => {
    expect(failure(play(text))).toContain(message);
  });
});

describe('what parseScript refuses, the runner refuses too when handed a script from parseSyntax', () => {
  test.each([
    [
      'an unsupported system call',
      '0 poll([{fd=3, events=POLLIN}], 1, 0) = 0\n',
      "test.pkt:1: unsupported system call 'poll'",
    ],
    [
      'a wrong number of arguments',
      '0 listen(3) = 0\n',
      'test.pkt:1: listen: expected 2 arguments, listen(fd, backlog), got 1',
    ],
    [
      'a code block other than assert',
      '0 %{ print(1) }%\n',
      "test.pkt:1: only 'assert <comparison>' is evaluated in %{ }%",
    ],
    ['an unknown option', '--no_such_option=1\n0 `sleep 1`\n', 'test.pkt:1: unsupported option --no_such_option'],
    [
      'an unknown symbol',
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 shutdown(3, SHUT_BOGUS) = 0\n',
      "test.pkt:2: shutdown: unknown symbol 'SHUT_BOGUS'",
    ],
    [
      'an unsupported socket option',
      '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0\n',
      'test.pkt:2: setsockopt: unsupported option SO_ZEROCOPY',
    ],
  ])('%s', (_, text, message) => {
    expect(() => parseScript(text)).toThrow();
    expect(failure(playUnchecked(text))).toContain(message);
  });

  test('a negative write count is a script error, not an internal RangeError', () => {
    expect(failure(playUnchecked(`${HANDSHAKE}+0 write(4, ..., -1) = -1\n`))).toBe(
      "test.pkt:8: write: count must be a number from 0 to 16777216 (16 MiB, the runner's limit for one call), not -1",
    );
  });

  test('a write count above 16 MiB is a script error, not an internal RangeError', () => {
    expect(failure(playUnchecked(`${HANDSHAKE}+0 write(4, ..., 99999999999999) = 1\n`))).toContain(
      'write: count must be a number from 0 to 16777216',
    );
  });
});

describe('the result', () => {
  test('the trace lists every segment with its time, direction, line and packetdrill text', () => {
    const result = play(HANDSHAKE);
    expect(result.trace.map((entry) => [entry.timeUsecs, entry.direction, entry.line, entry.text])).toEqual([
      [0, 'inbound', 4, 'S 0:0(0) win 65535 <mss 1460>'],
      [0, 'outbound', 5, 'S. 0:0(0) ack 1 win 65535 <mss 1460>'],
      [100_000, 'inbound', 6, '. 1:1(0) ack 1 win 65535'],
    ]);
    expect(result.trace[1]!.datagram).toMatchObject({
      src: '192.168.0.1',
      dst: '192.0.2.1',
      segment: { srcPort: 8080, dstPort: 40000 },
    });
  });

  test('a failed run still gives the listing of where it stopped', () => {
    const result = play(`${HANDSHAKE}+0 close(4) = 0\n+0 > F. 1:1(0) ack 9 <...>\n`);
    expect(result.ok).toBe(false);
    expect(result.listing.map((row) => row.state)).toEqual(['LISTEN', 'FIN_WAIT1']);
  });
});
