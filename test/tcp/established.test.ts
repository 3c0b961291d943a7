/**
 * ESTABLISHED (RFC 9293 §3.10.7.4): every kind of segment that matters, in
 * and out of the window, with acceptable and unacceptable acknowledgments,
 * and the user calls. Data transfer in depth is in data.test.ts.
 */
import { TcpUserError } from '../../src/tcp/errors';
import { bytes, connectionIn, LOCAL_SEQ, REMOTE_SEQ, text } from './fixtures';

const ACK = { flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;

describe('ESTABLISHED: arriving data and FIN', () => {
  test('ESTABLISHED + data at RCV.NXT -> delivered, sends ACK with the window shrunk by the unread bytes', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abcdef' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
    expect(f.state).toBe('ESTABLISHED');
    expect(text(f.connection.read())).toBe('abcdef');
  });

  test('ESTABLISHED + data ahead of RCV.NXT in the window -> held, sends a duplicate ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 4, ack: LOCAL_SEQ + 1, payload: 'def' });
    f.expectSent([ACK]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('ESTABLISHED + data beyond the window -> not acceptable: sends ACK, drops it', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1 + 65535, ack: LOCAL_SEQ + 1, payload: 'x' });
    f.expectSent([ACK]);
    expect(f.connection.variables.reassembly.held).toEqual([]);
  });

  test('ESTABLISHED + old duplicate data (all before RCV.NXT) -> not acceptable: sends ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.connection.read();
    f.clearSent();
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 4 }]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('ESTABLISHED + data overlapping RCV.NXT -> the old part is trimmed, the new part delivered', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.clearSent();
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1, payload: 'bcdef' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 7, window: 65535 - 6 }]);
    expect(text(f.connection.read())).toBe('abcdef');
  });

  test('ESTABLISHED + data running past the window -> trimmed to fit the window', () => {
    const f = connectionIn('ESTABLISHED', { window: 4 });
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abcdef' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 5, window: 0 }]);
    expect(text(f.connection.read())).toBe('abcd');
  });

  test('ESTABLISHED + data without ACK -> dropped (fifth step), nothing sent', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P', seq: REMOTE_SEQ + 1, payload: 'abc' });
    f.expectSent([]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('ESTABLISHED + FIN -> CLOSE_WAIT, sends ACK of the FIN', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 2 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('ESTABLISHED + FIN with data -> CLOSE_WAIT, one ACK covers data and FIN', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'FP.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'last' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 6, window: 65531 }]);
    expect(f.state).toBe('CLOSE_WAIT');
    expect(text(f.connection.read())).toBe('last');
    expect(() => f.connection.read()).toThrow(new TcpUserError('connection closing'));
  });

  test('ESTABLISHED + FIN ahead of RCV.NXT -> held: stays ESTABLISHED until the gap fills', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 4, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 5, window: 65532 }]);
    expect(f.state).toBe('CLOSE_WAIT');
  });

  test('ESTABLISHED + FIN without ACK -> dropped', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'F', seq: REMOTE_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });

  // RFC 9293 §3.10.7.4, the table: an empty segment is acceptable if
  // RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND; the right edge itself is not.
  test('ESTABLISHED + empty segment without ACK at exactly RCV.NXT+RCV.WND -> not acceptable: sends ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '', seq: REMOTE_SEQ + 1 + 65535 });
    f.expectSent([ACK]);
  });

  // The table's refusal, but "special allowance should be made to accept valid ACKs".
  test('ESTABLISHED + empty ACK of sent data at exactly RCV.NXT+RCV.WND -> its ACK taken, nothing sent', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('hello'));
    f.clearSent();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1 + 65535, ack: LOCAL_SEQ + 6, window: 4321 });
    f.expectSent([]);
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 6);
    expect(f.connection.variables.sndWnd).toBe(4321);
  });

  test('ESTABLISHED + empty ACK beyond SND.NXT at exactly RCV.NXT+RCV.WND -> not acceptable: sends ACK, window unread', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1 + 65535, ack: LOCAL_SEQ + 100, window: 4321 });
    f.expectSent([ACK]);
    expect(f.connection.variables.sndWnd).toBe(65535);
  });

  // Linux's tcp_sequence(): `!after(seq, rcv_nxt + tcp_receive_window(tp))`; the fifth step then
  // drops a segment without ACK ("if the ACK bit is off, drop the segment and return").
  test('ESTABLISHED (acceptRightEdge) + empty segment without ACK at exactly RCV.NXT+RCV.WND -> accepted, then dropped: nothing sent', () => {
    const f = connectionIn('ESTABLISHED', { acceptRightEdge: true });
    f.recv({ flags: '', seq: REMOTE_SEQ + 1 + 65535 });
    f.expectSent([]);
  });

  test('ESTABLISHED + data at exactly RCV.NXT+RCV.WND -> not acceptable: sends ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1 + 65535, ack: LOCAL_SEQ + 1, payload: 'x' });
    f.expectSent([ACK]);
  });

  test('ESTABLISHED + empty ACK one past RCV.NXT+RCV.WND -> not acceptable: sends ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2 + 65535, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK]);
  });

  test('ESTABLISHED + keep-alive (SEG.SEQ = RCV.NXT - 1) -> sends ACK', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK]);
  });
});

describe('ESTABLISHED: arriving ACKs (RFC 9293 §3.10.7.4 fifth step, RFC 5961 §5)', () => {
  test('ESTABLISHED + ACK of sent data -> SND.UNA advances, the send buffer frees, nothing sent', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('hello'));
    f.clearSent();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 6 });
    f.expectSent([]);
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 6);
    expect(f.connection.unacknowledgedBytes).toBe(0);
    expect(f.connection.variables.retransmitDeadline).toBeNull();
  });

  test('ESTABLISHED + partial ACK -> SND.UNA advances to it, the rest stays queued', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('hello'));
    f.clearSent();
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 3 });
    f.expectSent([]);
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 3);
    expect(f.connection.unacknowledgedBytes).toBe(3);
  });

  test('ESTABLISHED + ACK of something not yet sent (SEG.ACK > SND.NXT) -> sends ACK, drops the segment', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 100, payload: 'data' });
    f.expectSent([ACK]);
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 1);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('ESTABLISHED + ACK older than SND.UNA - MAX.SND.WND -> sends ACK, drops the segment (RFC 5961 §5.2)', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 1000 });
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ - 5000, payload: 'data' });
    f.expectSent([ACK]);
    expect(f.connection.readableBytes).toBe(0);
  });

  test('ESTABLISHED + old ACK within MAX.SND.WND -> a duplicate: the data is accepted', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ - 10, payload: 'data' });
    f.expectSent([{ ...ACK, ack: REMOTE_SEQ + 5, window: 65531 }]);
    expect(f.connection.variables.sndUna).toBe(LOCAL_SEQ + 1);
  });

  test('ESTABLISHED + duplicate ACK with nothing outstanding -> ignored', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED + window update -> SND.WND follows it', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, window: 1234 });
    expect(f.connection.variables.sndWnd).toBe(1234);
  });

  test('ESTABLISHED + older window (SND.WL1 > SEG.SEQ) -> SND.WND unchanged', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'ab', window: 2000 });
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 1, window: 10 });
    expect(f.connection.variables.sndWnd).toBe(2000);
  });
});

describe('ESTABLISHED: RST and SYN (RFC 9293 §3.10.7.4, RFC 5961)', () => {
  test('ESTABLISHED + RST (SEG.SEQ = RCV.NXT) -> CLOSED, "connection reset", sends nothing', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection reset');
  });

  test('ESTABLISHED + RST-ACK (SEG.SEQ = RCV.NXT) -> CLOSED', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });

  test('ESTABLISHED + RST in the window but not at RCV.NXT -> challenge ACK, stays ESTABLISHED (RFC 5961 §3.2)', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 100 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED + RST out of the window (even at exactly RCV.NXT+RCV.WND) -> dropped silently', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 + 65535 });
    f.recv({ flags: 'R', seq: REMOTE_SEQ });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED (acceptRightEdge) + RST at exactly RCV.NXT+RCV.WND -> still out of the window: dropped silently', () => {
    const f = connectionIn('ESTABLISHED', { acceptRightEdge: true });
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 + 65535 });
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED + SYN in the window -> challenge ACK, stays ESTABLISHED (RFC 5961 §4.2)', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'S', seq: REMOTE_SEQ + 10 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED + SYN out of the window -> ACK, stays ESTABLISHED', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'S', seq: 123 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
  });

  test('ESTABLISHED + retransmitted SYN-ACK -> ACK, stays ESTABLISHED', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.expectSent([ACK]);
    expect(f.state).toBe('ESTABLISHED');
  });
});

describe('ESTABLISHED: user calls (RFC 9293 §3.10)', () => {
  test('ESTABLISHED + send() -> sends the data with PSH at SND.NXT', () => {
    const f = connectionIn('ESTABLISHED');
    expect(f.connection.send(bytes('hello'))).toBe(5);
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'hello' }]);
    expect(f.connection.variables.sndNxt).toBe(LOCAL_SEQ + 6);
  });

  test('ESTABLISHED + send() of an empty buffer -> nothing sent', () => {
    const f = connectionIn('ESTABLISHED');
    expect(f.connection.send(new Uint8Array(0))).toBe(0);
    f.expectSent([]);
  });

  test('ESTABLISHED + close() -> FIN_WAIT_1, sends FIN', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.close();
    f.expectSent([{ flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 }]);
    expect(f.state).toBe('FIN_WAIT_1');
  });

  test('ESTABLISHED + send() + close() -> the FIN follows the data in its own segment', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('bye'));
    f.connection.close();
    f.expectSent([
      { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'bye' },
      { flags: 'F.', seq: LOCAL_SEQ + 4, ack: REMOTE_SEQ + 1 },
    ]);
  });

  test('ESTABLISHED + abort() -> CLOSED, sends <SEQ=SND.NXT><CTL=RST>', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.clearSent();
    f.connection.abort();
    f.expectSent([{ flags: 'R', seq: LOCAL_SEQ + 4, window: 0 }]);
    expect(f.state).toBe('CLOSED');
  });

  test('ESTABLISHED + read() with nothing received -> empty, no error', () => {
    const f = connectionIn('ESTABLISHED');
    expect(f.connection.read()).toHaveLength(0);
  });

  test('ESTABLISHED + read(2) -> at most 2 bytes, in order', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abcde' });
    expect(text(f.connection.read(2))).toBe('ab');
    expect(text(f.connection.read(2))).toBe('cd');
    expect(text(f.connection.read())).toBe('e');
  });

  test.each(['connect', 'listen'] as const)('ESTABLISHED + %s() -> error: connection already exists', (call) => {
    const f = connectionIn('ESTABLISHED');
    expect(() => f.connection[call]()).toThrow(new TcpUserError('connection already exists'));
    expect(f.state).toBe('ESTABLISHED');
  });
});

describe('ESTABLISHED reached passively', () => {
  test('passive ESTABLISHED + RST -> CLOSED (not LISTEN: the TCB left LISTEN for good)', () => {
    const f = connectionIn('ESTABLISHED', { open: 'passive' });
    f.recv({ flags: 'R', seq: REMOTE_SEQ + 1 });
    expect(f.state).toBe('CLOSED');
  });
});
