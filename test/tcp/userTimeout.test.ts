/**
 * The USER TIMEOUT (RFC 9293 §3.10.8; RFC 5482): with `userTimeout` set, a
 * connection whose oldest unacknowledged segment (data, SYN, FIN, a
 * zero-window probe) has waited that long for its ACK is aborted, "error:
 * connection aborted due to user timeout", without a RST. Off by default:
 * the retransmission count (`maxRetries`) is then the only limit
 * (test/tcp/timers.test.ts).
 */
import { bytes, connectionIn, LOCAL_MSS, LOCAL_SEQ } from './fixtures';

const ABORTED = {
  cause: { kind: 'timer', timer: 'retransmission' },
  reason: 'connection aborted due to user timeout',
} as const;

describe('USER TIMEOUT (RFC 9293 §3.10.8, RFC 5482)', () => {
  test('ESTABLISHED + 10 bytes never acknowledged, user timeout 5 s -> resent at 1 s and 3 s, CLOSED at exactly 5 s without a RST', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 5000 });
    f.connection.send(bytes('0123456789'));
    f.clearSent();
    f.clock.advanceTo(4999);
    const data = { flags: 'P.', seq: f.local(1), ack: f.remote(1), payload: '0123456789' } as const;
    f.expectSentAt([
      [1000, data],
      [3000, data],
    ]);
    expect(f.state).toBe('ESTABLISHED');
    f.clock.advanceTo(5000);
    f.expectSent([]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection aborted due to user timeout');
    expect(f.changes).toEqual([{ from: 'ESTABLISHED', to: 'CLOSED', ...ABORTED }]);
  });

  test('ESTABLISHED with user timeout 400 s and maxRetries 2 -> still resending after the third timeout: the time replaces the count (RFC 1122 §4.2.3.5, Linux)', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 400_000, maxRetries: 2 });
    f.connection.send(bytes('x'));
    f.clock.advanceTo(399_999);
    expect(f.state).toBe('ESTABLISHED');
    expect(f.connection.variables.retries).toBeGreaterThan(2);
    f.clock.advanceTo(400_000);
    expect(f.state).toBe('CLOSED');
  });

  test('ESTABLISHED + an ACK for the oldest segment at 4 s -> the user timeout counts again from the next one', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 5000 });
    f.connection.send(bytes('a'));
    f.clock.advanceTo(500);
    // First sent at 0.5 s, before the timeout at 1 s (after it, the loss window would hold it: RFC 5681 §3.1).
    f.connection.send(bytes('b'));
    f.clock.advanceTo(4000);
    f.recv(f.peer({ ack: f.local(2) }));
    f.clock.advanceTo(5499);
    expect(f.state).toBe('ESTABLISHED');
    f.clock.advanceTo(5500);
    expect(f.state).toBe('CLOSED');
  });

  test('FIN_WAIT_1 + our FIN never acknowledged, user timeout 3 s -> CLOSED at 3 s', () => {
    const f = connectionIn('FIN_WAIT_1', { userTimeout: 3000 });
    f.clock.advanceTo(2999);
    expect(f.state).toBe('FIN_WAIT_1');
    f.clock.advanceTo(3000);
    expect(f.state).toBe('CLOSED');
    expect(f.changes).toEqual([{ from: 'FIN_WAIT_1', to: 'CLOSED', ...ABORTED }]);
  });

  test('SYN_SENT with user timeout 2 s -> SYN resent at 1 s, CLOSED at 2 s (before maxRetries)', () => {
    const f = connectionIn('SYN_SENT', { userTimeout: 2000 });
    f.clock.advanceTo(2000);
    f.expectSentAt([[1000, { flags: 'S', seq: LOCAL_SEQ, options: { mss: LOCAL_MSS } }]]);
    expect(f.state).toBe('CLOSED');
    expect(f.connection.lostReason).toBe('connection aborted due to user timeout');
  });

  test('SYN_SENT with user timeout 1 h -> the SYN count still gives up at 247 s, as Linux keeps tcp_syn_retries', () => {
    const f = connectionIn('SYN_SENT', { userTimeout: 3_600_000 });
    f.clock.advanceTo(247_000);
    expect(f.state).toBe('CLOSED');
  });

  test('SYN_RECEIVED (passive) + no ACK, user timeout 2 s -> back to LISTEN at 2 s, as at R2', () => {
    const f = connectionIn('SYN_RECEIVED', { userTimeout: 2000 });
    f.clock.advanceTo(2000);
    expect(f.state).toBe('LISTEN');
  });

  test('ESTABLISHED + peer window 0, user timeout 10 s -> probes at 1, 3, 7 s; CLOSED 10 s after the first probe (RFC 6429)', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 10_000, peerWindow: 0 });
    f.connection.send(bytes('abc'));
    f.clock.advanceTo(10_999);
    const probe = { flags: '.', seq: f.local(1), ack: f.remote(1), payload: 'a' } as const;
    f.expectSentAt([
      [1000, probe],
      [3000, probe],
      [7000, probe],
    ]);
    expect(f.state).toBe('ESTABLISHED');
    f.clock.advanceTo(11_000);
    expect(f.state).toBe('CLOSED');
  });

  test('ESTABLISHED + nothing to send, user timeout 1 s -> an idle connection never times out', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 1000 });
    f.clock.advance(3_600_000);
    expect(f.state).toBe('ESTABLISHED');
    expect(f.clock.nextTimerAt()).toBeUndefined();
  });

  test('setUserTimeout(3000) on ESTABLISHED with data in flight since 0 s -> CLOSED at 3 s', () => {
    const f = connectionIn('ESTABLISHED');
    f.connection.send(bytes('x'));
    f.clock.advanceTo(2000);
    f.connection.setUserTimeout(3000);
    f.clock.advanceTo(2999);
    expect(f.state).toBe('ESTABLISHED');
    f.clock.advanceTo(3000);
    expect(f.state).toBe('CLOSED');
  });

  test('setUserTimeout(0) after 1 s turns it off again: maxRetries gives up at 247 s', () => {
    const f = connectionIn('ESTABLISHED', { userTimeout: 2000 });
    f.connection.send(bytes('x'));
    f.clock.advanceTo(1000);
    f.connection.setUserTimeout(0);
    f.clock.advanceTo(246_999);
    expect(f.state).toBe('ESTABLISHED');
    f.clock.advanceTo(247_000);
    expect(f.state).toBe('CLOSED');
  });

  test('userTimeout -1 -> a usage error naming the option', () => {
    expect(() => connectionIn('CLOSED', { userTimeout: -1 })).toThrow(
      'userTimeout must be a whole number of ms, 0 (off) or more, got -1',
    );
  });
});
