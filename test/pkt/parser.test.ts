import fc from 'fast-check';
import { ScriptParseError, parseScript, parseSyntax } from '../../src/pkt';
import type { EventTime, Expression, PacketEvent, ScriptEvent, SyscallEvent, TcpOptionAst } from '../../src/pkt';
import {
  ARTICLE_SCRIPTS,
  CLOSE_WAIT,
  CLOSING,
  FIN_WAIT_1,
  FIN_WAIT_2,
  LAST_ACK,
  SYN_RCVD,
  SYN_SENT,
  TIME_WAIT,
} from './article-scripts';

// ---------------------------------------------------------------------------
// Templates: each expected tree spells out every field; these only save typing.

const after = (usecs: number): EventTime => ({ kind: 'exact', relative: true, usecs });
const at = (usecs: number): EventTime => ({ kind: 'exact', relative: false, usecs });

/** The 1-based column of the `occurrence`th `needle` in `text`. */
function col(text: string, needle: string, occurrence = 1): number {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found ${occurrence} times in '${text}'`);
  }
  return index + 1;
}

/** The fields every event on `line` has, when its text starts in column 1. */
function onLine(line: number, sourceText: string, time: EventTime) {
  return { line, column: 1, sourceText, time };
}

const int = (value: number, line: number, column: number): Expression => ({ kind: 'integer', value, line, column });
const sym = (name: string, line: number, column: number): Expression => ({ kind: 'symbol', name, line, column });
const dots = (line: number, column: number): Expression => ({ kind: 'ellipsis', line, column });
const mss = (value: number, line: number, column: number): TcpOptionAst => ({ kind: 'mss', value, line, column });
const pos = (line: number, column: number) => ({ line, column });

/** `+0 > S. 0:0(0) ack 1 <...>`-style outbound packet with `<...>` on `line`. */
function outboundAnyOptions(
  line: number,
  text: string,
  time: EventTime,
  flags: string,
  seq: number,
  ack: number,
): PacketEvent {
  return {
    kind: 'packet',
    ...onLine(line, text, time),
    direction: 'outbound',
    flags,
    seqStart: seq,
    seqEnd: seq,
    payloadLength: 0,
    ack,
    options: 'any',
  };
}

/** `+.1 < F. 1:1(0) win 65535 <mss 100>`, the article's injected FIN. */
function injectedFin(line: number, text: string): PacketEvent {
  return {
    kind: 'packet',
    ...onLine(line, text, after(100_000)),
    direction: 'inbound',
    flags: 'F.',
    seqStart: 1,
    seqEnd: 1,
    payloadLength: 0,
    window: 65535,
    options: [mss(100, line, col(text, 'mss'))],
  };
}

/** `+N close(4) = 0` on `line`. */
function close4(line: number, text: string, time: EventTime): SyscallEvent {
  return {
    kind: 'syscall',
    ...onLine(line, text, time),
    name: 'close',
    namePosition: pos(line, col(text, 'close')),
    args: [int(4, line, col(text, '4'))],
    result: int(0, line, col(text, '= 0') + 2),
  };
}

/**
 * The single event of a one-line script, held to what the runner plays;
 * `parseSyntax` for a construct of packetdrill's grammar the runner does not play.
 */
function only(text: string, parse = parseScript): ScriptEvent {
  const { events } = parse(text);
  expect(events).toHaveLength(1);
  return events[0] as ScriptEvent;
}

function onlyPacket(text: string): PacketEvent {
  const event = only(text);
  if (event.kind !== 'packet') throw new Error(`expected a packet, got ${event.kind}`);
  return event;
}

function onlySyscall(text: string, parse = parseScript): SyscallEvent {
  const event = only(text, parse);
  if (event.kind !== 'syscall') throw new Error(`expected a system call, got ${event.kind}`);
  return event;
}

/** The error `text` is refused with; fails the test if it parses or throws anything else. */
function refusal(text: string, fileName?: string): ScriptParseError {
  try {
    parseScript(text, fileName);
  } catch (error) {
    if (error instanceof ScriptParseError) return error;
    throw error;
  }
  throw new Error(`expected a ScriptParseError for ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------------------

describe('the seed article, one script per state', () => {
  test('syn_sent.pkt: socket() then a connect() answered by a bare -1', () => {
    const line1 = '+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3';
    const line2 = '+0 connect(3, ..., ...) = -1';
    expect(parseScript(SYN_SENT)).toStrictEqual({
      options: [],
      events: [
        {
          kind: 'syscall',
          ...onLine(1, line1, after(0)),
          name: 'socket',
          namePosition: pos(1, 4),
          args: [dots(1, 11), sym('SOCK_STREAM', 1, 16), sym('IPPROTO_TCP', 1, 29)],
          result: int(3, 1, 44),
        },
        {
          kind: 'syscall',
          ...onLine(2, line2, after(0)),
          name: 'connect',
          namePosition: pos(2, 4),
          args: [int(3, 2, 12), dots(2, 15), dots(2, 20)],
          result: int(-1, 2, 27),
        },
      ],
    });
  });

  test('state_syn_rcvd.pkt: SYN in, SYN-ACK out with any options, the commented-out ACK is not an event', () => {
    const line1 = '+0 < S 0:0(0) win 65535 <mss 100>';
    expect(parseScript(SYN_RCVD)).toStrictEqual({
      options: [],
      events: [
        {
          kind: 'packet',
          ...onLine(1, line1, after(0)),
          direction: 'inbound',
          flags: 'S',
          seqStart: 0,
          seqEnd: 0,
          payloadLength: 0,
          window: 65535,
          options: [mss(100, 1, 26)],
        },
        outboundAnyOptions(2, '+0 > S. 0:0(0) ack 1 <...>', after(0), 'S.', 0, 1),
      ],
    });
  });

  test('state_fin_wait_1.pkt: handshake with an absolute-time ACK, accept, close', () => {
    const line3 = '.1 < . 1:1(0) ack 1 win 65535';
    const line4 = '+.1 accept(3, ..., ...) = 4';
    expect(parseScript(FIN_WAIT_1).events).toStrictEqual([
      {
        kind: 'packet',
        ...onLine(1, '+0 < S 0:0(0) win 65535 <mss 100>', after(0)),
        direction: 'inbound',
        flags: 'S',
        seqStart: 0,
        seqEnd: 0,
        payloadLength: 0,
        window: 65535,
        options: [mss(100, 1, 26)],
      },
      outboundAnyOptions(2, '+0 > S. 0:0(0) ack 1 <...>', after(0), 'S.', 0, 1),
      {
        kind: 'packet',
        ...onLine(3, line3, at(100_000)),
        direction: 'inbound',
        flags: '.',
        seqStart: 1,
        seqEnd: 1,
        payloadLength: 0,
        ack: 1,
        window: 65535,
        options: [],
      },
      {
        kind: 'syscall',
        ...onLine(4, line4, after(100_000)),
        name: 'accept',
        namePosition: pos(4, 5),
        args: [int(3, 4, 12), dots(4, 15), dots(4, 20)],
        result: int(4, 4, 27),
      },
      close4(5, '+.1 close(4) = 0', after(100_000)),
    ]);
  });

  test('state_fin_wait_2.pkt: FIN-WAIT-1 then the ACK of our FIN', () => {
    const events = parseScript(FIN_WAIT_2).events;
    expect(events).toHaveLength(6);
    expect(events.slice(0, 5)).toStrictEqual(parseScript(FIN_WAIT_1).events);
    expect(events[5]).toStrictEqual({
      kind: 'packet',
      ...onLine(6, '+.1 < . 1:1(0) ack 2 win 257', after(100_000)),
      direction: 'inbound',
      flags: '.',
      seqStart: 1,
      seqEnd: 1,
      payloadLength: 0,
      ack: 2,
      window: 257,
      options: [],
    });
  });

  test('state_close_wait.pkt: FIN in, ACK of it out', () => {
    expect(parseScript(CLOSE_WAIT).events).toStrictEqual([
      injectedFin(1, '+.1 < F. 1:1(0) win 65535 <mss 100>'),
      outboundAnyOptions(2, '+0 > . 1:1(0) ack 2 <...>', after(0), '.', 1, 2),
    ]);
  });

  test('state_time_wait.pkt: comments between events, and a timed shell command', () => {
    expect(parseScript(TIME_WAIT)).toStrictEqual({
      options: [],
      events: [
        close4(2, '+.1 close(4) = 0', after(100_000)),
        outboundAnyOptions(3, '+0 > F. 1:1(0) ack 1 <...>', after(0), 'F.', 1, 1),
        {
          kind: 'packet',
          ...onLine(5, '+.1 < . 1:1(0) ack 2 win 257', after(100_000)),
          direction: 'inbound',
          flags: '.',
          seqStart: 1,
          seqEnd: 1,
          payloadLength: 0,
          ack: 2,
          window: 257,
          options: [],
        },
        injectedFin(7, '+.1 < F. 1:1(0) win 65535 <mss 100>'),
        {
          kind: 'command',
          ...onLine(8, '+0 `sleep 1000000`', after(0)),
          command: 'sleep 1000000',
          commandPosition: pos(8, 4),
        },
      ],
    });
  });

  test('state_last_ack.pkt: FIN in, ACK out, close, FIN out', () => {
    expect(parseScript(LAST_ACK).events).toStrictEqual([
      injectedFin(2, '+.1 < F. 1:1(0) win 65535 <mss 100>'),
      outboundAnyOptions(4, '+0 > . 1:1(0) ack 2 <...>', after(0), '.', 1, 2),
      close4(5, '+.1 close(4) = 0', after(100_000)),
      outboundAnyOptions(7, '+0 > F. 1:1(0) ack 2 <...>', after(0), 'F.', 1, 2),
    ]);
  });

  test('state-closing.pkt: data out and acked, then FINs cross', () => {
    const write = '+0.100 write(4, ..., 1000) = 1000';
    const data = '+0 > P. 1:1001(1000) ack 1 <...>';
    expect(parseScript(CLOSING).events).toStrictEqual([
      {
        kind: 'syscall',
        ...onLine(1, write, after(100_000)),
        name: 'write',
        namePosition: pos(1, 8),
        args: [int(4, 1, 14), dots(1, 17), int(1000, 1, 22)],
        result: int(1000, 1, 30),
      },
      {
        kind: 'packet',
        ...onLine(2, data, after(0)),
        direction: 'outbound',
        flags: 'P.',
        seqStart: 1,
        seqEnd: 1001,
        payloadLength: 1000,
        ack: 1,
        options: 'any',
      },
      {
        kind: 'packet',
        ...onLine(3, '+0.01 < . 1:1(0) ack 1001 win 257', after(10_000)),
        direction: 'inbound',
        flags: '.',
        seqStart: 1,
        seqEnd: 1,
        payloadLength: 0,
        ack: 1001,
        window: 257,
        options: [],
      },
      close4(4, '+.1 close(4) = 0', after(100_000)),
      outboundAnyOptions(5, '+0 > F. 1001:1001(0) ack 1 <...>', after(0), 'F.', 1001, 1),
      {
        kind: 'packet',
        ...onLine(6, '+.1 < F. 1:1(0) ack 1001 win 257', after(100_000)),
        direction: 'inbound',
        flags: 'F.',
        seqStart: 1,
        seqEnd: 1,
        payloadLength: 0,
        ack: 1001,
        window: 257,
        options: [],
      },
      outboundAnyOptions(7, '+0 > . 1002:1002(0) ack 2 <...>', after(0), '.', 1002, 2),
    ]);
  });
});

describe('event times', () => {
  test.each([
    ['+0', after(0)],
    ['+.1', after(100_000)],
    ['+0.100', after(100_000)],
    ['+0.01', after(10_000)],
    ['+1', after(1_000_000)],
    ['+ 2.5', after(2_500_000)],
    ['0', at(0)],
    ['0.200', at(200_000)],
    ['.1', at(100_000)],
    ['3', at(3_000_000)],
  ])('%s is %j', (time, expected) => {
    expect(only(`${time} close(4) = 0`).time).toStrictEqual(expected);
  });

  test('seconds convert to microseconds exactly: 0.3 is 300000, not 299999', () => {
    expect(only('+0.3 close(4) = 0').time).toStrictEqual(after(300_000));
    expect(only('4.000001 close(4) = 0').time).toStrictEqual(at(4_000_001));
  });

  test('digits past the microsecond are dropped, as packetdrill truncates', () => {
    expect(only('+0.0000019 close(4) = 0').time).toStrictEqual(after(1));
  });

  test('* lets an outbound packet leave at any time', () => {
    expect(onlyPacket('* > S. 0:0(0) ack 1 <...>').time).toStrictEqual({ kind: 'any' });
  });

  test('+0.1~+0.2 is a relative window for an outbound packet', () => {
    expect(onlyPacket('+0.1~+0.2 > . 1:1(0) ack 1').time).toStrictEqual({
      kind: 'range',
      relative: true,
      usecs: 100_000,
      endUsecs: 200_000,
    });
  });

  test('0.1~0.25 is an absolute window for an outbound packet', () => {
    expect(onlyPacket('0.1~0.25 > . 1:1(0) ack 1').time).toStrictEqual({
      kind: 'range',
      relative: false,
      usecs: 100_000,
      endUsecs: 250_000,
    });
  });

  test('a range with no start, ~+0.1, is refused: packetdrill has no such form', () => {
    expect(refusal('~+0.1 > . 1:1(0) ack 1').message).toBe(
      "line 1, column 1: expected a time to start the event (such as '+0.1', '0.1' or '*'), found '~'",
    );
  });

  test('a range relative at one end and absolute at the other is refused', () => {
    expect(refusal('+0.1~0.2 > . 1:1(0)').message).toBe(
      "line 1, column 6: expected '+' before the end of a relative time range (as in '+0.1~+0.2'), found '0.2'",
    );
    expect(refusal('0.1~+0.2 > . 1:1(0)').message).toBe(
      "line 1, column 5: expected an absolute time after '~': a range is absolute at both ends (0.1~0.2) or relative at both (+0.1~+0.2), found '+'",
    );
  });

  test('a backwards range is refused at the ~', () => {
    expect(refusal('+0.2~+0.1 > . 1:1(0)').message).toBe(
      'line 1, column 5: time range is backwards: it ends before it starts',
    );
  });

  test('a negative time is refused', () => {
    expect(refusal('-1 close(4) = 0').message).toBe('line 1, column 1: negative time -1');
    expect(refusal('+-0.5 close(4) = 0').message).toBe('line 1, column 2: negative time -0.5');
  });

  test('* and ranges are refused for anything but outbound packets, as in packetdrill', () => {
    expect(refusal('* < . 1:1(0) win 1').message).toBe(
      "line 1, column 1: a '*' time can only be used with outbound packets",
    );
    expect(refusal('+0 close(3) = 0\n  +0~+1 close(4) = 0').message).toBe(
      'line 2, column 3: a time range can only be used with outbound packets',
    );
    expect(refusal('* `true`').detail).toBe("a '*' time can only be used with outbound packets");
  });

  test('a line without a time is refused', () => {
    const error = refusal('+0 close(3) = 0\nclose(4) = 0');
    expect(error.message).toBe(
      "line 2, column 1: expected a time to start the event (such as '+0.1', '0.1' or '*'), found 'close'",
    );
    expect([error.line, error.column, error.sourceLine]).toStrictEqual([2, 1, 'close(4) = 0']);
  });

  test('a time alone on its line is refused at the end of that line', () => {
    expect(refusal('+0\n< S 0:0(0) win 1').message).toBe(
      "line 1, column 3: expected '<' or '>' (a packet), a system call or a `command` after the time, found end of line",
    );
  });

  test('a time too large for a JavaScript integer of microseconds is refused', () => {
    expect(refusal('+99999999999 close(4) = 0').message).toBe('line 1, column 2: time 99999999999 is too large');
  });
});

describe('packet lines', () => {
  test('outbound with no window and no options: window absent (not checked), options [] (none)', () => {
    expect(onlyPacket('+0 > P. 1:201(200) ack 1')).toStrictEqual({
      kind: 'packet',
      ...onLine(1, '+0 > P. 1:201(200) ack 1', after(0)),
      direction: 'outbound',
      flags: 'P.',
      seqStart: 1,
      seqEnd: 201,
      payloadLength: 200,
      ack: 1,
      options: [],
    });
  });

  test('a RST with ACK and a zero window: +.1 < R. 1:1(0) ack 1 win 0', () => {
    expect(onlyPacket('+.1 < R. 1:1(0) ack 1 win 0')).toStrictEqual({
      kind: 'packet',
      ...onLine(1, '+.1 < R. 1:1(0) ack 1 win 0', after(100_000)),
      direction: 'inbound',
      flags: 'R.',
      seqStart: 1,
      seqEnd: 1,
      payloadLength: 0,
      ack: 1,
      window: 0,
      options: [],
    });
  });

  test.each([
    ['S', 'S'],
    ['S.', 'S.'],
    ['.', '.'],
    ['F.', 'F.'],
    ['FP.', 'FP.'],
    ['R', 'R'],
    ['R.', 'R.'],
    ['U.', 'U.'],
    ['SEW', 'SEW'],
    ['SE.', 'SE.'],
    ['-', ''],
  ])('flags %s are kept as %j', (written, flags) => {
    expect(onlyPacket(`+0 < ${written} 0:0(0) win 100`).flags).toBe(flags);
  });

  test('urg N is the urgent pointer', () => {
    const packet = onlyPacket('+0 < U. 1:11(10) ack 1 win 100 urg 5');
    expect([packet.flags, packet.urgentPointer, packet.payloadLength]).toStrictEqual(['U.', 5, 10]);
  });

  test('a full option list is read in order, each option where it was written', () => {
    const text = '+0 < S 0:0(0) win 65535 <mss 1460,sackOK,nop,nop,TS val 100 ecr 0,nop,wscale 7>';
    expect(onlyPacket(text).options).toStrictEqual([
      mss(1460, 1, col(text, 'mss')),
      { kind: 'sackPermitted', line: 1, column: col(text, 'sackOK') },
      { kind: 'nop', line: 1, column: col(text, 'nop', 1) },
      { kind: 'nop', line: 1, column: col(text, 'nop', 2) },
      { kind: 'timestamp', value: 100, echo: 0, line: 1, column: col(text, 'TS') },
      { kind: 'nop', line: 1, column: col(text, 'nop', 3) },
      { kind: 'windowScale', shiftCount: 7, line: 1, column: col(text, 'wscale') },
    ]);
  });

  test('sack blocks: one or more left:right pairs', () => {
    const text = '+0 < . 1:1(0) ack 1 win 257 <sack 1461:2921 4381:5841,nop,nop,eol>';
    expect(onlyPacket(text).options).toStrictEqual([
      {
        kind: 'sack',
        blocks: [
          { left: 1461, right: 2921 },
          { left: 4381, right: 5841 },
        ],
        line: 1,
        column: col(text, 'sack'),
      },
      { kind: 'nop', line: 1, column: col(text, 'nop', 1) },
      { kind: 'nop', line: 1, column: col(text, 'nop', 2) },
      { kind: 'eol', line: 1, column: col(text, 'eol') },
    ]);
  });

  test('an option list may break across lines; the event text keeps both lines', () => {
    const text = '+0 > S. 0:0(0) ack 1 <mss 1460,\n    nop,wscale 8>';
    const packet = onlyPacket(text);
    expect(packet.sourceText).toBe(text);
    expect(packet.options).toStrictEqual([
      mss(1460, 1, 23),
      { kind: 'nop', line: 2, column: 5 },
      { kind: 'windowScale', shiftCount: 8, line: 2, column: 9 },
    ]);
  });

  test('an inbound packet without a window is refused, as packetdrill refuses it', () => {
    expect(refusal('+0 < S 0:0(0) <mss 100>').message).toBe(
      "line 1, column 15: expected 'win' and the window: an inbound packet must give its window, found '<'",
    );
    expect(refusal('+0 < . 1:1(0) ack 1\n+0 close(4) = 0').message).toBe(
      "line 1, column 20: expected 'win' and the window: an inbound packet must give its window, found end of line",
    );
    expect(refusal('+0 < . 1:1(0) ack 1').detail).toBe(
      "expected 'win' and the window: an inbound packet must give its window, found end of input",
    );
  });

  test('<...> on an inbound packet is refused', () => {
    expect(refusal('+0 < S 0:0(0) win 1 <...>').message).toBe(
      "line 1, column 21: '<...>' (any options) can only be used with outbound packets",
    );
  });

  test('an unknown flag letter is refused at that letter', () => {
    expect(refusal('+0 < SX 0:0(0) win 1').message).toBe(
      "line 1, column 7: 'X' is not a TCP flag (the flags are S F R P U E W and '.' for ACK)",
    );
  });

  test('a flag given twice is refused', () => {
    expect(refusal('+0 < FPF. 1:1(0) win 1').message).toBe("line 1, column 8: TCP flag 'F' appears twice in 'FPF'");
  });

  test('missing flags are refused', () => {
    expect(refusal('+0 < 0:0(0) win 1').message).toBe(
      "line 1, column 6: expected TCP flags (such as S, S., ., P. or F.) after '<', found '0'",
    );
  });

  test('sequence numbers that disagree with the length are refused', () => {
    expect(refusal('+0 > P. 1:1001(100) ack 1').message).toBe(
      'line 1, column 9: sequence numbers 1:1001 do not match the data length 100 (expected 1:101(100))',
    );
  });

  test('numbers out of their field range are refused', () => {
    expect(refusal('+0 < S 0:0(0) win 65536').message).toBe(
      'line 1, column 19: the window 65536 is out of range (0 to 65535)',
    );
    expect(refusal('+0 < S 4294967296:4294967296(0) win 1').message).toBe(
      'line 1, column 8: the start sequence number 4294967296 is out of range (0 to 4294967295)',
    );
    expect(refusal('+0 < S 0:0(0) win 1 <wscale 256>').detail).toBe('the shift count 256 is out of range (0 to 255)');
    expect(refusal('+0 < S 0:0(0) win 1 <mss -1>').detail).toBe('the MSS -1 is out of range (0 to 65535)');
    expect(refusal('+0 > . 1:1(0) ack 99999999999999999999').detail).toBe(
      'the acknowledgment number 99999999999999999999 is out of range (0 to 4294967295)',
    );
  });

  test('a malformed start:end(length) is refused at the missing part', () => {
    expect(refusal('+0 > . 1 ack 1').message).toBe(
      "line 1, column 10: expected ':' after the start sequence number (as in '1:1001(1000)'), found 'ack'",
    );
    expect(refusal('+0 > . 1:1 ack 1').message).toBe(
      "line 1, column 12: expected '(' and the data length after the end sequence number (as in '1:1001(1000)'), found 'ack'",
    );
  });

  test('optional parts out of order are refused, naming the order', () => {
    expect(refusal('+0 < . 1:1(0) win 1 ack 1').message).toBe(
      "line 1, column 21: expected end of line (a packet's optional parts come in the order: ack, win, urg, <options>), found 'ack'",
    );
  });

  test('unknown and unsupported options are refused', () => {
    expect(refusal('+0 > S 0:0(0) <mss 1460,FO abcd>').message).toBe(
      "line 1, column 25: 'FO' is not a TCP option this parser knows (mss, wscale, sackOK, sack, TS, nop or eol)",
    );
    expect(refusal('+0 > S 0:0(0) <>').message).toBe(
      "line 1, column 16: expected a TCP option (mss, wscale, sackOK, sack, TS, nop or eol), found '>'",
    );
    expect(refusal('+0 > S 0:0(0) <TS 1 ecr 2>').message).toBe(
      "line 1, column 19: expected 'val' after 'TS' (as in 'TS val 100 ecr 0'), found '1'",
    );
  });

  test('an unclosed option list is refused, pointing back at its <', () => {
    expect(refusal('+0 > S 0:0(0) <mss 100').message).toBe(
      "line 1, column 23: expected '>' to close the '<' at line 1, column 15, found end of input",
    );
  });

  test('UDP, ICMP and IP-level forms are refused by name', () => {
    expect(refusal('+0 < udp (1000)').message).toBe("line 1, column 6: only TCP packets are supported, found 'udp'");
    expect(refusal('+0 < [ttl 1] S 0:0(0) win 1').message).toBe(
      "line 1, column 7: 'ttl' is not an IP ECN codepoint (noecn, ect0, ect1, ce, ect01); other IP settings (tos, flowlabel, ttl) are not supported",
    );
  });
});

describe('system call lines', () => {
  test('setsockopt with an array argument: [1]', () => {
    const text = '+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0';
    expect(onlySyscall(text)).toStrictEqual({
      kind: 'syscall',
      ...onLine(1, text, after(0)),
      name: 'setsockopt',
      namePosition: pos(1, 4),
      args: [
        int(3, 1, 15),
        sym('SOL_SOCKET', 1, 18),
        sym('SO_REUSEADDR', 1, 30),
        { kind: 'array', elements: [int(1, 1, 45)], line: 1, column: 44 },
        int(4, 1, 49),
      ],
      result: int(0, 1, 54),
    });
  });

  test('fcntl with a bit-or of flags: O_RDWR|O_NONBLOCK', () => {
    const text = '+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0';
    expect(onlySyscall(text).args).toStrictEqual([
      int(3, 1, 10),
      sym('F_SETFL', 1, 13),
      { kind: 'bitOr', operands: [sym('O_RDWR', 1, 22), sym('O_NONBLOCK', 1, 29)], line: 1, column: 22 },
    ]);
  });

  test('connect failing with an errno and its description', () => {
    const text = '+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)';
    expect(onlySyscall(text)).toStrictEqual({
      kind: 'syscall',
      ...onLine(1, text, after(0)),
      name: 'connect',
      namePosition: pos(1, 4),
      args: [int(3, 1, 12), dots(1, 15), dots(1, 20)],
      result: int(-1, 1, 27),
      errno: 'EINPROGRESS',
      errnoPosition: pos(1, 30),
      note: 'Operation now in progress',
    });
  });

  test('an errno without a description, and a description without an errno', () => {
    const refused = onlySyscall('+0 connect(3, ..., ...) = -1 ECONNREFUSED');
    expect([refused.errno, refused.note]).toStrictEqual(['ECONNREFUSED', undefined]);
    const noted = onlySyscall('+0 write(4, ..., 10) = 10 (all of it)');
    expect([noted.errno, noted.note]).toStrictEqual([undefined, 'all of it']);
  });

  test.each([
    ['+0 bind(3, ..., ...) = 0', 'bind', 3],
    ['+0 listen(3, 1) = 0', 'listen', 2],
    ['+0 read(4, ..., 1000) = 1000', 'read', 3],
    ['+0 shutdown(4, SHUT_WR) = 0', 'shutdown', 2],
    ['+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0', 'getsockopt', 5],
  ])('%s', (text, name, argCount) => {
    const call = onlySyscall(text);
    expect([call.name, call.args.length]).toStrictEqual([name, argCount]);
  });

  test('shutdown(4, SHUT_WR) in full', () => {
    const text = '+0 shutdown(4, SHUT_WR) = 0';
    expect(onlySyscall(text)).toStrictEqual({
      kind: 'syscall',
      ...onLine(1, text, after(0)),
      name: 'shutdown',
      namePosition: pos(1, 4),
      args: [int(4, 1, 13), sym('SHUT_WR', 1, 16)],
      result: int(0, 1, 27),
    });
  });

  test('a blocking call: +0...0.200 accept() must return at 0.2 s', () => {
    const text = '+0...0.200 accept(3, ..., ...) = 4';
    const call = onlySyscall(text);
    expect([call.time, call.blockingEndUsecs, call.name]).toStrictEqual([after(0), 200_000, 'accept']);
  });

  test('poll with a struct of named fields spread over three lines', () => {
    const [line1, line2, line3] = [
      '+0 poll([{fd=3,',
      '         events=POLLIN|POLLOUT,',
      '         revents=POLLOUT}], 1, 100) = 1',
    ];
    const text = [line1, line2, line3].join('\n');
    const call = onlySyscall(text, parseSyntax);
    expect(call.sourceText).toBe(text);
    expect(call.args).toStrictEqual([
      {
        kind: 'array',
        elements: [
          {
            kind: 'struct',
            elements: [
              { kind: 'assign', target: sym('fd', 1, 11), value: int(3, 1, 14), line: 1, column: 11 },
              {
                kind: 'assign',
                target: sym('events', 2, 10),
                value: { kind: 'bitOr', operands: [sym('POLLIN', 2, 17), sym('POLLOUT', 2, 24)], line: 2, column: 17 },
                line: 2,
                column: 10,
              },
              { kind: 'assign', target: sym('revents', 3, 10), value: sym('POLLOUT', 3, 18), line: 3, column: 10 },
            ],
            line: 1,
            column: 10,
          },
        ],
        line: 1,
        column: 9,
      },
      int(1, 3, col(line3, '1,')),
      int(100, 3, col(line3, '100')),
    ]);
    expect(call.result).toStrictEqual(int(1, 3, col(line3, '= 1') + 2));
  });

  test('a sockaddr: calls, strings and hex numbers', () => {
    const text = '+0 bind(3, {sa_family=AF_INET, sin_port=htons(0x1f90), sin_addr=inet_addr("192.0.2.1")}, 16) = 0';
    const [, address] = onlySyscall(text).args;
    expect(address).toStrictEqual({
      kind: 'struct',
      elements: [
        {
          kind: 'assign',
          target: sym('sa_family', 1, 13),
          value: sym('AF_INET', 1, col(text, 'AF_INET')),
          line: 1,
          column: 13,
        },
        {
          kind: 'assign',
          target: sym('sin_port', 1, col(text, 'sin_port')),
          value: {
            kind: 'call',
            name: 'htons',
            args: [int(8080, 1, col(text, '0x1f90'))],
            line: 1,
            column: col(text, 'htons'),
          },
          line: 1,
          column: col(text, 'sin_port'),
        },
        {
          kind: 'assign',
          target: sym('sin_addr', 1, col(text, 'sin_addr')),
          value: {
            kind: 'call',
            name: 'inet_addr',
            args: [{ kind: 'string', value: '192.0.2.1', prefixOnly: false, line: 1, column: col(text, '"192') }],
            line: 1,
            column: col(text, 'inet_addr'),
          },
          line: 1,
          column: col(text, 'sin_addr'),
        },
      ],
      line: 1,
      column: 12,
    });
  });

  test('adjacent strings join, and "..." after a string matches a prefix', () => {
    const [, , , name] = onlySyscall(
      '+0 getsockopt(3, SOL_TCP, TCP_CONGESTION, "cu" "b"..., [8]) = 0',
      parseSyntax,
    ).args;
    expect(name).toStrictEqual({ kind: 'string', value: 'cub', prefixOnly: true, line: 1, column: 43 });
  });

  test('a symbolic result, empty arguments, and an empty struct', () => {
    const call = onlySyscall('+0 getpid() = PID', parseSyntax);
    expect([call.args, call.result]).toStrictEqual([[], sym('PID', 1, 15)]);
    expect(onlySyscall('+0 f({}) = 0', parseSyntax).args).toStrictEqual([
      { kind: 'struct', elements: [], line: 1, column: 6 },
    ]);
  });

  test('a name followed by a space and ( is a symbol and a note, not a call', () => {
    const call = onlySyscall('+0 read(4, ..., 1) = EAGAIN (Resource temporarily unavailable)');
    expect([call.result, call.errno, call.note]).toStrictEqual([
      sym('EAGAIN', 1, 22),
      undefined,
      'Resource temporarily unavailable',
    ]);
  });

  test('a missing result is refused at the end of the line', () => {
    expect(refusal('+0 close(4)\n+0 close(5) = 0').message).toBe(
      "line 1, column 12: expected '=' and the expected result after 'close(...)', found end of line",
    );
    expect(refusal('+0 close(4) =').message).toBe(
      `line 1, column 14: expected a value (a number, a name, '...', a "string", [...] or {...}), found end of input`,
    );
  });

  test('text after the result is refused', () => {
    expect(refusal('+0 close(4) = 0 EBADF (Bad file descriptor) extra').message).toBe(
      "line 1, column 45: expected end of line after the system call's result, found 'extra'",
    );
  });

  test('two events on one line are refused', () => {
    expect(refusal('+0 write(4, ..., 10) = 10 +0 close(4) = 0').message).toBe(
      "line 1, column 27: expected end of line after the system call's result, found '+'",
    );
  });

  test('an unclosed argument list is refused, pointing back at its (', () => {
    expect(refusal('+0 close(4 = 0').message).toBe(
      "line 1, column 12: expected ')' to close the '(' at line 1, column 9, found '='",
    );
  });

  test('an integer too large for JavaScript is refused', () => {
    expect(refusal('+0 write(4, ..., 99999999999999999999) = 1').detail).toBe(
      'integer 99999999999999999999 is too large',
    );
  });

  test('nesting deeper than 100 brackets is refused instead of overflowing the stack', () => {
    const deep = `+0 f(${'['.repeat(10_000)}1${']'.repeat(10_000)}) = 0`;
    expect(refusal(deep).detail).toBe('brackets nested more than 100 deep');
    const chain = `+0 f(${'a='.repeat(100_000)}1) = 0`;
    expect(onlySyscall(chain, parseSyntax).name).toBe('f');
  });
});

describe('shell commands, code, options', () => {
  test('a timed command keeps its text', () => {
    expect(only('+0 `sleep 1000000`')).toStrictEqual({
      kind: 'command',
      ...onLine(1, '+0 `sleep 1000000`', after(0)),
      command: 'sleep 1000000',
      commandPosition: pos(1, 4),
    });
  });

  test('untimed commands first and last are the setup and cleanup commands', () => {
    const script = '`../common/defaults.sh\n ../common/set_sysctls.py`\n0 close(3) = 0\n`/tmp/restore.sh`\n';
    expect(parseSyntax(script)).toStrictEqual({
      options: [],
      initCommand: {
        command: '../common/defaults.sh\n ../common/set_sysctls.py',
        line: 1,
        column: 1,
        sourceText: '`../common/defaults.sh\n ../common/set_sysctls.py`',
      },
      events: [
        {
          kind: 'syscall',
          ...onLine(3, '0 close(3) = 0', at(0)),
          name: 'close',
          namePosition: pos(3, 3),
          args: [int(3, 3, 9)],
          result: int(0, 3, 14),
        },
      ],
      cleanupCommand: { command: '/tmp/restore.sh', line: 4, column: 1, sourceText: '`/tmp/restore.sh`' },
    });
  });

  test('an untimed command between events is refused', () => {
    expect(refusal('+0 close(3) = 0\n`echo`\n+0 close(4) = 0').message).toBe(
      "line 2, column 1: a command without a time may come only first (setup) or last (cleanup); give it a time, as in '+0 `...`'",
    );
  });

  test('a %{ python }% block is kept as text', () => {
    expect(only('+0 %{ assert tcpi_state == 1 }%', parseSyntax)).toStrictEqual({
      kind: 'code',
      ...onLine(1, '+0 %{ assert tcpi_state == 1 }%', after(0)),
      code: 'assert tcpi_state == 1',
      codePosition: pos(1, 4),
      codeStart: pos(1, 7),
    });
  });

  test('--options before the first event', () => {
    expect(parseSyntax('--tolerance_usecs=10000\n--define=CC="reno" --verbose --ip="a b"\n').options).toStrictEqual([
      { name: 'tolerance_usecs', value: '10000', line: 1, column: 1 },
      { name: 'define', value: 'CC="reno"', line: 2, column: 1 },
      { name: 'verbose', line: 2, column: 20 },
      { name: 'ip', value: 'a b', line: 2, column: 30 },
    ]);
  });

  test('an option after the first event is refused', () => {
    expect(refusal('+0 close(3) = 0\n--verbose').message).toBe(
      "line 2, column 1: expected a time to start the event (such as '+0.1', '0.1' or '*'), found '--verbose'",
    );
  });
});

describe("--define NAME=VALUE: a word NAME is read as VALUE (packetdrill's lexer.l, word())", () => {
  const syscall = (text: string, definitions: Record<string, string>) =>
    parseScript(text, undefined, { definitions: new Map(Object.entries(definitions)) }).events[0] as SyscallEvent;

  test('an integer value (decimal or 0x hex) is an integer', () => {
    expect(syscall('0 close(FD) = 0', { FD: '0x10' }).args[0]).toMatchObject({ kind: 'integer', value: 16 });
  });

  test('any other value is a word: a symbol where the call reads one', () => {
    expect(syscall('0 setsockopt(3, SOL_SOCKET, OPT, [1], 4) = 0', { OPT: 'SO_REUSEADDR' }).args[2]).toMatchObject({
      kind: 'symbol',
      name: 'SO_REUSEADDR',
    });
  });

  test('a back-quoted value is a shell command', () => {
    const [event] = parseScript('0 close(3) = 0\n+1 CMD\n', undefined, {
      definitions: new Map([['CMD', '`sleep 1`']]),
    }).events.slice(1);
    expect(event).toMatchObject({ kind: 'command', command: 'sleep 1' });
  });

  test("a script's --define= line defines for the lines after it", () => {
    const script = parseScript('--define=FD=3\n0 close(FD) = 0\n');
    expect((script.events[0] as SyscallEvent).args[0]).toMatchObject({ kind: 'integer', value: 3 });
    expect(script.options).toEqual([expect.objectContaining({ name: 'define', value: 'FD=3' })]);
  });

  test('a --define= line that is not NAME=VALUE is refused at its line', () => {
    expect(refusal('--define=3\n0 close(3) = 0').message).toBe(
      "line 1, column 1: --define needs NAME=VALUE, NAME made of letters, digits and '_', not '3'",
    );
  });
});

describe('constructs the runner does not play are refused before anything runs, at their column', () => {
  const PLAYED =
    'socket, setsockopt, getsockopt, fcntl, bind, listen, accept, connect, write, send, read, recv, sendto, recvfrom, ' +
    'sendmsg, ioctl, epoll_create, epoll_ctl, epoll_wait, close, shutdown';

  test('an unknown system call, pointing at its name', () => {
    expect(refusal('+0 frobnicate(3) = 0').message).toBe(
      `line 1, column 4: unsupported system call 'frobnicate' (the runner plays ${PLAYED})`,
    );
  });

  test('an unknown system call after a line that would fail at run time is still found, on its own line', () => {
    expect(
      refusal('0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(9) = 0\n+0 frobnicate(3) = 0').message,
    ).toMatch(/^line 3, column 4: unsupported system call 'frobnicate'/);
  });

  test('a shell command other than sleep', () => {
    expect(refusal('+0 `echo hi`').message).toBe(
      'line 1, column 4: shell commands are not run; only `sleep N` and sysctl settings (`sysctl -q name=value`, `sysctl -w name=value`, set_sysctls.py /proc/sys/name=value, `tc qdisc add|replace|delete dev tun0 root …`) are understood, not `echo hi`',
    );
  });

  test('a setup command other than sleep', () => {
    expect(refusal('`../common/defaults.sh`\n0 close(3) = 0').message).toBe(
      'line 1, column 1: shell commands are not run; only `sleep N` and sysctl settings (`sysctl -q name=value`, `sysctl -w name=value`, set_sysctls.py /proc/sys/name=value, `tc qdisc add|replace|delete dev tun0 root …`) are understood, not `../common/defaults.sh`',
    );
  });

  test('sleep with a word for its seconds', () => {
    expect(refusal('+0 `sleep abc`').message).toBe(
      "line 1, column 4: `sleep abc`: 'abc': not a number of seconds (write `sleep N` with N in seconds, as in `sleep 1` or `sleep 0.5`)",
    );
  });

  test('sleep with an exponent, which no event time may have either', () => {
    expect(refusal('+0 `sleep 1e400`').detail).toBe(
      "`sleep 1e400`: '1e400': not a number of seconds (write `sleep N` with N in seconds, as in `sleep 1` or `sleep 0.5`)",
    );
  });

  test('sleep longer than the virtual clock can count in microseconds', () => {
    expect(refusal('+0 `sleep 99999999999`').detail).toMatch(
      /^`sleep 99999999999`: '99999999999' seconds: too long to wait/,
    );
  });

  test('sleep without its seconds', () => {
    expect(refusal('+0 `sleep`').detail).toMatch(/^`sleep`: no number of seconds/);
  });

  test('an unknown symbol where a number is read', () => {
    expect(refusal('+0 shutdown(4, SHUT_BOGUS) = 0').message).toBe(
      "line 1, column 16: shutdown: unknown symbol 'SHUT_BOGUS' (how may be SHUT_RD, SHUT_WR, SHUT_RDWR or a number)",
    );
  });

  test('a socket type the runner does not know', () => {
    expect(refusal('+0 socket(..., SOCK_DGRAM, IPPROTO_TCP) = 3').message).toBe(
      "line 1, column 16: socket: unknown symbol 'SOCK_DGRAM' (type may be SOCK_STREAM, SOCK_NONBLOCK or a number)",
    );
  });

  test('a known symbol in the wrong place', () => {
    expect(refusal('+0 shutdown(4, SOCK_STREAM) = 0').detail).toBe(
      'shutdown: SOCK_STREAM is not a value for how (how may be SHUT_RD, SHUT_WR, SHUT_RDWR or a number)',
    );
  });

  test('an unknown flag in a bit-or, pointing at that flag', () => {
    expect(refusal('+0 fcntl(3, F_SETFL, O_RDWR|O_SYNC) = 0').message).toBe(
      "line 1, column 29: fcntl: unknown symbol 'O_SYNC' (flags may be O_RDWR, O_NONBLOCK or a number)",
    );
  });

  test('a number in exponent notation, which the lexer reads as a word', () => {
    expect(refusal('+0 write(4, ..., 1e12) = 1').message).toBe(
      "line 1, column 18: write: '1e12' is not a number: write integers in decimal or 0x hex (count may be a number from 0 to 16777216)",
    );
  });

  test('a socket option the runner does not support', () => {
    expect(refusal('+0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0').message).toBe(
      'line 1, column 30: setsockopt: unsupported option SO_ZEROCOPY (supported: SO_REUSEADDR, SO_LINGER, SO_RCVBUF, SO_SNDBUF, TCP_MAXSEG, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT, SO_KEEPALIVE, SO_REUSEPORT, TCP_NODELAY)',
    );
  });

  test('a getsockopt option the runner does not read', () => {
    expect(refusal('+0 getsockopt(3, SOL_TCP, TCP_NODELAY, [0], [4]) = 0').detail).toBe(
      'getsockopt: unsupported option TCP_NODELAY (supported: SO_ERROR, SO_RCVBUF, SO_SNDBUF, TCP_MAXSEG, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT)',
    );
  });

  test('an unknown errno in the result', () => {
    expect(refusal('+0 connect(3, ..., ...) = -1 EFOO (x)').message).toBe(
      "line 1, column 30: connect: unknown errno 'EFOO' (the host sets ENOENT, EBADF, EAGAIN, EFAULT, EEXIST, EINVAL, EPIPE, ENOPROTOOPT, EOPNOTSUPP, " +
        'EADDRINUSE, EADDRNOTAVAIL, ECONNRESET, EISCONN, ENOTCONN, ETIMEDOUT, ECONNREFUSED, EALREADY, EINPROGRESS)',
    );
  });

  test('a word after a result of 0 is not taken for an errno', () => {
    expect(refusal('+0 close(4) = 0 garbage').message).toBe(
      "line 1, column 17: close: 'garbage' after the result: an errno may follow only a result of -1 (as in '= -1 EAGAIN')",
    );
  });

  test('a word after a byte count result is not taken for an errno', () => {
    expect(refusal('+0 write(4, ..., 10) = 10 extra').message).toBe(
      "line 1, column 27: write: 'extra' after the result: an errno may follow only a result of -1 (as in '= -1 EAGAIN')",
    );
  });

  test('a negative byte count', () => {
    expect(refusal('+0 write(4, ..., -1) = -1').message).toBe(
      "line 1, column 18: write: count must be a number from 0 to 16777216 (16 MiB, the runner's limit for one call), not -1",
    );
  });

  test('a byte count above the 16 MiB limit', () => {
    expect(refusal('+0 write(4, ..., 99999999999999) = 99999999999999').detail).toBe(
      "write: count must be a number from 0 to 16777216 (16 MiB, the runner's limit for one call), not 99999999999999",
    );
  });

  test('a negative read count', () => {
    expect(refusal('+0 read(4, ..., -5) = 0').detail).toBe(
      "read: count must be a number from 0 to 16777216 (16 MiB, the runner's limit for one call), not -5",
    );
  });

  test('send flags other than 0 or MSG_DONTWAIT', () => {
    expect(refusal('+0 send(4, ..., 10, 64) = 10').detail).toBe(
      'send: flags must be 0 (other MSG_* flags are not played), not 64',
    );
    expect(refusal('+0 send(4, ..., 10, MSG_PEEK) = 10').detail).toBe(
      'send: MSG_PEEK is not a value for flags (flags may be MSG_DONTWAIT or 0)',
    );
  });

  test('a wrong number of arguments, with the call as the man page writes it', () => {
    expect(refusal('+0 listen(3) = 0').message).toBe(
      'line 1, column 4: listen: expected 2 arguments, listen(fd, backlog), got 1',
    );
  });

  test("'...' where the runner reads a number", () => {
    expect(refusal('+0 close(...) = 0').message).toBe(
      "line 1, column 10: close: fd may be a number from 0 to 2147483647, not '...'",
    );
  });

  test('a string for a result', () => {
    expect(refusal('+0 close(3) = "x"').detail).toBe(
      'close: result may be a symbol or a number from -1 to 2147483647, not a string',
    );
  });

  test('a %{ python }% code block other than assert, at its first word', () => {
    expect(refusal('+0 %{ print(1) }%').message).toBe(
      "line 1, column 7: only 'assert <comparison>' is evaluated in %{ }% (packetdrill runs the block in Python; this runner runs no Python), found 'print'",
    );
  });

  test('an --option the runner does not read', () => {
    expect(refusal('--no_such_option=1\n0 close(3) = 0').message).toBe(
      'line 1, column 1: unsupported option --no_such_option (the runner reads --tolerance_usecs, --tolerance_percent, ' +
        '--bind_port, --connect_port, --mtu, --local_ip, --remote_ip, --ip_version, --define)',
    );
  });

  test('an --option whose value is out of its range', () => {
    expect(refusal('--bind_port=0\n0 close(3) = 0').detail).toBe('--bind_port needs a number from 1 to 65535');
  });
});

describe('comments and layout', () => {
  test('an empty script, or one of comments and blank lines, is grammatical but has no events, so nothing to play', () => {
    const commentsOnly = '// only\n\n/* comments\n here */\n   \n';
    expect(parseSyntax('')).toStrictEqual({ options: [], events: [] });
    expect(parseSyntax(commentsOnly)).toStrictEqual({ options: [], events: [] });
    const message =
      'line 1, column 1: the script has no event (a packet, a system call or a `command` with a time): nothing to play';
    expect(refusal('').message).toBe(message);
    expect(refusal(commentsOnly).message).toBe(message);
  });

  test('comments at the end of a line and inside a line are ignored', () => {
    const call = onlySyscall('+0 close(/* fd */ 4) = 0 // done');
    expect([call.args, call.result]).toStrictEqual([[int(4, 1, 19)], int(0, 1, 24)]);
  });

  test('indentation, CRLF line ends and the file name', () => {
    const script = parseScript(
      '    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\r\n   +0 listen(3, 1) = 0\r\n',
      'x.pkt',
    );
    expect(script.fileName).toBe('x.pkt');
    expect(script.events.map((event) => [event.line, event.column, event.sourceText])).toStrictEqual([
      [1, 5, '    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3'],
      [2, 4, '   +0 listen(3, 1) = 0'],
    ]);
  });

  test('errors carry the file name, line, column and the line itself', () => {
    const error = refusal('+0 close(4) = 0\n\n+0 x 1:1(0)', 'state.pkt');
    expect(error).toBeInstanceOf(ScriptParseError);
    expect(error.name).toBe('ScriptParseError');
    expect(error.message).toBe(
      "state.pkt: line 3, column 4: expected '<' or '>' (a packet), a system call or a `command` after the time, found 'x'",
    );
    expect([error.fileName, error.line, error.column, error.sourceLine]).toStrictEqual([
      'state.pkt',
      3,
      4,
      '+0 x 1:1(0)',
    ]);
  });

  test('unterminated comments, strings, commands and code are refused where they start', () => {
    expect(refusal('+0 close(4) = 0\n  /* never closed').message).toBe(
      "line 2, column 3: unterminated comment: '/*' has no closing '*/'",
    );
    expect(refusal('+0 f("abc) = 0').message).toBe(`line 1, column 6: unterminated string: no closing '"'`);
    expect(refusal('+0 `sleep 1').message).toBe("line 1, column 4: unterminated command: no closing '`'");
    expect(refusal('+0 %{ x = 1').message).toBe("line 1, column 4: unterminated code block: '%{' has no closing '}%'");
  });

  test('web-extraction debris glued to a line is refused, not skipped', () => {
    expect(refusal('+.1 close(4) = 0执行上的脚本').message).toBe(
      "line 1, column 17: expected end of line after the system call's result, found '执'",
    );
  });
});

// ---------------------------------------------------------------------------

/** The law of the parser: any text yields a Script or a ScriptParseError, never another exception. */
function parsesOrRefuses(text: string): boolean {
  try {
    const script = parseScript(text);
    return Array.isArray(script.events);
  } catch (error) {
    if (error instanceof ScriptParseError) return true;
    throw error;
  }
}

/** Pieces of the language and near-misses, so random text reaches deep into the grammar. */
const FRAGMENTS = [
  '+0',
  '+.1',
  '.1',
  '0.200',
  '*',
  '~',
  '+',
  '-1',
  '0x1f',
  '99999999999999999999',
  '<',
  '>',
  'S',
  'S.',
  '.',
  'F.',
  'P.',
  'R',
  'SEW',
  'X',
  '0:0(0)',
  '1:1001(1000)',
  '1:1',
  ':',
  '(',
  ')',
  'ack',
  'win',
  'urg',
  '1',
  '65535',
  '<mss 100>',
  '<...>',
  '<',
  'mss',
  'wscale',
  'sack',
  '1461:2921',
  'TS',
  'val',
  'ecr',
  'nop',
  'sackOK',
  ',',
  '...',
  'socket',
  'close',
  '(4)',
  '=',
  '= 0',
  'EINPROGRESS',
  '(Operation now in progress)',
  '[',
  ']',
  '{',
  '}',
  '|',
  'fd=3',
  'htons(80)',
  '"s"',
  '"',
  '`sleep 1`',
  '`',
  '%{ x }%',
  '%{',
  '}%',
  '//',
  '/*',
  '*/',
  '--opt=1',
  'udp',
  '执行',
  '\t',
  '\r\n',
];

describe('properties', () => {
  test('every article script parses, and parsing is deterministic', () => {
    for (const text of Object.values(ARTICLE_SCRIPTS)) expect(parseScript(text)).toStrictEqual(parseScript(text));
  });

  test('arbitrary text: a Script or a ScriptParseError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrRefuses), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrRefuses), { numRuns: 1000 });
  });

  test('text shaped like packetdrill: a Script or a ScriptParseError', () => {
    const separator = fc.constantFrom(' ', ' ', ' ', '\n', '');
    const line = fc
      .array(fc.tuple(fc.constantFrom(...FRAGMENTS), separator), { maxLength: 16 })
      .map((parts) => parts.map(([fragment, space]) => fragment + space).join(''));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }).map((lines) => lines.join('\n')),
        parsesOrRefuses,
      ),
      {
        numRuns: 3000,
      },
    );
  });

  test('article scripts with random damage: a Script or a ScriptParseError', () => {
    const damaged = fc
      .tuple(
        fc.constantFrom(...Object.values(ARTICLE_SCRIPTS)),
        fc.nat(),
        fc.nat({ max: 8 }),
        fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })),
      )
      .map(([text, offset, deleted, inserted]) => {
        const at = offset % (text.length + 1);
        return text.slice(0, at) + inserted + text.slice(at + deleted);
      });
    fc.assert(fc.property(damaged, parsesOrRefuses), { numRuns: 3000 });
  });

  test('a packet line built from random fields parses back to those fields', () => {
    // Each option's size on the wire, so that a list fits the 40 bytes of a TCP header.
    const FIXED_BYTES: Record<string, number> = { mss: 4, windowScale: 3, sackPermitted: 2, nop: 1, timestamp: 10 };
    const wireBytes = (option: { kind: string } | { kind: 'sack'; blocks: readonly unknown[] }) =>
      'blocks' in option ? 2 + 8 * option.blocks.length : FIXED_BYTES[option.kind]!;
    const u32 = fc.nat({ max: 2 ** 32 - 1 });
    const u16 = fc.nat({ max: 65535 });
    const options = fc
      .array(
        fc.oneof(
          u16.map((value) => [`mss ${value}`, { kind: 'mss', value }] as const),
          fc
            .nat({ max: 255 })
            .map((shiftCount) => [`wscale ${shiftCount}`, { kind: 'windowScale', shiftCount }] as const),
          fc.constant(['sackOK', { kind: 'sackPermitted' }] as const),
          fc.constant(['nop', { kind: 'nop' }] as const),
          fc
            .tuple(u32, u32)
            .map(([value, echo]) => [`TS val ${value} ecr ${echo}`, { kind: 'timestamp', value, echo }] as const),
          fc
            .array(fc.tuple(u32, u32), { minLength: 1, maxLength: 4 })
            .map(
              (pairs) =>
                [
                  `sack ${pairs.map(([left, right]) => `${left}:${right}`).join(' ')}`,
                  { kind: 'sack', blocks: pairs.map(([left, right]) => ({ left, right })) },
                ] as const,
            ),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .filter((list) => list.reduce((bytes, [, option]) => bytes + wireBytes(option), 0) <= 40);
    const packet = fc.record({
      usecs: fc.nat({ max: 10 ** 9 }),
      inbound: fc.boolean(),
      letters: fc.subarray([...'SFRPUEW']),
      ackFlag: fc.boolean(),
      seqStart: fc.nat({ max: 2 ** 32 - 1 - 65535 }),
      payloadLength: u16,
      ack: fc.option(u32, { nil: undefined }),
      window: fc.option(u16, { nil: undefined }),
      urgentPointer: fc.option(u16, { nil: undefined }),
      options: fc.option(options, { nil: undefined }),
    });
    fc.assert(
      fc.property(packet, (spec) => {
        const flags = spec.letters.join('') + (spec.ackFlag ? '.' : '');
        const window = spec.inbound ? (spec.window ?? 1) : spec.window;
        const seconds = `${Math.floor(spec.usecs / 1e6)}.${String(spec.usecs % 1e6).padStart(6, '0')}`;
        const seqEnd = spec.seqStart + spec.payloadLength;
        const text = [
          `+${seconds}`,
          spec.inbound ? '<' : '>',
          flags === '' ? '-' : flags,
          `${spec.seqStart}:${seqEnd}(${spec.payloadLength})`,
          spec.ack !== undefined ? `ack ${spec.ack}` : '',
          window !== undefined ? `win ${window}` : '',
          spec.urgentPointer !== undefined ? `urg ${spec.urgentPointer}` : '',
          spec.options !== undefined ? `<${spec.options.map(([written]) => written).join(',')}>` : '',
        ]
          .filter((part) => part !== '')
          .join(' ');
        const parsed = onlyPacket(text);
        const { line: _line, column: _column, sourceText: _sourceText, ...fields } = parsed;
        const optionFields =
          parsed.options === 'any' ? [] : parsed.options.map(({ line: _l, column: _c, ...option }) => option);
        expect({ ...fields, options: optionFields }).toStrictEqual({
          kind: 'packet',
          time: after(spec.usecs),
          direction: spec.inbound ? 'inbound' : 'outbound',
          flags,
          seqStart: spec.seqStart,
          seqEnd,
          payloadLength: spec.payloadLength,
          ...(spec.ack !== undefined ? { ack: spec.ack } : {}),
          ...(window !== undefined ? { window } : {}),
          ...(spec.urgentPointer !== undefined ? { urgentPointer: spec.urgentPointer } : {}),
          options: (spec.options ?? []).map(([, option]) => option),
        });
      }),
      { numRuns: 500 },
    );
  });
});
