/**
 * Delayed acknowledgments in the model (RFC 9293 §3.8.6.3, SHLD-18; RFC 1122
 * §4.2.3.2), one scenario per test: a state fixture with an ACK pending or
 * not, one event through XState's pure `transition()`, the state after, what
 * leaves, and whether an ACK is still pending. "A TCP SHOULD implement a
 * delayed ACK, but an ACK should not be excessively delayed; in particular,
 * the delay MUST be less than 0.5 seconds. An ACK SHOULD be generated for at
 * least every second full-sized segment" (RFC 1122 §4.2.3.2).
 */
import { DEFAULT_INPUT, type TcpState } from '../../machines/tcp.machine';
import { run, snapshotIn, step, type TcpSnapshot } from './fixtures';

/** A connection in `state` that has just received one segment of text and delays its ACK. */
function ackPendingIn(state: 'ESTABLISHED' | 'FIN_WAIT_2'): TcpSnapshot {
  const snapshot =
    state === 'ESTABLISHED'
      ? run(snapshotIn('ESTABLISHED'), ['RCV_DATA'])
      : run(snapshotIn('FIN_WAIT_1'), ['RCV_DATA']);
  expect(snapshot.context.ackPending).toBe(true);
  return snapshot;
}

function expectStep(
  snapshot: TcpSnapshot,
  event: string,
  expected: { state: TcpState; sends: string[]; ackPending: boolean },
): void {
  const result = step(snapshot, event);
  expect({ state: result.state, sends: result.sends, ackPending: result.snapshot.context.ackPending }).toEqual(
    expected,
  );
}

test('the default delay is 40 ms, Linux TCP_DELACK_MIN and FreeBSD TCPTV_DELACK, under RFC 1122’s 0.5 s', () => {
  expect(DEFAULT_INPUT.ackDelay).toBe(40);
  expect(snapshotIn('ESTABLISHED').context.ackDelay).toBe(40);
});

describe('in-order text: the ACK is delayed', () => {
  test('ESTABLISHED + RCV_DATA -> ESTABLISHED, sends nothing, ACK pending, ACK_DELAY starts at 40 ms', () => {
    const result = step(snapshotIn('ESTABLISHED'), 'RCV_DATA');
    expect({ state: result.state, sends: result.sends, ackPending: result.snapshot.context.ackPending }).toEqual({
      state: 'ESTABLISHED',
      sends: [],
      ackPending: true,
    });
    expect(result.timers).toContainEqual({ delay: 'ACK_DELAY', ms: 40 });
  });

  test('FIN_WAIT_1 + RCV_DATA (its ACK covers our FIN) -> FIN_WAIT_2, sends nothing, ACK pending', () => {
    const result = step(snapshotIn('FIN_WAIT_1'), 'RCV_DATA');
    expect({ state: result.state, sends: result.sends, ackPending: result.snapshot.context.ackPending }).toEqual({
      state: 'FIN_WAIT_2',
      sends: [],
      ackPending: true,
    });
    expect(result.timers).toEqual([{ delay: 'ACK_DELAY', ms: 40 }]);
  });

  test('FIN_WAIT_2 + RCV_DATA -> FIN_WAIT_2, sends nothing, ACK pending', () => {
    expectStep(snapshotIn('FIN_WAIT_2'), 'RCV_DATA', { state: 'FIN_WAIT_2', sends: [], ackPending: true });
  });

  test('the ackDelay input sets the delay: 200 ms', () => {
    expect(step(snapshotIn('ESTABLISHED', { input: { ackDelay: 200 } }), 'RCV_DATA').timers).toContainEqual({
      delay: 'ACK_DELAY',
      ms: 200,
    });
  });

  // SYN-RECEIVED acknowledges at once: its ACK completes the handshake (test/model/transitions.test.ts).
  test('SYN_RECEIVED + RCV_DATA -> ESTABLISHED, sends ACK at once, none pending', () => {
    expectStep(snapshotIn('SYN_RECEIVED'), 'RCV_DATA', { state: 'ESTABLISHED', sends: ['sendAck'], ackPending: false });
  });
});

describe('an ACK pending', () => {
  test('ESTABLISHED (ACK pending) + after ACK_DELAY -> ESTABLISHED, sends ACK, none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'after ACK_DELAY', {
      state: 'ESTABLISHED',
      sends: ['sendAck'],
      ackPending: false,
    });
  });

  test('FIN_WAIT_2 (ACK pending) + after ACK_DELAY -> FIN_WAIT_2, sends ACK, none pending', () => {
    expectStep(ackPendingIn('FIN_WAIT_2'), 'after ACK_DELAY', {
      state: 'FIN_WAIT_2',
      sends: ['sendAck'],
      ackPending: false,
    });
  });

  // RFC 1122 §4.2.3.2: "an ACK SHOULD be generated for at least every second full-sized segment".
  test('ESTABLISHED (ACK pending) + RCV_DATA -> ESTABLISHED, sends ACK at once (the second segment), none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'RCV_DATA', {
      state: 'ESTABLISHED',
      sends: ['sendAck'],
      ackPending: false,
    });
  });

  test('FIN_WAIT_2 (ACK pending) + RCV_DATA -> FIN_WAIT_2, sends ACK at once (the second segment), none pending', () => {
    expectStep(ackPendingIn('FIN_WAIT_2'), 'RCV_DATA', { state: 'FIN_WAIT_2', sends: ['sendAck'], ackPending: false });
  });

  test('ESTABLISHED (ACK pending) + SEND -> ESTABLISHED, sends data, which carries the ACK: none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'SEND', { state: 'ESTABLISHED', sends: ['sendData'], ackPending: false });
  });

  test('ESTABLISHED (ACK pending) + CLOSE -> FIN_WAIT_1, sends FIN, which carries the ACK: none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'CLOSE', { state: 'FIN_WAIT_1', sends: ['sendFin'], ackPending: false });
  });

  test('ESTABLISHED (ACK pending) + RCV_FIN -> CLOSE_WAIT, sends ACK at once (a FIN is not delayed), none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'RCV_FIN', { state: 'CLOSE_WAIT', sends: ['sendAck'], ackPending: false });
  });

  test('FIN_WAIT_2 (ACK pending) + RCV_FIN -> TIME_WAIT, sends ACK at once, none pending', () => {
    expectStep(ackPendingIn('FIN_WAIT_2'), 'RCV_FIN', { state: 'TIME_WAIT', sends: ['sendAck'], ackPending: false });
  });

  test('ESTABLISHED (ACK pending) + RCV_SYN -> ESTABLISHED, sends a challenge ACK, which carries the ACK: none pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'RCV_SYN', {
      state: 'ESTABLISHED',
      sends: ['sendChallengeAck'],
      ackPending: false,
    });
  });

  test('ESTABLISHED (ACK pending) + RCV_ACK (a duplicate) -> ESTABLISHED, sends nothing, the ACK still pending', () => {
    expectStep(ackPendingIn('ESTABLISHED'), 'RCV_ACK', { state: 'ESTABLISHED', sends: [], ackPending: true });
  });
});

describe('ackDelay 0 turns delayed ACKs off', () => {
  test('ESTABLISHED + RCV_DATA -> ESTABLISHED, sends ACK, none pending', () => {
    expectStep(snapshotIn('ESTABLISHED', { input: { ackDelay: 0 } }), 'RCV_DATA', {
      state: 'ESTABLISHED',
      sends: ['sendAck'],
      ackPending: false,
    });
  });

  test('ESTABLISHED + after ACK_DELAY (nothing pending) -> ignored, sends nothing', () => {
    expectStep(snapshotIn('ESTABLISHED', { input: { ackDelay: 0 } }), 'after ACK_DELAY', {
      state: 'ESTABLISHED',
      sends: [],
      ackPending: false,
    });
  });
});
