/**
 * The send side after the first transmission (src/tcp/sendSide.ts): the persist
 * timer and its probes (RFC 9293 §3.8.6.1), what a resend leaves for Karn's
 * rule (RFC 6298 §3), the send window update of the fifth step (RFC 9293
 * §3.10.7.4), and what an ACK does to RTT samples, the retransmission timer
 * (RFC 6298 §5) and NewReno's `recover` (RFC 6582 §3.2). Timers are read
 * through the injected clock: what leaves, and when.
 *
 * The RTO after the handshake is 1 s: the SYN-ACK at time 0 gives a 0 ms sample
 * and RFC 6298 §2.4's lower bound (minRto, by default the initial RTO) applies.
 * A test that tells a sample from none takes one the bound does not hide.
 */
import type { SegmentSpec } from '../../src/wire/segment';
import { bytes, connectionIn, pattern, text } from './fixtures';

describe('startPersistTimer', () => {
  // RFC 9293 §3.8.6.1: the persist timer runs from when the window was found shut; more data queued behind the
  // first does not push the probe back.
  test('ESTABLISHED, window 0, "abc" waiting + send("d") 500 ms later -> the probe still leaves 1 RTO after the first send', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(500);
    f.connection.send(bytes('d'));
    f.clock.advanceTo(1500);
    f.expectSentAt([[1000, { flags: '.', seq: f.local(1), ack: f.remote(1), payload: 'a' }]]);
  });
});

describe('probeZeroWindow', () => {
  // RFC 6298 §3 (Karn): a probe octet sent twice gives no RTT sample when acknowledged. A sample of 2.1 s here
  // would have raised the RTO to 2362.5 ms.
  test('ESTABLISHED, window 0, probe resent + ACK of the probe opening the window -> no RTT sample: the rest is resent after 1 s', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(3100);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(2), window: 65535 });
    f.clock.advanceTo(4100);
    const probe = { flags: '.', seq: f.local(1), ack: f.remote(1), payload: 'a' } as const;
    const rest = { flags: 'P.', seq: f.local(2), ack: f.remote(1), payload: 'bc' } as const;
    f.expectSentAt([
      [1000, probe],
      [3000, probe],
      [3100, rest],
      [4100, rest],
    ]);
  });
});

describe('retransmitEarliest', () => {
  // RFC 6582 §3.2 partial ACKs resend the next segment; RFC 6298 §3 (Karn): the ACK that ends recovery but leaves
  // part of that resend unacknowledged keeps `retransmitted`, so the ACK of the rest gives no sample. The partial
  // resend reaches beyond the fast retransmit's, and `resentEnd` must follow it. The ISS sits in the upper half of
  // the sequence space (a sequence number there is "below" 0), so no comparison with a missing `resentEnd` passes.
  test('ESTABLISHED, MSS 100, fast recovery + partial ACK, ACK past `recover` inside the resend, then ACK of all -> no RTT sample', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 100, iss: 0x8000_0000 });
    const data = (n: number): number => f.local(1 + n);
    f.connection.send(pattern(120));
    for (const at of [10, 20, 30]) {
      f.clock.advanceTo(at);
      f.recv({ flags: '.', seq: f.remote(1), ack: data(0) });
    }
    f.clock.advanceTo(40);
    f.connection.send(pattern(100, 120));
    f.clock.advanceTo(50);
    f.recv({ flags: '.', seq: f.remote(1), ack: data(50) });
    f.clock.advanceTo(60);
    f.recv({ flags: '.', seq: f.remote(1), ack: data(130) });
    // 960 ms after data 120..220 left: as a sample it would make the RTO 1080 ms (RFC 6298 §2.3), and "x" wait longer.
    f.clock.advanceTo(1000);
    f.recv({ flags: '.', seq: f.remote(1), ack: data(220) });
    f.connection.send(bytes('x'));
    f.clock.advanceTo(2000);
    const sent = (at: number, flags: string, start: number, payload: string): [number, SegmentSpec] => [
      at,
      { flags, seq: data(start), ack: f.remote(1), payload },
    ];
    f.expectSentAt([
      sent(0, '.', 0, text(pattern(100))),
      sent(0, 'P.', 100, text(pattern(20, 100))),
      sent(30, '.', 0, text(pattern(100))), // the third duplicate: fast retransmit
      sent(40, 'P.', 120, text(pattern(100, 120))),
      sent(50, '.', 50, text(pattern(100, 50))), // the partial ACK's resend
      sent(1000, 'P.', 220, 'x'),
      sent(2000, 'P.', 220, 'x'),
    ]);
  });
});

describe('updateSendWindow', () => {
  // RFC 6298 §5.3 restarts the retransmission timer only when an ACK acknowledges new data; a window update that
  // opens a shut window with data in flight and no persist timer running leaves it as it was.
  test('ESTABLISHED, "abc" in flight, window shut by an ACK + ACK opening it again -> "abc" resent 1 RTO after it left', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 3 });
    f.connection.send(bytes('abcdef'));
    f.clock.advanceTo(500);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 0 });
    f.clock.advanceTo(800);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 3 });
    f.clock.advanceTo(1000);
    const abc = { seq: f.local(1), ack: f.remote(1), payload: 'abc' } as const;
    f.expectSentAt([
      [0, { ...abc, flags: '.' }],
      [1000, { ...abc, flags: 'P.' }],
    ]);
  });

  // RFC 9293 §3.8.6.1: once the window opens the persist timer stops, and the probe's octet, still unacknowledged,
  // is covered by the retransmission timer (RFC 6298 §5.1), even when the window has no room for more.
  test('ESTABLISHED, window 0, probe outstanding + ACK of SND.UNA with window 1 -> the probe octet is resent 1 RTO later', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(1500);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 1 });
    f.clock.advanceTo(2500);
    const a = { seq: f.local(1), ack: f.remote(1), payload: 'a' } as const;
    f.expectSentAt([
      [1000, { ...a, flags: '.' }],
      [2500, { ...a, flags: 'P.' }],
    ]);
  });
});

describe('acknowledge', () => {
  // RFC 6298 §3: a sample times a segment from its sending to its ACK; an ACK inside the first segment in flight
  // acknowledges no whole segment and times nothing. The timer restarts with the RTO as it was (§5.3).
  test('ESTABLISHED, "abcdef" sent at 100 s + ACK of "abc" at 100.5 s -> no RTT sample: "def" resent 1 s later', () => {
    const f = connectionIn('ESTABLISHED');
    f.clock.advanceTo(100_000);
    f.connection.send(bytes('abcdef'));
    f.clock.advanceTo(100_500);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(4) });
    f.clock.advanceTo(101_500);
    f.expectSentAt([
      [100_000, { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abcdef' }],
      [101_500, { flags: 'P.', seq: f.local(4), ack: f.remote(1), payload: 'def' }],
    ]);
  });

  // RFC 6298 §5.7 re-initializes the RTO to 3 s after a SYN timeout only when the RTO in use is below 3 s; with an
  // initial RTO of 3 s the backed-off 6 s stays (§5.5), no sample coming from the resent SYN (Karn, §3).
  test('SYN-SENT, initial RTO 3 s = fallback RTO, SYN timed out + SYN-ACK -> the first data is resent after 6 s', () => {
    const f = connectionIn('SYN_SENT', { rto: 3000, fallbackRto: 3000 });
    f.clock.advanceTo(3100);
    f.recv(f.peerSyn('S.'));
    f.clearSent();
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(9100);
    const abc = { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abc' } as const;
    f.expectSentAt([
      [3100, abc],
      [9100, abc],
    ]);
  });

  // RFC 6298 §3: with nothing resent, the ACK gives a sample. After the handshake's 0 ms, 960 ms makes SRTT 120 and
  // RTTVAR 240 (§2.3), the RTO 120 + 4 * 240 = 1080 ms. The ISS sits in the upper half of the sequence space, where
  // a missing `resentEnd` (null, read as 0) would seem ahead of the ACK.
  test('ESTABLISHED, ISS 2^31, "abc" sent + ACK 960 ms later -> RTO 1080 ms: the next data is resent 1080 ms after it left', () => {
    const f = connectionIn('ESTABLISHED', { iss: 0x8000_0000 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(960);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(4) });
    f.connection.send(bytes('def'));
    f.clock.advanceTo(2040);
    const def = { flags: 'P.', seq: f.local(4), ack: f.remote(1), payload: 'def' } as const;
    f.expectSentAt([
      [0, { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abc' }],
      [960, def],
      [2040, def],
    ]);
  });

  // RFC 6298 §3 (Karn) and §5: after a timeout resent "abcdef", ACKs that cover it piece by piece give no sample,
  // the last one included (the backed-off 2 s RTO stays); once all is acknowledged nothing is marked resent.
  test('ESTABLISHED, "abc" and "def" resent by a timeout + three partial ACKs covering them -> no RTT sample', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.connection.send(bytes('def'));
    f.clock.advanceTo(1000);
    for (const [at, acked] of [
      [1100, 2],
      [1200, 4],
      [1300, 6],
    ] as const) {
      f.clock.advanceTo(at);
      f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1 + acked) });
    }
    const resentEndAfterAll = f.connection.variables.resentEnd;
    f.connection.send(bytes('g'));
    f.clock.advanceTo(3300);
    const g = { flags: 'P.', seq: f.local(7), ack: f.remote(1), payload: 'g' } as const;
    f.expectSentAt([
      [0, { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abc' }],
      [0, { flags: 'P.', seq: f.local(4), ack: f.remote(1), payload: 'def' }],
      [1000, { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: 'abcdef' }],
      [1300, g],
      [3300, g],
    ]);
    // The snapshot's field (tcb.ts): nothing resent is left unacknowledged. A stale end would seem ahead of SEG.ACK
    // again once 2^31 more octets were acknowledged, and take every sample from then on.
    expect(resentEndAfterAll).toBeNull();
  });

  // RFC 9293 §3.8.6.1 and RFC 6298 §5.3: an ACK of the probe's octet with the window still shut leaves the FIN sent
  // behind it to the persist timer; no retransmission timer starts beside it.
  test('ESTABLISHED, window 0, probe out + close() (FIN behind the probe) + ACK of the probe with window 0 -> the FIN is resent by the persist timer only', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('a'));
    f.clock.advanceTo(1050);
    f.connection.close();
    f.clock.advanceTo(1100);
    f.recv({ flags: '.', seq: f.remote(1), ack: f.local(2), window: 0 });
    f.clock.advanceTo(3000);
    const fin = { flags: 'F.', seq: f.local(2), ack: f.remote(1) } as const;
    f.expectSentAt([
      [1000, { flags: '.', seq: f.local(1), ack: f.remote(1), payload: 'a' }],
      [1050, fin],
      [3000, fin],
    ]);
    expect(f.state).toBe('FIN_WAIT_1');
  });
});

describe('onDuplicateAck', () => {
  // RFC 9293 §3.8.6.1: ACKs answering a zero-window probe are the peer saying its window is still shut, not
  // duplicate ACKs: while the persist timer runs none is counted, and no fast retransmit follows (RFC 5681 §3.2).
  test('ESTABLISHED, window 0, probe outstanding + three ACKs of SND.UNA with window 0 -> nothing resent', () => {
    const f = connectionIn('ESTABLISHED', { peerWindow: 0 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(1000);
    f.expectSent([{ flags: '.', seq: f.local(1), ack: f.remote(1), payload: 'a' }]);
    for (const at of [1100, 1200, 1300]) {
      f.clock.advanceTo(at);
      f.recv({ flags: '.', seq: f.remote(1), ack: f.local(1), window: 0 });
    }
    f.expectSent([]);
    expect(f.connection.variables.dupAcks).toBe(0);
  });
});
