/**
 * The closing states (RFC 9293 §3.10.4 and §3.10.7.4): FIN-WAIT-1,
 * FIN-WAIT-2, CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT. Our FIN is
 * LOCAL_SEQ + 1 (acknowledged by LOCAL_SEQ + 2); the peer's FIN is
 * REMOTE_SEQ + 1 (acknowledged by REMOTE_SEQ + 2).
 */
import type { TcpState } from '../../machines/tcp.machine';
import { TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, LOCAL_SEQ, REMOTE_SEQ, text } from './fixtures';

/** Our ACK once our FIN is sent and the peer's is not yet received. */
const ACK_AFTER_OUR_FIN = { flags: '.', seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 1 } as const;
/** Our ACK once both FINs are in sequence space. */
const ACK_BOTH_FINS = { flags: '.', seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 2 } as const;
/** Our ACK of the peer's FIN, before ours. */
const ACK_THEIR_FIN = { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 } as const;
const OUR_FIN = { flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;

describe('FIN_WAIT_1', () => {
  test('FIN_WAIT_1 + ACK of the FIN -> FIN_WAIT_2, sends nothing', () => {
    const f = connectionIn('FIN_WAIT_1');
    expect(f.peer()).toEqual({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.recv(f.peer());
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
  });

  test('FIN_WAIT_1 + ACK not covering the FIN -> stays FIN_WAIT_1', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('FIN_WAIT_1 + FIN (not acknowledging ours) -> CLOSING, sends ACK (simultaneous close)', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('CLOSING');
  });

  test('FIN_WAIT_1 + FIN-ACK of our FIN -> TIME_WAIT, sends ACK (FIN_WAIT_2 skipped)', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('FIN_WAIT_1 + data -> delivered and acknowledged, stays FIN_WAIT_1', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'more' });
    f.expectSent([{ ...ACK_AFTER_OUR_FIN, ack: REMOTE_SEQ + 5, window: 65531 }]);
    expect(f.state).toBe('FIN_WAIT_1');
    expect(text(f.connection.read())).toBe('more');
  });

  test('FIN_WAIT_1 + RST (SEG.SEQ = RCV.NXT) -> CLOSED, "connection reset"', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
  });

  test('FIN_WAIT_1 + RST in the window, not exact -> challenge ACK', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    f.expectSent([ACK_AFTER_OUR_FIN]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('FIN_WAIT_1 + SYN -> challenge ACK', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 5 });
    f.expectSent([ACK_AFTER_OUR_FIN]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('FIN_WAIT_1 + abort() -> CLOSED, sends <SEQ=SND.NXT><CTL=RST>', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.connection.abort();
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 2, window: 0 }]);
    expect(f.state).toBe('CLOSED');
  });

  test('FIN_WAIT_1 + FIN timeout -> FIN retransmitted', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.clock.advance(1000);
    f.expectSent([OUR_FIN]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('FIN_WAIT_1 after close() in SYN_RECEIVED + timeout -> the SYN-ACK is resent first', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.connection.close();
    f.clearSent();
    f.clock.advance(1000);
    f.expectSent([{ flags: 'S.', seq: LOCAL_SEQ, ack: REMOTE_SEQ + 1, options: { mss: 1460 } }]);
    expect(f.state).toBe('FIN_WAIT_1');
  });
});

describe('FIN_WAIT_2', () => {
  test('FIN_WAIT_2 + FIN -> TIME_WAIT, sends ACK', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('FIN_WAIT_2 + data -> delivered and acknowledged', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2, payload: 'tail' });
    f.expectSent([{ ...ACK_AFTER_OUR_FIN, ack: REMOTE_SEQ + 5, window: 65531 }]);
    expect(f.state).toBe('FIN_WAIT_2');
    expect(text(f.connection.read())).toBe('tail');
  });

  test('FIN_WAIT_2 + duplicate ACK -> ignored', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
  });

  test('FIN_WAIT_2 + RST (SEG.SEQ = RCV.NXT) -> CLOSED, "connection reset"', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
  });

  test('FIN_WAIT_2 + SYN -> challenge ACK', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 5 });
    f.expectSent([ACK_AFTER_OUR_FIN]);
  });

  test('FIN_WAIT_2 has no timer (RFC 9293 sets none)', () => {
    const f = connectionIn('FIN_WAIT_2');
    const v = f.connection.variables;
    expect([v.retransmitDeadline, v.persistDeadline, v.timeWaitDeadline]).toEqual([null, null, null]);
    f.clock.advance(3_600_000);
    f.expectSent([]);
    expect(f.state).toBe('FIN_WAIT_2');
  });

  test('FIN_WAIT_2 + abort() -> CLOSED, sends RST', () => {
    const f = connectionIn('FIN_WAIT_2');
    f.connection.abort();
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 2, window: 0 }]);
    expect(f.state).toBe('CLOSED');
  });
});

describe('CLOSE_WAIT', () => {
  test('CLOSE_WAIT + close() -> LAST_ACK, sends FIN', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 }]);
    expect(f.state).toBe('LAST_ACK');
  });

  test('CLOSE_WAIT + send() -> data sent (the peer only closed its half)', () => {
    const f = connectionIn('CLOSE_WAIT');
    expect(f.connection.send(bytes('reply'))).toBe(5);
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2, payload: 'reply' }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('CLOSE_WAIT + retransmitted FIN -> not acceptable: sends ACK', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK_THEIR_FIN]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  // RFC 9293 §3.10.7.4: the first check (acceptability) answers with an ACK before the fifth
  // ("if the ACK bit is off, drop the segment") is reached.
  test('CLOSE_WAIT + retransmitted FIN without the ACK bit -> not acceptable: sends ACK', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags: 'F', seq: REMOTE_SEQ + 1 });
    f.expectSent([ACK_THEIR_FIN]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('CLOSE_WAIT + data after the FIN -> the text is ignored (seventh step)', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1, payload: 'late' });
    f.expectSent([]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('CLOSE_WAIT + read() with nothing left -> error: connection closing', () => {
    const f = connectionIn('CLOSE_WAIT');
    expect(() => f.connection.read()).toThrow(new TcpUserError('connection closing'));
  });

  test('CLOSE_WAIT + RST (SEG.SEQ = RCV.NXT) -> CLOSED, "connection reset"', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
  });

  test('CLOSE_WAIT + SYN -> challenge ACK', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 9 });
    f.expectSent([ACK_THEIR_FIN]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('CLOSE_WAIT + abort() -> CLOSED, sends RST', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.connection.abort();
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 1, window: 0 }]);
    expect(f.state).toBe('CLOSED');
  });
});

describe('CLOSING', () => {
  test('CLOSING + ACK of our FIN -> TIME_WAIT, sends nothing', () => {
    const f = connectionIn('CLOSING');
    f.recv(f.peer());
    f.expectSent([]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('CLOSING + ACK not covering our FIN -> ignored', () => {
    const f = connectionIn('CLOSING');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSING');
  });

  test('CLOSING + retransmitted FIN -> sends ACK', () => {
    const f = connectionIn('CLOSING');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('CLOSING');
  });

  test('CLOSING + RST (SEG.SEQ = RCV.NXT) -> CLOSED, no error reported', () => {
    const f = connectionIn('CLOSING');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBeNull();
  });

  test('CLOSING + timeout -> FIN retransmitted', () => {
    const f = connectionIn('CLOSING');
    f.clock.advance(1000);
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 }]);
    expect(f.state).toBe('CLOSING');
  });

  test('CLOSING + abort() -> CLOSED, sends nothing', () => {
    const f = connectionIn('CLOSING');
    f.connection.abort();
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });
});

describe('LAST_ACK', () => {
  test('LAST_ACK + ACK of our FIN -> CLOSED, sends nothing', () => {
    const f = connectionIn('LAST_ACK');
    f.recv(f.peer());
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBeNull();
  });

  test('LAST_ACK + ACK not covering our FIN -> stays LAST_ACK', () => {
    const f = connectionIn('LAST_ACK');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('LAST_ACK');
  });

  test('LAST_ACK + retransmitted FIN -> sends ACK', () => {
    const f = connectionIn('LAST_ACK');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('LAST_ACK');
  });

  test('LAST_ACK + RST (SEG.SEQ = RCV.NXT) -> CLOSED, no error reported', () => {
    const f = connectionIn('LAST_ACK');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBeNull();
  });

  test('LAST_ACK + SYN -> challenge ACK', () => {
    const f = connectionIn('LAST_ACK');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 9 });
    f.expectSent([ACK_BOTH_FINS]);
  });

  test('LAST_ACK + timeout -> FIN retransmitted', () => {
    const f = connectionIn('LAST_ACK');
    f.clock.advance(1000);
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2 }]);
  });

  test('LAST_ACK after send() + timeout -> the data is resent before the FIN', () => {
    const f = connectionIn('CLOSE_WAIT');
    f.connection.send(bytes('xy'));
    f.connection.close();
    f.clearSent();
    f.clock.advance(1000);
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 2, payload: 'xy' }]);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 3 });
    f.expectSent([]);
    f.clock.advance(3000);
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 3, ack: REMOTE_SEQ + 2 }]);
  });

  test('LAST_ACK + abort() -> CLOSED, sends nothing', () => {
    const f = connectionIn('LAST_ACK');
    f.connection.abort();
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });
});

describe('TIME_WAIT', () => {
  test('TIME_WAIT + retransmitted FIN -> sends ACK, restarts the 2MSL timer', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advance(30_000);
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.connection.variables.timeWaitDeadline).toBe(90_000);
  });

  test('TIME_WAIT + acceptable ACK -> sends ACK, restarts the 2MSL timer (RFC 9293 §3.10.7.4 fifth)', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advance(30_000);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 2 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('TIME_WAIT');
    expect(f.connection.variables.timeWaitDeadline).toBe(90_000);
  });

  test('TIME_WAIT + FIN-ACK at RCV.NXT (a new FIN, acceptable) -> sends ACK, restarts the 2MSL timer', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advance(30_000);
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 2 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.connection.variables.timeWaitDeadline).toBe(90_000);
  });

  test('TIME_WAIT + RST (SEG.SEQ = RCV.NXT) -> CLOSED (RFC 9293 §3.10.7.4)', () => {
    const f = connectionIn('TIME_WAIT');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBeNull();
  });

  test('TIME_WAIT with rfc1337 + RST -> ignored (RFC 1337 §3)', () => {
    const f = connectionIn('TIME_WAIT', { rfc1337: true });
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 2 });
    f.expectSent([]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('TIME_WAIT + SYN -> challenge ACK, stays TIME_WAIT', () => {
    const f = connectionIn('TIME_WAIT');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 100 });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('TIME_WAIT');
  });

  test('TIME_WAIT + data at RCV.NXT -> sends ACK (text ignored), restarts the 2MSL timer', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advance(30_000);
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 2, payload: 'x' });
    f.expectSent([ACK_BOTH_FINS]);
    expect(f.state).toBe('TIME_WAIT');
    expect(f.connection.variables.timeWaitDeadline).toBe(90_000);
  });

  test('TIME_WAIT + abort() -> CLOSED, sends nothing', () => {
    const f = connectionIn('TIME_WAIT');
    f.connection.abort();
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });
});

const AFTER_OUR_CLOSE: TcpState[] = ['FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];

describe('user calls after close()', () => {
  test.each(AFTER_OUR_CLOSE)('%s + send() -> error: connection closing', (state) => {
    const f = connectionIn(state);
    expect(() => f.connection.send(bytes('x'))).toThrow(new TcpUserError('connection closing'));
    f.expectSent([]);
    expect(f.state).toBe(state);
  });

  test.each(AFTER_OUR_CLOSE)('%s + close() -> error: connection closing', (state) => {
    const f = connectionIn(state);
    expect(() => f.connection.close()).toThrow(new TcpUserError('connection closing'));
    f.expectSent([]);
    expect(f.state).toBe(state);
  });

  test.each([...AFTER_OUR_CLOSE, 'CLOSE_WAIT'] as TcpState[])(
    '%s + connect() or listen() -> error: connection already exists',
    (state) => {
      const f = connectionIn(state);
      expect(() => f.connection.connect()).toThrow(new TcpUserError('connection already exists'));
      expect(() => f.connection.listen()).toThrow(new TcpUserError('connection already exists'));
      expect(f.state).toBe(state);
    },
  );
});

/** Each synchronized state with our SND.NXT and RCV.NXT there (offsets from the ISSs). */
const SYNCHRONIZED: Array<[TcpState, number, number]> = [
  ['ESTABLISHED', 1, 1],
  ['FIN_WAIT_1', 2, 1],
  ['FIN_WAIT_2', 2, 1],
  ['CLOSE_WAIT', 1, 2],
  ['CLOSING', 2, 2],
  ['LAST_ACK', 2, 2],
  ['TIME_WAIT', 2, 2],
];

describe('every synchronized state alike (RFC 9293 §3.10.7.4, RFC 5961)', () => {
  test.each(SYNCHRONIZED)('%s + data beyond the window -> sends ACK, state unchanged', (state, sndNxt, rcvNxt) => {
    const f = connectionIn(state);
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + rcvNxt + 70_000, ack: LOCAL_SEQ + sndNxt, payload: 'x' });
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + sndNxt, ack: REMOTE_SEQ + rcvNxt }]);
    expect(f.state).toBe(state);
  });

  test.each(SYNCHRONIZED)(
    '%s + ACK of something not yet sent -> sends ACK, state unchanged',
    (state, sndNxt, rcvNxt) => {
      const f = connectionIn(state);
      f.recv({ flags: '.', seq: REMOTE_SEQ + rcvNxt, ack: LOCAL_SEQ + sndNxt + 10 });
      f.expectSent([{ flags: '.', seq: LOCAL_SEQ + sndNxt, ack: REMOTE_SEQ + rcvNxt }]);
      expect(f.state).toBe(state);
    },
  );

  test.each(SYNCHRONIZED)('%s + RST in the window, not at RCV.NXT -> challenge ACK', (state, sndNxt, rcvNxt) => {
    const f = connectionIn(state);
    f.recv({ flags: 'R', seq: REMOTE_SEQ + rcvNxt + 1000 });
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + sndNxt, ack: REMOTE_SEQ + rcvNxt }]);
    expect(f.state).toBe(state);
  });

  test.each(SYNCHRONIZED)('%s + RST out of the window -> dropped silently', (state, _sndNxt, rcvNxt) => {
    const f = connectionIn(state);
    f.recv({ flags: 'R', seq: REMOTE_SEQ + rcvNxt - 1 });
    f.expectSent([]);
    expect(f.state).toBe(state);
  });

  test.each(SYNCHRONIZED)('%s + SYN-ACK -> challenge ACK', (state, sndNxt, rcvNxt) => {
    const f = connectionIn(state);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ flags: '.', seq: LOCAL_SEQ + sndNxt, ack: REMOTE_SEQ + rcvNxt }]);
    expect(f.state).toBe(state);
  });

  test.each(SYNCHRONIZED)('%s + segment without ACK bit -> dropped', (state, _sndNxt, rcvNxt) => {
    const f = connectionIn(state);
    f.recv({ flags: '', seq: REMOTE_SEQ + rcvNxt });
    f.expectSent([]);
    expect(f.state).toBe(state);
  });
});
