/**
 * Delayed acknowledgments in TcpConnection (RFC 9293 §3.8.6.3, SHLD-18;
 * RFC 1122 §4.2.3.2), one scenario per test: the ACK of in-order text waits
 * `ackDelay` ms for a segment to carry it; a second segment, out-of-order
 * text, a segment that fills a hole and a FIN are acknowledged at once; any
 * segment that carries the ACK clears the pending one.
 */
import { bytes, connectionIn, LOCAL_SEQ, REMOTE_SEQ } from './fixtures';

const ACK_DELAY = 40;
const delayed = { ackDelay: ACK_DELAY };
const ACK = { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;
const DATA = { flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abcdef' } as const;

describe('ESTABLISHED: in-order text', () => {
  test('ESTABLISHED + data at RCV.NXT -> delivered, nothing sent yet; the ACK leaves 40 ms later', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.expectSent([]);
    expect(f.connection.variables.ackDeadline).toBe(ACK_DELAY);
    expect(f.nextTimer()).toBe(ACK_DELAY);
    f.expectSentAt([[ACK_DELAY, { ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]]);
    expect(f.connection.variables.ackDeadline).toBeNull();
  });

  test('ESTABLISHED + data, 1 ms short of ackDelay -> still nothing sent', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.clock.advance(ACK_DELAY - 1);
    f.expectSent([]);
  });

  // RFC 1122 §4.2.3.2: "an ACK SHOULD be generated for at least every second full-sized segment".
  test('ESTABLISHED + a second segment while the ACK is pending -> one ACK at once covers both', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.clock.advance(10);
    f.recv({ ...DATA, seq: REMOTE_SEQ + 7, payload: 'ghi' });
    f.expectSentAt([[10, { ...ACK, ack: REMOTE_SEQ + 10, window: 65535 - 9 }]]);
    expect(f.connection.variables.ackDeadline).toBeNull();
    expect(f.clock.nextTimerAt()).toBeUndefined();
  });

  test('ESTABLISHED + data, then send() -> the data segment carries the ACK; no bare ACK follows', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.connection.send(bytes('xyz'));
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 7, window: 65535 - 6, payload: 'xyz' }]);
    expect(f.connection.variables.ackDeadline).toBeNull();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 7, ack: LOCAL_SEQ + 4 });
    f.expectSent([]);
    expect(f.clock.nextTimerAt()).toBeUndefined();
  });

  test('ESTABLISHED + data, then close() -> the FIN carries the ACK: FIN_WAIT_1, no bare ACK follows', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
    expect(f.state).toBe('FIN_WAIT_1');
    expect(f.connection.variables.ackDeadline).toBeNull();
  });

  // The clock timer set for the retransmission timeout (1 s) still fires after the ACK of our data stopped that
  // timer; only deadlines that have passed act (RFC 9293 §3.8.6.3: the ACK may wait its delay, here 40 ms).
  test('ESTABLISHED + our data, then at 990 ms data that acknowledges it -> nothing at 1 s; the ACK leaves at 1030 ms', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.connection.send(bytes('xyz'));
    f.clock.advanceTo(990);
    f.recv({ ...DATA, ack: LOCAL_SEQ + 4 });
    expect(f.connection.variables.retransmitDeadline).toBeNull();
    expect(f.connection.variables.ackDeadline).toBe(990 + ACK_DELAY);
    expect(f.clock.nextTimerAt()).toBe(1000);
    f.clock.advanceTo(990 + ACK_DELAY);
    f.expectSentAt([
      [0, { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'xyz' }],
      [990 + ACK_DELAY, { ...ACK, seq: LOCAL_SEQ + 4, ack: REMOTE_SEQ + 7, window: 65535 - 6 }],
    ]);
  });

  test('ESTABLISHED with ackDelay 0 + data -> the ACK leaves at once', () => {
    const f = connectionIn('ESTABLISHED', { ackDelay: 0 });
    f.recv(DATA);
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
  });
});

describe('ESTABLISHED: what is acknowledged at once', () => {
  test('ESTABLISHED + data ahead of RCV.NXT -> held, a duplicate ACK at once', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv({ ...DATA, seq: REMOTE_SEQ + 4, payload: 'def' });
    f.expectSent([ACK]);
    expect(f.connection.variables.ackDeadline).toBeNull();
  });

  // RFC 5681 §4.2: "fills in all or part of a gap": whether the segment ends inside the held text, at its end or
  // past it (the held copy then a duplicate), or short of it (a gap left).
  test.each([
    ['ends inside the held text', 'abcd', 7],
    ['ends where the held text ends', 'abcdef', 7],
    ['ends past the held text', 'abcdefg', 8],
    ['ends short of the held text, a gap left', 'ab', 3],
  ])('ESTABLISHED + text held at +4 + a segment at RCV.NXT that %s -> ACK at once', (_name, payload, acked) => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv({ ...DATA, seq: REMOTE_SEQ + 4, payload: 'def' });
    f.clearSent();
    f.recv({ ...DATA, payload });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + acked, window: 65535 - (acked - 1) }]);
    expect(f.connection.variables.ackDeadline).toBeNull();
  });

  test('ESTABLISHED + FIN (the ACK of earlier text pending) -> CLOSE_WAIT, one ACK of text and FIN at once', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 7, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 8, window: 65535 - 6 }]);
    expect(f.state).toBe('CLOSE_WAIT');
    expect(f.clock.nextTimerAt()).toBeUndefined();
  });

  test('ESTABLISHED + data with FIN -> CLOSE_WAIT, ACK at once', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv({ ...DATA, flags: 'FP.' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 8, window: 65535 - 6 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('ESTABLISHED + data (ACK pending) + SYN -> the challenge ACK carries it; nothing more at 40 ms', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 100, ack: 0 });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
    expect(f.clock.nextTimerAt()).toBeUndefined();
  });
});

describe('the handshake and FIN-WAIT', () => {
  test('SYN_RECEIVED + ACK with data -> ESTABLISHED, the text acknowledged at once', () => {
    const f = connectionIn('SYN_RECEIVED', delayed);
    f.recv(DATA);
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('FIN_WAIT_1 + data whose ACK covers our FIN -> FIN_WAIT_2, the ACK leaves 40 ms later', () => {
    const f = connectionIn('FIN_WAIT_1', delayed);
    f.recv({ ...DATA, ack: LOCAL_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
    expect(f.nextTimer()).toBe(ACK_DELAY);
    f.expectSent([{ ...ACK, seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
  });

  test('FIN_WAIT_2 + data, then FIN -> TIME_WAIT, one ACK at once; the 2 MSL wait is the only timer', () => {
    const f = connectionIn('FIN_WAIT_2', delayed);
    f.recv({ ...DATA, ack: LOCAL_SEQ + 2 });
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 7, ack: LOCAL_SEQ + 2 });
    f.expectSent([{ ...ACK, seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 8, window: 65535 - 6 }]);
    expect(f.state).toBe('TIME_WAIT');
    expect(f.connection.variables.ackDeadline).toBeNull();
  });
});

describe('snapshots', () => {
  test('a snapshot keeps the pending ACK; the restored connection sends it at the same time', () => {
    const f = connectionIn('ESTABLISHED', delayed);
    f.recv(DATA);
    const snapshot = f.connection.snapshot();
    f.connection.restoreInPlace(snapshot);
    expect(f.nextTimer()).toBe(ACK_DELAY);
    f.expectSentAt([[ACK_DELAY, { ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]]);
  });
});
