/**
 * snapshot() and TcpConnection.restore(): the TCB is plain data (timers are
 * deadlines, queues are arrays of bytes), so a copy restores a connection
 * that behaves exactly as the original would have.
 */
import { TCP_STATES, type TcpState } from '../../machines/tcp.machine';
import { VirtualClock } from '../../src/net/clock';
import { TcpConnection, type TcpConnectionSnapshot } from '../../src/tcp/connection';
import type { Segment, SegmentSpec } from '../../src/wire/segment';
import {
  bytes,
  connectionIn,
  LOCAL_PORT,
  LOCAL_SEQ,
  REMOTE_PORT,
  REMOTE_SEQ,
  text,
  view,
  type Fixture,
} from './fixtures';

/** A connection restored from `f`'s snapshot (a fresh one unless given), on a clock set to `f`'s time. */
function restored(f: Fixture, snapshot: TcpConnectionSnapshot = f.connection.snapshot()) {
  const clock = new VirtualClock(f.clock.now());
  const sent: Segment[] = [];
  const connection = TcpConnection.restore(snapshot, {
    clock,
    localPort: LOCAL_PORT,
    remotePort: REMOTE_PORT,
    iss: LOCAL_SEQ,
    output: (s) => sent.push(s),
  });
  return { clock, sent, connection };
}

/** Feeds the same thing to the original and the copy; both must send the same and end alike. */
function both(
  f: Fixture,
  copy: ReturnType<typeof restored>,
  input: { recv?: SegmentSpec; advance?: number; send?: string; close?: true },
) {
  f.clearSent();
  copy.sent.length = 0;
  if (input.recv) {
    f.recv(input.recv);
    copy.connection.receive(f.segment(input.recv));
  }
  if (input.advance !== undefined) {
    f.clock.advance(input.advance);
    copy.clock.advance(input.advance);
  }
  if (input.send !== undefined) {
    f.connection.send(bytes(input.send));
    copy.connection.send(bytes(input.send));
  }
  if (input.close) {
    f.connection.close();
    copy.connection.close();
  }
  expect(copy.sent.map(view)).toEqual(f.sent.map(view));
  expect(copy.connection.state).toBe(f.state);
  expect(copy.connection.snapshot()).toEqual(f.connection.snapshot());
}

describe('snapshot() and TcpConnection.restore()', () => {
  test.each(TCP_STATES as readonly TcpState[])('%s: restore(snapshot()) gives back the same snapshot', (state) => {
    const f = connectionIn(state);
    const copy = restored(f);
    expect(copy.connection.state).toBe(state);
    expect(copy.connection.snapshot()).toEqual(f.connection.snapshot());
  });

  test('a snapshot is a deep copy: the connection moving on does not change it', () => {
    const f = connectionIn('ESTABLISHED');
    const before = f.connection.snapshot();
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: 'abc' });
    f.connection.send(bytes('xyz'));
    expect(before.rcvNxt).toBe(REMOTE_SEQ + 1);
    expect(before.receiveQueue.length).toBe(0);
    expect(before.sendQueue.length).toBe(0);
  });

  test('a snapshot survives structuredClone (it is plain data)', () => {
    const f = connectionIn('ESTABLISHED');
    f.recv({ flags: 'P.', seq: REMOTE_SEQ + 4, ack: LOCAL_SEQ + 1, payload: 'held' });
    const snapshot = f.connection.snapshot();
    expect(structuredClone(snapshot)).toEqual(snapshot);
  });

  test('SYN_SENT restored: the SYN is still resent at 1 s and 3 s', () => {
    const f = connectionIn('SYN_SENT');
    const copy = restored(f);
    both(f, copy, { advance: 1000 });
    expect(copy.sent.map(view)).toEqual([view(f.ours({ flags: 'S', seq: LOCAL_SEQ, options: { mss: 1460 } }))]);
    both(f, copy, { advance: 2000 });
    expect(copy.sent).toHaveLength(1);
  });

  test('TIME_WAIT restored halfway: CLOSED at the original 2MSL deadline', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advance(30_000);
    const copy = restored(f);
    copy.clock.advanceTo(59_999);
    expect(copy.connection.state).toBe('TIME_WAIT');
    copy.clock.advanceTo(60_000);
    expect(copy.connection.state).toBe('CLOSED');
  });

  test('ESTABLISHED with unread, held and unacknowledged data restored: the copy goes on exactly as the original', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 4 });
    f.connection.send(bytes('0123456789'));
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 5, payload: 'ab' });
    f.recv({ flags: '.', seq: REMOTE_SEQ + 5, ack: LOCAL_SEQ + 5, payload: 'ef' });
    f.clock.advance(300);
    const copy = restored(f);
    both(f, copy, { recv: { flags: '.', seq: REMOTE_SEQ + 3, ack: LOCAL_SEQ + 5, payload: 'cd' } });
    expect(text(copy.connection.read())).toBe('abcdef');
    expect(text(f.connection.read())).toBe('abcdef');
    both(f, copy, { advance: 1000 }); // the retransmission timer of the unacknowledged bytes
    expect(copy.sent.length).toBeGreaterThan(0);
    both(f, copy, { recv: { flags: '.', seq: REMOTE_SEQ + 7, ack: LOCAL_SEQ + 11 }, send: 'tail', close: true });
    expect(copy.connection.state).toBe('FIN_WAIT_1');
  });

  // RFC 6298 §2.3: once there is a sample (the handshake's, 0 ms), the next is smoothed into SRTT and RTTVAR;
  // were the copy to lose the estimate, that sample would count as a first (§2.2) and set the RTO alone.
  test('ESTABLISHED restored: the next RTT sample is smoothed into the estimate (RFC 6298 §2.3)', () => {
    const f = connectionIn('ESTABLISHED');
    expect(f.connection.variables.rtt).toEqual({ srtt: 0, rttvar: 0, hasSample: true });
    const copy = restored(f);
    both(f, copy, { send: 'abcd' });
    both(f, copy, { advance: 960 });
    both(f, copy, { recv: { flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 5 } });
    // RTTVAR = 3/4 · 0 + 1/4 · |0 - 960| = 240, SRTT = 7/8 · 0 + 1/8 · 960 = 120 (§2.2 would give 960 and 480)
    expect(copy.connection.variables.rto).toBe(120 + 4 * 240);
    // and the retransmission timer runs by it (§5.1): the next segment is resent 1,080 ms after it left
    both(f, copy, { send: 'efgh' });
    both(f, copy, { advance: 1079 });
    expect(copy.sent).toEqual([]);
    both(f, copy, { advance: 1 });
    expect(copy.sent.map(view)).toEqual([
      view(f.ours({ flags: 'P.', seq: LOCAL_SEQ + 5, ack: REMOTE_SEQ + 1, payload: 'efgh' })),
    ]);
  });

  // A snapshot copies the queues' arrays of chunks: a copy sharing its array with another connection would
  // find that connection's later chunks beyond its own length, and read them in place of its own next ones.
  const queues = {
    'the send queue': {
      give: (_f: Fixture, connection: TcpConnection, data: string) => connection.send(bytes(data)),
      taken: (copy: ReturnType<typeof restored>) => copy.sent.map((s) => text(s.payload)).join(''),
    },
    'the receive queue': {
      give: (f: Fixture, connection: TcpConnection, data: string) =>
        connection.receive(f.segment({ flags: 'P.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, payload: data })),
      taken: (copy: ReturnType<typeof restored>) => text(copy.connection.read()),
    },
  };
  test.each([
    ['the send queue', 'the original'],
    ['the send queue', 'an earlier copy of the same snapshot'],
    ['the receive queue', 'the original'],
    ['the receive queue', 'an earlier copy of the same snapshot'],
  ] as const)('ESTABLISHED restored: %s is its own after %s moves on', (queue, movesOn) => {
    const f = connectionIn('ESTABLISHED');
    const snapshot = f.connection.snapshot();
    const other = movesOn === 'the original' ? f.connection : restored(f, snapshot).connection;
    queues[queue].give(f, other, 'other');
    const copy = restored(f, snapshot);
    queues[queue].give(f, copy.connection, 'mine!');
    expect(queues[queue].taken(copy)).toBe('mine!');
  });

  test('restore does not share state with the snapshot it came from', () => {
    const f = connectionIn('ESTABLISHED');
    const snapshot = f.connection.snapshot();
    const connection = TcpConnection.restore(snapshot, {
      clock: new VirtualClock(),
      localPort: LOCAL_PORT,
      remotePort: REMOTE_PORT,
      output: () => {},
    });
    connection.send(bytes('abc'));
    expect(snapshot.sendQueue.length).toBe(0);
    expect(snapshot.sndNxt).toBe(LOCAL_SEQ + 1);
  });

  test('SND.UNA back at ISS after 2^32 − 1 octets acknowledged: the SYN is long answered, data still flows', () => {
    // Sequence numbers wrap (RFC 9293 §3.4): after the SYN and 2^32 − 1 octets SND.UNA = ISS again. A snapshot of an
    // ESTABLISHED connection whose ISS is its SND.UNA is that connection, with no 4 GiB sent in the test.
    const f = connectionIn('ESTABLISHED');
    const snapshot = f.connection.snapshot();
    const copy = restored(f, { ...snapshot, iss: snapshot.sndUna });
    copy.connection.send(bytes('abc'));
    const data = { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'abc' };
    expect(copy.sent.map(view)).toEqual([expect.objectContaining(data)]);
    copy.clock.advanceTo(f.clock.now() + 1000); // no ACK: resent as data, not as a SYN
    expect(copy.sent.map(view)).toEqual([expect.objectContaining(data), expect.objectContaining(data)]);
  });

  test("...and its ACKs past a window the peer shrank to 0 carry SEQ = SND.UNA+SND.WND, as a synchronized connection's do", () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1, window: 0 });
    const snapshot = f.connection.snapshot();
    const copy = restored(f, { ...snapshot, iss: snapshot.sndUna });
    copy.connection.receive(f.segment({ flags: '.', seq: REMOTE_SEQ + 100_000, ack: LOCAL_SEQ + 1 }));
    expect(copy.sent.map(view)).toEqual([
      expect.objectContaining({ flags: '.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 }),
    ]);
  });
});
