/**
 * The model's timers: the retransmission timeout (RFC 6298 back-off, RFC 9293
 * §3.8.3 giving up) and the 2 MSL TIME-WAIT timeout (RFC 9293 §3.4.2, §3.10.8).
 *
 * First read from the delayed `xstate.raise` actions that the pure
 * `transition()` returns, then observed on a running actor under jest's fake
 * timers, where an output action's implementation records when it runs.
 */
import { createActor, transition } from 'xstate';
import {
  DEFAULT_INPUT,
  OUTPUT_ACTIONS,
  tcpMachine,
  tcpState,
  type OutputAction,
  type TcpEventType,
  type TcpInput,
  type TcpState,
} from '../../machines/tcp.machine';
import { delayedEventType } from '../../src/model/timers';
import { closedSnapshot, entering, run, snapshotIn, step, type FixtureOptions, type TcpSnapshot } from './fixtures';

const { maxRetries, msl } = DEFAULT_INPUT;

/**
 * Lets the retransmission timer of the connection in `state` expire until the
 * connection leaves `state`: the RTO of every timer started, what each
 * expiry sent, and where the connection went.
 */
function expireUntilGiveUp(state: TcpState, options: FixtureOptions = {}) {
  const entered = entering(state, options);
  const rtos = entered.timers.filter((timer) => timer.delay === 'RTO').map((timer) => timer.ms);
  const retransmissions: OutputAction[][] = [];
  let snapshot: TcpSnapshot = entered.snapshot;
  for (let expiry = 0; expiry < 100; expiry += 1) {
    const result = step(snapshot, 'after RTO');
    if (result.state !== state) return { rtos, retransmissions, finalState: result.state, lastStep: result };
    retransmissions.push(result.sends);
    rtos.push(...result.timers.filter((timer) => timer.delay === 'RTO').map((timer) => timer.ms));
    snapshot = result.snapshot;
  }
  throw new Error(`${state} never gave up`);
}

/** The RTO of the next retransmission timer a SEND starts in ESTABLISHED. */
function rtoOfNextSend(snapshot: TcpSnapshot): number | undefined {
  return step(snapshot, 'SEND').timers.find((timer) => timer.delay === 'RTO')?.ms;
}

describe('the retransmission timeout, read from transition()', () => {
  test('the SYN_SENT timer is the event xstate.after.RTO.SYN_SENT, raised with the RTO as its delay', () => {
    expect(delayedEventType('SYN_SENT', 'RTO')).toBe('xstate.after.RTO.SYN_SENT');
    const [, actions] = transition(tcpMachine, closedSnapshot(), { type: 'ACTIVE_OPEN' });
    expect(actions.find((action) => action.type === 'xstate.raise')?.params).toEqual({
      event: { type: 'xstate.after.RTO.SYN_SENT' },
      id: 'xstate.after.RTO.SYN_SENT',
      delay: 1000,
    });
  });

  test('the SYN is retransmitted with the RTO doubled every time up to maxRto: 1 s, 2 s, 4 s, … 64 s, 120 s (RFC 6298 §5.5, §2.5)', () => {
    const { rtos, retransmissions } = expireUntilGiveUp('SYN_SENT');
    expect(rtos).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000]);
    expect(retransmissions).toEqual(Array.from({ length: maxRetries }, () => ['sendSyn']));
  });

  test.each([
    {
      name: 'SYN_RECEIVED (passive open)',
      state: 'SYN_RECEIVED',
      open: 'passive',
      segment: 'sendSynAck',
      label: 'SYN-ACK',
    },
    {
      name: 'SYN_RECEIVED (active open)',
      state: 'SYN_RECEIVED',
      open: 'active',
      segment: 'sendSynAck',
      label: 'SYN-ACK',
    },
    { name: 'FIN_WAIT_1', state: 'FIN_WAIT_1', open: 'active', segment: 'sendFin', label: 'FIN' },
    { name: 'CLOSING', state: 'CLOSING', open: 'active', segment: 'sendFin', label: 'FIN' },
    { name: 'LAST_ACK', state: 'LAST_ACK', open: 'active', segment: 'sendFin', label: 'FIN' },
  ] as const)('$name: every retransmitted $label doubles the RTO', ({ state, open, segment }) => {
    const { rtos, retransmissions } = expireUntilGiveUp(state, { open, input: { maxRto: 1_000_000 } });
    // SYN_RECEIVED by simultaneous open keeps the SYN's RTO: no RTT sample was taken.
    expect(rtos.slice(1)).toEqual(rtos.slice(0, -1).map((rto) => 2 * rto));
    expect(retransmissions).toEqual(Array.from({ length: maxRetries }, () => [segment]));
  });

  test('the backed-off RTO is capped by maxRto (RFC 6298 §2.5)', () => {
    const { rtos } = expireUntilGiveUp('SYN_SENT', { input: { maxRto: 5000 } });
    expect(rtos).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
  });

  test('the default maxRto caps a long back-off at 120 s (Linux TCP_RTO_MAX)', () => {
    const { rtos } = expireUntilGiveUp('SYN_SENT', { input: { maxRetries: 8 } });
    expect(rtos).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000, 120_000]);
  });

  test.each([
    { name: 'SYN_SENT', state: 'SYN_SENT', open: 'active', finalState: 'CLOSED' },
    { name: 'SYN_RECEIVED (passive open)', state: 'SYN_RECEIVED', open: 'passive', finalState: 'LISTEN' },
    { name: 'SYN_RECEIVED (active open)', state: 'SYN_RECEIVED', open: 'active', finalState: 'CLOSED' },
    // FIN-WAIT-1 holds the persist timer and the delayed ACK too (a FIN queued behind a zero window).
    {
      name: 'FIN_WAIT_1',
      state: 'FIN_WAIT_1',
      open: 'active',
      finalState: 'CLOSED',
      timers: ['RTO', 'ACK_DELAY', 'PERSIST', 'USER_TIMEOUT'],
    },
    { name: 'CLOSING', state: 'CLOSING', open: 'active', finalState: 'CLOSED' },
    // LAST-ACK holds the persist timer too (data and the FIN queued behind a zero window).
    {
      name: 'LAST_ACK',
      state: 'LAST_ACK',
      open: 'active',
      finalState: 'CLOSED',
      timers: ['RTO', 'PERSIST', 'USER_TIMEOUT'],
    },
  ] as const)(
    `$name gives up after ${maxRetries} retransmissions: -> $finalState, sends nothing, no timer left (RFC 9293 §3.8.3 R2)`,
    (row) => {
      const { state, open, finalState } = row;
      const { retransmissions, lastStep } = expireUntilGiveUp(state, { open });
      expect(retransmissions).toHaveLength(maxRetries);
      expect(lastStep.state).toBe(finalState);
      expect(lastStep.sends).toEqual([]);
      expect(lastStep.timers).toEqual([]);
      // Every state that can give up holds the USER TIMEOUT too: 0 ms and no transition without one, as ACK_DELAY is
      // with delayed ACKs off.
      expect(lastStep.cancelled).toEqual('timers' in row ? row.timers : ['RTO', 'USER_TIMEOUT']);
    },
  );

  test.each([0, 1, 3])('with maxRetries %i the SYN is retransmitted that many times', (retries) => {
    const { retransmissions, finalState } = expireUntilGiveUp('SYN_SENT', { input: { maxRetries: retries } });
    expect(retransmissions).toHaveLength(retries);
    expect(finalState).toBe('CLOSED');
  });

  test('the rto input sets the first RTO: 250 ms, then 500 ms, 1 s', () => {
    const { rtos } = expireUntilGiveUp('SYN_SENT', { input: { rto: 250, maxRetries: 2 } });
    expect(rtos).toEqual([250, 500, 1000]);
  });

  test('a challenge ACK leaves the retransmission timer running (the transition is targetless)', () => {
    const result = step(snapshotIn('FIN_WAIT_1'), 'RCV_SYN');
    expect({ timers: result.timers, cancelled: result.cancelled }).toEqual({ timers: [], cancelled: [] });
  });
});

describe('RTT samples and the RTO after the handshake', () => {
  test('a handshake without retransmission gives an RTT sample: the data timer uses minRto (RFC 6298 §2)', () => {
    expect(rtoOfNextSend(snapshotIn('ESTABLISHED'))).toBe(1000);
    expect(rtoOfNextSend(snapshotIn('ESTABLISHED', { input: { minRto: 200 } }))).toBe(200);
  });

  test('after a handshake whose SYN was retransmitted the RTO is re-initialized to 3 s (RFC 6298 §5.7)', () => {
    const established = run(closedSnapshot(), ['ACTIVE_OPEN', 'after RTO', 'RCV_SYN_ACK']);
    expect(rtoOfNextSend(established)).toBe(3000);
  });

  test('after a simultaneous open whose SYN was retransmitted the RTO is re-initialized to 3 s (RFC 6298 §5.7)', () => {
    const established = run(closedSnapshot(), ['ACTIVE_OPEN', 'after RTO', 'RCV_SYN', 'RCV_ACK']);
    expect(rtoOfNextSend(established)).toBe(3000);
  });

  test('after a handshake whose SYN-ACK was retransmitted the RTO is re-initialized to 3 s (RFC 6298 §5.7)', () => {
    const established = run(closedSnapshot(), ['PASSIVE_OPEN', 'RCV_SYN', 'after RTO', 'RCV_ACK']);
    expect(rtoOfNextSend(established)).toBe(3000);
  });

  test('the fallbackRto input replaces the 3 s of RFC 6298 §5.7', () => {
    const established = run(closedSnapshot({ fallbackRto: 5000 }), ['ACTIVE_OPEN', 'after RTO', 'RCV_SYN_ACK']);
    expect(rtoOfNextSend(established)).toBe(5000);
  });

  test('Karn: an ACK of retransmitted data gives no sample, so the backed-off RTO is kept (RFC 6298 §3, §5.7)', () => {
    const retransmitted = run(snapshotIn('ESTABLISHED'), ['SEND', 'after RTO', 'RCV_ACK']);
    expect(rtoOfNextSend(retransmitted)).toBe(2000);
  });

  test('Karn: the next ACK of data sent once gives a sample, and the RTO is minRto again (RFC 6298 §2)', () => {
    const sampled = run(snapshotIn('ESTABLISHED'), ['SEND', 'after RTO', 'RCV_ACK', 'SEND', 'RCV_ACK']);
    expect(rtoOfNextSend(sampled)).toBe(1000);
  });
});

describe('the TIME-WAIT timeout, read from transition()', () => {
  test(`entering TIME_WAIT starts a 2 MSL timer: ${2 * msl} ms with the default msl`, () => {
    expect(entering('TIME_WAIT').timers).toEqual([{ delay: 'TWO_MSL', ms: 2 * msl }]);
  });

  test('the msl input sets it: msl 500 gives 1000 ms', () => {
    expect(entering('TIME_WAIT', { input: { msl: 500 } }).timers).toEqual([{ delay: 'TWO_MSL', ms: 1000 }]);
  });

  test('FIN_WAIT_1 + RCV_FIN_ACK starts the same 2 MSL timer', () => {
    expect(step(snapshotIn('FIN_WAIT_1'), 'RCV_FIN_ACK').timers).toEqual([{ delay: 'TWO_MSL', ms: 2 * msl }]);
  });

  test('rfc1337: a RST in TIME_WAIT is ignored and the timer keeps running (RFC 1337 §3)', () => {
    const result = step(snapshotIn('TIME_WAIT', { input: { rfc1337: true } }), 'RCV_RST');
    expect(result.state).toBe('TIME_WAIT');
    expect(result.sends).toEqual([]);
    expect({ timers: result.timers, cancelled: result.cancelled }).toEqual({ timers: [], cancelled: [] });
  });

  test('without rfc1337 a RST in TIME_WAIT closes the connection (RFC 9293 §3.10.7.4)', () => {
    expect(step(snapshotIn('TIME_WAIT'), 'RCV_RST').state).toBe('CLOSED');
  });
});

describe('a running actor under fake timers', () => {
  interface Sent {
    readonly action: OutputAction;
    readonly at: number;
  }

  /** Starts the machine as an actor whose output actions record the (fake) time they run at. */
  function startConnection(input: TcpInput = {}) {
    const sent: Sent[] = [];
    const record = (action: OutputAction) => () => {
      sent.push({ action, at: Date.now() });
    };
    const actions = Object.fromEntries(OUTPUT_ACTIONS.map((action) => [action, record(action)])) as Record<
      OutputAction,
      () => void
    >;
    const actor = createActor(tcpMachine.provide({ actions }), { input }).start();
    const send = (...events: TcpEventType[]) => events.forEach((type) => actor.send({ type }));
    const state = () => tcpState(actor.getSnapshot());
    const times = (action: OutputAction) => sent.filter((entry) => entry.action === action).map((entry) => entry.at);
    return { actor, send, state, times };
  }

  /** Advances the fake clock to the absolute time `ms`. */
  function advanceTo(ms: number): void {
    jest.advanceTimersByTime(ms - Date.now());
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  // RFC 9293 §3.8.3 (MUST-23), RFC 1122 §4.2.3.5: "R2 for a SYN segment MUST be set large enough to
  // provide retransmission of the segment for at least 3 minutes". The defaults give 247 s.
  test('SYN_SENT: the SYN leaves at 0 s and again at 1, 3, 7, 15, 31, 63 and 127 s; CLOSED at 247 s, past 3 minutes', () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN');
    advanceTo(247_000 - 1);
    expect(connection.state()).toBe('SYN_SENT');
    advanceTo(247_000);
    expect(connection.state()).toBe('CLOSED');
    expect(247_000).toBeGreaterThanOrEqual(3 * 60_000);
    expect(connection.times('sendSyn')).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000, 127_000]);
    connection.actor.stop();
  });

  test('SYN_RECEIVED (passive open): the SYN-ACK is resent at 1, 3, 7, 15, 31, 63 and 127 s; back in LISTEN at 247 s', () => {
    const connection = startConnection();
    connection.send('PASSIVE_OPEN', 'RCV_SYN');
    advanceTo(247_000 - 1);
    expect(connection.state()).toBe('SYN_RECEIVED');
    advanceTo(247_000);
    expect(connection.state()).toBe('LISTEN');
    expect(connection.times('sendSynAck')).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000, 127_000]);
    connection.actor.stop();
  });

  test('FIN_WAIT_1: the FIN is resent at 1, 3, 7, 15, 31, 63 and 127 s after the CLOSE; CLOSED at 247 s', () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE');
    advanceTo(247_000);
    expect(connection.state()).toBe('CLOSED');
    expect(connection.times('sendFin')).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000, 127_000]);
    connection.actor.stop();
  });

  test('an ACK stops the retransmissions: ESTABLISHED at 1.5 s after one SYN retransmission', () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN');
    advanceTo(1500);
    connection.send('RCV_SYN_ACK');
    advanceTo(200_000);
    expect(connection.state()).toBe('ESTABLISHED');
    expect(connection.times('sendSyn')).toEqual([0, 1000]);
    connection.actor.stop();
  });

  test.each<{ name: string; input: TcpInput; synTimes: number[]; closedAt: number }>([
    {
      name: 'rto 200',
      input: { rto: 200 },
      synTimes: [0, 200, 600, 1400, 3000, 6200, 12_600, 25_400],
      closedAt: 51_000,
    },
    { name: 'maxRetries 2', input: { maxRetries: 2 }, synTimes: [0, 1000, 3000], closedAt: 7000 },
    {
      name: 'rto 500, maxRto 1000, maxRetries 3',
      input: { rto: 500, maxRto: 1000, maxRetries: 3 },
      synTimes: [0, 500, 1500, 2500],
      closedAt: 3500,
    },
  ])(
    'with $name the SYN leaves at $synTimes ms and the connection closes at $closedAt ms',
    ({ input, synTimes, closedAt }) => {
      const connection = startConnection(input);
      connection.send('ACTIVE_OPEN');
      advanceTo(closedAt - 1);
      expect(connection.state()).toBe('SYN_SENT');
      advanceTo(closedAt);
      expect(connection.state()).toBe('CLOSED');
      expect(connection.times('sendSyn')).toEqual(synTimes);
      connection.actor.stop();
    },
  );

  test(`TIME_WAIT lasts exactly 2 MSL: CLOSED at ${2 * msl} ms, not a millisecond before`, () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE', 'RCV_ACK', 'RCV_FIN');
    expect(connection.state()).toBe('TIME_WAIT');
    advanceTo(2 * msl - 1);
    expect(connection.state()).toBe('TIME_WAIT');
    advanceTo(2 * msl);
    expect(connection.state()).toBe('CLOSED');
    connection.actor.stop();
  });

  test('TIME_WAIT: a retransmitted FIN at 30 s is acknowledged and restarts the timer: CLOSED at 90 s', () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE', 'RCV_ACK', 'RCV_FIN');
    advanceTo(30_000);
    connection.send('RCV_FIN');
    advanceTo(30_000 + 2 * msl - 1);
    expect(connection.state()).toBe('TIME_WAIT');
    advanceTo(30_000 + 2 * msl);
    expect(connection.state()).toBe('CLOSED');
    expect(connection.times('sendAck')).toEqual([0, 0, 30_000]);
    connection.actor.stop();
  });

  test('TIME_WAIT with msl 500: CLOSED at 1 s', () => {
    const connection = startConnection({ msl: 500 });
    connection.send('ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE', 'RCV_ACK', 'RCV_FIN');
    advanceTo(999);
    expect(connection.state()).toBe('TIME_WAIT');
    advanceTo(1000);
    expect(connection.state()).toBe('CLOSED');
    connection.actor.stop();
  });

  test('rfc1337: a RST at 10 s is ignored and TIME_WAIT still ends at 2 MSL', () => {
    const connection = startConnection({ rfc1337: true });
    connection.send('ACTIVE_OPEN', 'RCV_SYN_ACK', 'CLOSE', 'RCV_ACK', 'RCV_FIN');
    advanceTo(10_000);
    connection.send('RCV_RST');
    expect(connection.state()).toBe('TIME_WAIT');
    advanceTo(2 * msl);
    expect(connection.state()).toBe('CLOSED');
    connection.actor.stop();
  });

  test('RFC 6298 §5.7: after a retransmitted SYN, data sent at 2 s is resent 3 s later, at 5 s', () => {
    const connection = startConnection();
    connection.send('ACTIVE_OPEN');
    advanceTo(1500);
    connection.send('RCV_SYN_ACK');
    advanceTo(2000);
    connection.send('SEND');
    advanceTo(5000);
    expect(connection.times('sendData')).toEqual([2000, 5000]);
    connection.actor.stop();
  });
});
