/**
 * SEGMENT ARRIVES (RFC 9293 §3.10.7.4), the corners of its order of checks
 * that the state-by-state tests leave open: the SYN-ACK that completes a
 * simultaneous open (Figure 8), the send window taken from the segment that
 * completes a handshake and guarded by SND.WL1/SND.WL2 afterwards (fifth
 * step), what counts as a duplicate ACK (RFC 5681 §2), a SYN after a passive
 * open has completed, and which FINs restart TIME-WAIT's 2 MSL.
 */
import { connectionIn, type Fixture, pattern, text } from './fixtures';

describe('simultaneous open: the SYN-ACK in SYN_RECEIVED (RFC 9293 Figure 8)', () => {
  test('SYN-ACK whose SEQ is not the IRS -> not the repeated SYN: challenge ACK, stays SYN_RECEIVED', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active' });
    // RFC 5961 §4.2: a SYN in the window of a synchronized connection gets a challenge ACK.
    f.recv({ flags: 'S.', seq: f.remote(5), ack: f.local(1) });
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1) }]);
    expect(f.state).toBe('SYN_RECEIVED');
  });

  test("the SYN-ACK's window is the send window, whatever the ISS (SND.WND <- SEG.WND)", () => {
    // ISS 2^31: the bare SYN's ACK field (0, SND.WL2) is not =< ISS+1 in sequence space.
    const f = connectionIn('SYN_RECEIVED', { open: 'active', iss: 0x8000_0000 });
    f.recv({ flags: 'S.', seq: f.remote(0), ack: f.local(1), window: 100 });
    expect(f.state).toBe('ESTABLISHED');
    f.clearSent();
    const data = pattern(300);
    f.connection.send(data);
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1), payload: text(data.subarray(0, 100)) }]);
  });
});

describe('the send window (RFC 9293 §3.10.7.4, fifth step)', () => {
  test('the ACK that completes a passive open sets SND.WND outright, even with SEG.SEQ before SND.WL1', () => {
    // SYN-RECEIVED: "enter ESTABLISHED state and continue processing with the variables below set to:
    // SND.WND <- SEG.WND, SND.WL1 <- SEG.SEQ, SND.WL2 <- SEG.ACK", with no WL1/WL2 test.
    const f = connectionIn('SYN_RECEIVED');
    // Text from IRS-2 to IRS+1: acceptable, as its last octet is in the window.
    f.recv({ flags: '.', seq: f.remote(-2), ack: f.local(1), window: 100, payload: 'wxyz' });
    expect(f.state).toBe('ESTABLISHED');
    f.clearSent();
    const data = pattern(300);
    f.connection.send(data);
    f.expectSent([
      { flags: '.', seq: f.local(1), ack: f.remote(2), window: 65534, payload: text(data.subarray(0, 100)) },
    ]);
  });

  test('a window from a reordered older segment (SEG.SEQ < SND.WL1) is ignored', () => {
    const f = connectionIn('ESTABLISHED');
    // The peer sent "abc" offering 50, then "def" offering 200; "def" arrives first.
    f.recv({ flags: '.', seq: f.remote(4), ack: f.local(1), window: 200, payload: 'def' });
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 50, payload: 'abc' });
    f.clearSent();
    const data = pattern(150);
    f.connection.send(data);
    f.expectSent([{ flags: 'P.', seq: f.local(1), ack: f.remote(7), window: 65529, payload: text(data) }]);
  });
});

describe('duplicate ACKs (RFC 5681 §2) and fast retransmit (§3.2)', () => {
  /** ESTABLISHED with a peer MSS of 100 and 300 octets sent in three segments. */
  function sending(before: (f: Fixture) => void = () => undefined) {
    const f = connectionIn('ESTABLISHED', { peerMss: 100 });
    before(f);
    const data = pattern(300);
    f.connection.send(data);
    f.clearSent();
    return { f, data };
  }
  const ackOf = (f: Fixture, n: number) => ({ flags: '.', seq: f.remote(1), ack: f.local(n) });

  test('ACKs below SND.UNA are not duplicates: three of them resend nothing', () => {
    // (e) "the acknowledgment number is equal to the greatest acknowledgment received".
    const { f } = sending();
    f.recv(ackOf(f, 201));
    for (let i = 0; i < 3; i++) f.recv(ackOf(f, 101));
    f.expectSent([]);
  });

  test('ACKs while nothing is outstanding are not counted: the third duplicate after them resends', () => {
    // (a) "the receiver of the ACK has outstanding data".
    const { f, data } = sending((g) => {
      g.recv(ackOf(g, 1));
      g.recv(ackOf(g, 1));
    });
    f.recv(ackOf(f, 1));
    f.recv(ackOf(f, 1));
    f.expectSent([]);
    f.recv(ackOf(f, 1));
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1), payload: text(data.subarray(0, 100)) }]);
  });
});

describe('a SYN after a passive open (RFC 9293 §3.10.7.4, fourth step)', () => {
  // Only SYN-RECEIVED returns to LISTEN; the synchronized states answer with a challenge ACK (RFC 5961 §4.2).
  test.each(['ESTABLISHED', 'FIN_WAIT_2', 'CLOSE_WAIT'] as const)(
    'passive %s + SYN in the window -> challenge ACK',
    (state) => {
      const f = connectionIn(state, { open: 'passive' });
      const { sndNxt, rcvNxt } = f.connection.variables;
      f.recv({ flags: 'S', seq: f.remote(100) });
      f.expectSent([{ flags: '.', seq: sndNxt, ack: rcvNxt }]);
      expect(f.state).toBe(state);
    },
  );
});

describe('TIME_WAIT: only the retransmitted FIN restarts the 2 MSL wait (RFC 9293 §3.10.7.4)', () => {
  test.each([
    ['an old FIN with text, ending before RCV.NXT - 1', -10, 'x'],
    ['a FIN beyond the window', 100_000, ''],
  ])('TIME_WAIT + %s at 30 s -> ACKed, the wait still ends at 60 s', (_name, offset, payload) => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advanceTo(30_000);
    f.recv({ flags: 'F.', seq: f.remote(offset), ack: f.local(2), payload });
    f.expectSent([{ flags: '.', seq: f.local(2), ack: f.remote(2) }]);
    f.clock.advanceTo(59_999);
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(60_000);
    expect(f.state).toBe('CLOSED');
  });
});
