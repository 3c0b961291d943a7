/**
 * Timers on the virtual clock: retransmission with exponential back-off
 * (RFC 6298 §5, RFC 9293 §3.8.3), the RTO estimator (RFC 6298 §2, §3, §5.7),
 * and TIME-WAIT's 2MSL (RFC 9293 §3.10.8).
 */
import { backedOffRto, initialRttEstimate, updateRto } from '../../src/tcp/rtt';
import { bytes, connectionIn, LOCAL_MSS, LOCAL_SEQ, REMOTE_SEQ } from './fixtures';

const SYN = { flags: 'S', seq: LOCAL_SEQ, options: { mss: LOCAL_MSS } } as const;
const SYN_ACK = { flags: 'S.', seq: LOCAL_SEQ, ack: REMOTE_SEQ + 1, options: { mss: LOCAL_MSS } } as const;

describe('SYN retransmission (RFC 6298 §5.5, RFC 9293 §3.8.3)', () => {
  // RFC 9293 §3.8.3 (MUST-23): "R2 for a SYN segment MUST be set large enough to provide
  // retransmission of the segment for at least 3 minutes": the defaults give up at 247 s.
  test('SYN_SENT + no answer -> SYN resent at 1, 3, 7, 15, 31, 63, 127 s; still SYN_SENT at 3 minutes; CLOSED at 247 s without a RST', () => {
    const f = connectionIn('SYN_SENT');
    f.clock.advance(180_000);
    expect(f.state).toBe('SYN_SENT');
    f.clock.advance(67_000 - 1);
    expect(f.state).toBe('SYN_SENT');
    f.clock.advance(1);
    f.expectSentAt([
      [1000, SYN],
      [3000, SYN],
      [7000, SYN],
      [15_000, SYN],
      [31_000, SYN],
      [63_000, SYN],
      [127_000, SYN],
    ]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection aborted due to user timeout');
    expect(f.changes).toEqual([
      {
        from: 'SYN_SENT',
        to: 'CLOSED',
        cause: { kind: 'timer', timer: 'retransmission' },
        reason: 'connection aborted due to user timeout',
      },
    ]);
  });

  test('SYN_SENT with maxRetries 2 -> SYN resent at 1 s and 3 s, CLOSED at exactly 7 s', () => {
    const f = connectionIn('SYN_SENT', { maxRetries: 2 });
    f.clock.advanceTo(6999);
    f.expectSentAt([
      [1000, SYN],
      [3000, SYN],
    ]);
    expect(f.state).toBe('SYN_SENT');
    f.clock.advanceTo(7000);
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });

  test('SYN_SENT with maxRetries 0 -> CLOSED at the first timeout, nothing resent', () => {
    const f = connectionIn('SYN_SENT', { maxRetries: 0 });
    f.clock.advance(1000);
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
  });

  test('the back-off stops at maxRto', () => {
    const f = connectionIn('SYN_SENT', { maxRto: 3000, maxRetries: 4 });
    f.clock.advance(100_000);
    f.expectSentAt([
      [1000, SYN],
      [3000, SYN],
      [6000, SYN],
      [9000, SYN],
    ]);
    expect(f.state).toBe('CLOSED');
  });

  test('the initial RTO is an option (rto: 200 -> SYN resent at 200 ms, 600 ms)', () => {
    const f = connectionIn('SYN_SENT', { rto: 200, maxRetries: 2 });
    f.clock.advance(10_000);
    f.expectSentAt([
      [200, SYN],
      [600, SYN],
    ]);
  });

  test('passive SYN_RECEIVED + no ACK -> SYN-ACK resent with back-off, then back to LISTEN', () => {
    const f = connectionIn('SYN_RECEIVED', { maxRetries: 2 });
    f.clock.advance(100_000);
    f.expectSentAt([
      [1000, SYN_ACK],
      [3000, SYN_ACK],
    ]);
    expect(f.state).toBe('LISTEN');
    expect(f.connection.lostReason).toBeNull();
    expect(f.changes.at(-1)).toEqual({
      from: 'SYN_RECEIVED',
      to: 'LISTEN',
      cause: { kind: 'timer', timer: 'retransmission' },
    });
  });

  test('active SYN_RECEIVED (simultaneous open) + no ACK -> SYN-ACK resent, then CLOSED', () => {
    const f = connectionIn('SYN_RECEIVED', { open: 'active', maxRetries: 1 });
    f.clock.advance(100_000);
    f.expectSentAt([[1000, SYN_ACK]]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection aborted due to user timeout');
  });

  test('SYN_SENT + SYN-ACK after two timeouts -> ESTABLISHED; the retry count starts over', () => {
    const f = connectionIn('SYN_SENT');
    f.clock.advanceTo(3500);
    f.clearSent();
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    expect(f.state).toBe('ESTABLISHED');
    expect(f.connection.variables.retries).toBe(0);
    expect(f.connection.variables.retransmitDeadline).toBeNull();
  });
});

describe('data retransmission (RFC 6298 §5)', () => {
  const DATA = { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'abc' } as const;

  test('ESTABLISHED + send() and no ACK -> resent at 1 s, 3 s, 7 s; gives up after maxRetries, no RST', () => {
    const f = connectionIn('ESTABLISHED', { maxRetries: 3 });
    f.connection.send(bytes('abc'));
    f.clearSent();
    f.clock.advance(100_000);
    f.expectSentAt([
      [1000, DATA],
      [3000, DATA],
      [7000, DATA],
    ]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection aborted due to user timeout');
  });

  test('an ACK that advances SND.UNA restarts the timer at the current RTO (RFC 6298 §5.3)', () => {
    const f = connectionIn('ESTABLISHED', { peerMss: 2 });
    f.connection.send(bytes('abcd'));
    f.clearSent();
    f.clock.advance(500);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 3 });
    expect(f.connection.variables.retransmitDeadline).toBe(500 + f.connection.variables.rto);
  });

  test('an ACK after a timeout resets the retry count (RFC 9293 §3.8.3)', () => {
    const f = connectionIn('ESTABLISHED', { maxRetries: 2 });
    f.connection.send(bytes('abc'));
    f.clock.advance(1000);
    expect(f.connection.variables.retries).toBe(1);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 4 });
    expect(f.connection.variables.retries).toBe(0);
  });

  test('an ACK of everything stops the timer (RFC 6298 §5.2)', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 4 });
    f.clearSent();
    f.clock.advance(100_000);
    f.expectSent([]);
    expect(f.state).toBe('ESTABLISHED');
  });
});

describe('RTO estimation (RFC 6298 §2, §3, §5.7)', () => {
  // RFC 6298 §2.1: before the first measurement there is no SRTT or RTTVAR; the TCB holds zeros and says so.
  test('SYN_SENT, nothing measured yet -> the estimate has no sample: SRTT 0, RTTVAR 0, RTO the initial 1 s', () => {
    expect(initialRttEstimate()).toEqual({ srtt: 0, rttvar: 0, hasSample: false });
    const f = connectionIn('SYN_SENT');
    expect(f.connection.variables.rtt).toEqual({ srtt: 0, rttvar: 0, hasSample: false });
    expect(f.connection.snapshot().rtt).toEqual({ srtt: 0, rttvar: 0, hasSample: false });
    expect(f.connection.variables.rto).toBe(1000);
  });

  test('a handshake answered at once gives a 0 ms sample: the RTO is minRto (defaults to the initial RTO)', () => {
    const f = connectionIn('ESTABLISHED');
    expect(f.connection.variables.rto).toBe(1000);
  });

  test('first sample R = 100 ms: SRTT = 100, RTTVAR = 50, RTO = SRTT + 4 RTTVAR = 300 (RFC 6298 §2.2)', () => {
    const f = connectionIn('SYN_SENT', { minRto: 200 });
    f.clock.advance(100);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    const { rtt, rto } = f.connection.variables;
    expect(rtt).toEqual({ srtt: 100, rttvar: 50, hasSample: true });
    expect(rto).toBe(300);
  });

  test('a second sample R = 50 ms: RTTVAR = 3/4·50 + 1/4·|100 − 50|, SRTT = 7/8·100 + 1/8·50 (RFC 6298 §2.3)', () => {
    const f = connectionIn('SYN_SENT', { minRto: 200 });
    f.clock.advance(100);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    f.connection.send(bytes('x'));
    f.clock.advance(50);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    const { rtt, rto } = f.connection.variables;
    expect(rtt).toEqual({ srtt: 93.75, rttvar: 50, hasSample: true });
    expect(rto).toBe(293.75);
  });

  test('the RTO never drops below minRto (RFC 6298 §2.4)', () => {
    const f = connectionIn('SYN_SENT', { minRto: 500 });
    f.clock.advance(10);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    expect(f.connection.variables.rto).toBe(500);
  });

  test("Karn's rule: the ACK of retransmitted data gives no sample; the backed-off RTO stays (RFC 6298 §3, §5.7)", () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.clock.advance(1000);
    expect(f.connection.variables.rto).toBe(2000);
    f.clock.advance(100);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 4 });
    expect(f.connection.variables.rto).toBe(2000);
    expect(f.connection.variables.rtt.hasSample).toBe(true); // only the handshake's sample
    expect(f.connection.variables.rtt.srtt).toBe(0);
  });

  test('after Karn, the next fresh segment gives a sample again', () => {
    const f = connectionIn('ESTABLISHED', { minRto: 100 });
    f.connection.send(bytes('abc'));
    f.clock.advance(100); // RTO = minRto 100 after the 0 ms handshake sample: a timeout
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 4 });
    expect(f.connection.variables.rto).toBe(200);
    f.connection.send(bytes('d'));
    f.clock.advance(40);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 5 });
    // RTTVAR = 3/4·0 + 1/4·|0 − 40| = 10, SRTT = 7/8·0 + 1/8·40 = 5, RTO = max(5 + 40, minRto)
    expect(f.connection.variables.rtt).toEqual({ srtt: 5, rttvar: 10, hasSample: true });
    expect(f.connection.variables.rto).toBe(100);
  });

  test('SYN timed out, then the SYN-ACK -> the RTO is re-initialized to 3 s (RFC 6298 §5.7)', () => {
    const f = connectionIn('SYN_SENT');
    f.clock.advance(1500);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    expect(f.state).toBe('ESTABLISHED');
    expect(f.connection.variables.rto).toBe(3000);
    f.connection.send(bytes('a'));
    f.clearSent();
    f.clock.advance(2999);
    f.expectSent([]);
    f.clock.advance(1);
    f.expectSent([{ flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'a' }]);
  });

  // RFC 6298 §5.7 falls back to 3 s when "the timer expires awaiting the ACK of a SYN segment"; a data timeout is no such.
  test('ESTABLISHED + a data timeout -> synTimedOut stays false: the SYN was answered in time', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(1000);
    expect(f.connection.variables.retries).toBe(1);
    expect(f.connection.variables.synTimedOut).toBe(false);
  });

  test('SYN-ACK timed out in SYN_RECEIVED, then the ACK -> the RTO is 3 s (RFC 6298 §5.7)', () => {
    const f = connectionIn('SYN_RECEIVED');
    f.clock.advance(1500);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    expect(f.connection.variables.rto).toBe(3000);
  });

  test("SYN_RECEIVED + CLOSE, the SYN-ACK times out -> the FIN's ACK gives no sample either (Karn, RFC 6298 §3, §5)", () => {
    // The timeout resends the SYN-ACK alone; the FIN sent before it is outstanding across the timeout, so its ACK
    // would time the timeout, not the path (1200 ms here).
    const f = connectionIn('SYN_RECEIVED');
    f.connection.close();
    expect(f.state).toBe('FIN_WAIT_1');
    f.clock.advanceTo(1100);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 1 });
    f.clock.advanceTo(1200);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    expect(f.state).toBe('FIN_WAIT_2');
    expect(f.connection.variables.rtt.hasSample).toBe(false);
    expect(f.connection.variables.rto).toBe(3000);
  });

  test('the §5.7 fallback does not lower an initial RTO above 3 s', () => {
    const f = connectionIn('SYN_SENT', { rto: 4000 });
    f.clock.advance(4500);
    f.recv({ flags: 'S.', seq: REMOTE_SEQ, ack: LOCAL_SEQ + 1 });
    expect(f.connection.variables.rto).toBe(8000);
  });

  test('updateRto and backedOffRto are bounded by minRto and maxRto', () => {
    const bounds = { minRto: 1000, maxRto: 60_000 };
    expect(updateRto(initialRttEstimate(), 100_000, bounds)).toBe(60_000);
    expect(updateRto(initialRttEstimate(), 1, bounds)).toBe(1000);
    expect(backedOffRto(40_000, bounds)).toBe(60_000);
    expect(backedOffRto(1000, bounds)).toBe(2000);
  });

  test('with a zero-variance sample, RTO = SRTT + G (clock granularity 1 ms)', () => {
    const estimate = initialRttEstimate();
    updateRto(estimate, 100, { minRto: 0, maxRto: 60_000 });
    for (let i = 0; i < 200; i++) updateRto(estimate, 100, { minRto: 0, maxRto: 60_000 });
    expect(estimate.srtt).toBeCloseTo(100);
    expect(updateRto(estimate, 100, { minRto: 0, maxRto: 60_000 })).toBeCloseTo(101, 0);
  });
});

describe('the one clock timer of a connection', () => {
  // RFC 6298 §5.1: a segment sent while the retransmission timer runs does not restart it; the earliest deadline
  // is unchanged, and the clock timer already set for it stays (ConnectionTimer.arm).
  test('ESTABLISHED + send() at 0 and again at 500 ms -> the deadline stays at 1 s; the clock timer is neither cleared nor set again', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('a'));
    const setTimer = jest.spyOn(f.clock, 'setTimer');
    const clearTimer = jest.spyOn(f.clock, 'clearTimer');
    f.clock.advanceTo(500);
    f.connection.send(bytes('b'));
    f.expectSentAt([
      [0, { flags: 'P.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1, payload: 'a' }],
      [500, { flags: 'P.', seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 1, payload: 'b' }],
    ]);
    expect(f.connection.variables.retransmitDeadline).toBe(1000);
    expect(setTimer).not.toHaveBeenCalled();
    expect(clearTimer).not.toHaveBeenCalled();
    expect(f.clock.nextTimerAt()).toBe(1000);
  });
});

describe('TIME-WAIT (RFC 9293 §3.10.8)', () => {
  test('TIME_WAIT ends exactly at 2MSL (60 s by default) -> CLOSED, sends nothing', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advanceTo(59_999);
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(60_000);
    expect(f.state).toBe('CLOSED');
    f.expectSent([]);
    expect(f.changes).toEqual([{ from: 'TIME_WAIT', to: 'CLOSED', cause: { kind: 'timer', timer: 'time-wait' } }]);
  });

  test('with msl 500 ms -> CLOSED at exactly 1000 ms', () => {
    const f = connectionIn('TIME_WAIT', { msl: 500 });
    f.clock.advanceTo(999);
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(1000);
    expect(f.state).toBe('CLOSED');
  });

  test('TIME_WAIT + retransmitted FIN at 30 s -> ACKed, and the wait ends at 90 s', () => {
    const f = connectionIn('TIME_WAIT');
    f.clock.advanceTo(30_000);
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.expectSentAt([[30_000, { flags: '.', seq: LOCAL_SEQ + 2, ack: REMOTE_SEQ + 2 }]]);
    f.clock.advanceTo(89_999);
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(90_000);
    expect(f.state).toBe('CLOSED');
  });

  test('entering TIME_WAIT turns off the retransmission timer', () => {
    const f = connectionIn('FIN_WAIT_1');
    f.recv({ flags: 'F.', seq: REMOTE_SEQ + 1, ack: LOCAL_SEQ + 2 });
    f.clearSent();
    expect(f.connection.variables.retransmitDeadline).toBeNull();
    f.clock.advance(59_999);
    f.expectSent([]);
  });

  test('TIME_WAIT reached from CLOSING -> 2MSL from the ACK of our FIN', () => {
    const f = connectionIn('CLOSING');
    f.clock.advanceTo(500);
    f.recv({ flags: '.', seq: REMOTE_SEQ + 2, ack: LOCAL_SEQ + 2 });
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(60_499);
    expect(f.state).toBe('TIME_WAIT');
    f.clock.advanceTo(60_500);
    expect(f.state).toBe('CLOSED');
  });
});

describe('closing-state retransmission', () => {
  test('FIN_WAIT_1 + no ACK -> FIN resent with back-off, CLOSED after maxRetries', () => {
    const f = connectionIn('FIN_WAIT_1', { maxRetries: 2 });
    f.clock.advance(100_000);
    const FIN = { flags: 'F.', seq: LOCAL_SEQ + 1, ack: REMOTE_SEQ + 1 } as const;
    f.expectSentAt([
      [1000, FIN],
      [3000, FIN],
    ]);
    expect(f.state).toBe('CLOSED');
  });
});
