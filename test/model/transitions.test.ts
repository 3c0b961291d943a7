/**
 * The transition rules of issue #2's table, one scenario per test: a state
 * fixture, one event through XState's pure `transition()`, the state after and
 * exactly the segments that leave (the named output actions, in order).
 *
 * The expected values are written here from RFC 9293, not read from the
 * machine: these tests are what the machine is held against.
 */
import {
  DEFAULT_INPUT,
  SEGMENT_EVENTS,
  SYNCHRONIZED_STATES,
  type OutputAction,
  type TcpEventType,
  type TcpState,
  type UserCallError,
} from '../../machines/tcp.machine';
import { transition } from 'xstate';
import { SEGMENT_LABELS } from '../../src/model/actions';
import { snapshotIn, step, type FixtureOptions } from './fixtures';

/** `sends SYN-ACK`, `sends data, FIN`, `sends nothing`. */
function sendsText(sends: readonly OutputAction[]): string {
  return sends.length === 0 ? 'sends nothing' : `sends ${sends.map((action) => SEGMENT_LABELS[action]).join(', ')}`;
}

/** A test name in the form of the table: `SYN_SENT + RCV_SYN -> SYN_RECEIVED, sends SYN-ACK`. */
function rowName(from: string, event: string, to: string, sends: readonly OutputAction[]): string {
  return `${from} + ${event} -> ${to}, ${sendsText(sends)}`;
}

/** Feeds `event` to a connection in `from` and checks the state after and what was sent. */
function expectTransition(
  from: TcpState,
  event: string,
  to: TcpState,
  sends: readonly OutputAction[],
  fixture: FixtureOptions = {},
): void {
  const result = step(snapshotIn(from, fixture), event);
  expect({ state: result.state, sends: result.sends }).toEqual({ state: to, sends });
}

const maxRetries = DEFAULT_INPUT.maxRetries;

describe('CLOSED', () => {
  test('CLOSED + PASSIVE_OPEN -> LISTEN, sends nothing', () => {
    expectTransition('CLOSED', 'PASSIVE_OPEN', 'LISTEN', []);
  });

  test('CLOSED + ACTIVE_OPEN -> SYN_SENT, sends SYN', () => {
    expectTransition('CLOSED', 'ACTIVE_OPEN', 'SYN_SENT', ['sendSyn']);
  });

  // RFC 9293 §3.10.7.1: "all data in the incoming segment is discarded. An
  // incoming segment containing a RST is discarded. An incoming segment not
  // containing a RST causes a RST to be sent in response."
  test.each(SEGMENT_EVENTS.filter((event) => event !== 'RCV_RST'))(
    'CLOSED + %s (any segment but RST) -> CLOSED, sends RST',
    (event) => {
      expectTransition('CLOSED', event, 'CLOSED', ['sendRst']);
    },
  );
});

describe('LISTEN', () => {
  test('LISTEN + RCV_SYN -> SYN_RECEIVED, sends SYN-ACK', () => {
    expectTransition('LISTEN', 'RCV_SYN', 'SYN_RECEIVED', ['sendSynAck']);
  });

  test('LISTEN + SEND -> SYN_SENT, sends SYN', () => {
    expectTransition('LISTEN', 'SEND', 'SYN_SENT', ['sendSyn']);
  });

  test.each(['CLOSE', 'ABORT'])('LISTEN + %s -> CLOSED, sends nothing', (event) => {
    expectTransition('LISTEN', event, 'CLOSED', []);
  });

  // RFC 9293 §3.10.7.2, second check: "Any acknowledgment is bad if it arrives
  // on a connection still in the LISTEN state." Every segment but a bare SYN
  // carries an ACK; a RST is checked first and ignored.
  test.each(['RCV_SYN_ACK', 'RCV_ACK', 'RCV_FIN', 'RCV_FIN_ACK'])(
    'LISTEN + %s (a segment with ACK) -> LISTEN, sends RST',
    (event) => {
      expectTransition('LISTEN', event, 'LISTEN', ['sendRst']);
    },
  );
});

describe('SYN_SENT', () => {
  test('SYN_SENT + RCV_SYN_ACK -> ESTABLISHED, sends ACK', () => {
    expectTransition('SYN_SENT', 'RCV_SYN_ACK', 'ESTABLISHED', ['sendAck']);
  });

  test('SYN_SENT + RCV_SYN (simultaneous open) -> SYN_RECEIVED, sends SYN-ACK', () => {
    expectTransition('SYN_SENT', 'RCV_SYN', 'SYN_RECEIVED', ['sendSynAck']);
  });

  test('SYN_SENT + RCV_RST -> CLOSED, sends nothing', () => {
    expectTransition('SYN_SENT', 'RCV_RST', 'CLOSED', []);
  });

  test.each(['CLOSE', 'ABORT'])('SYN_SENT + %s -> CLOSED, sends nothing', (event) => {
    expectTransition('SYN_SENT', event, 'CLOSED', []);
  });

  test('SYN_SENT + after RTO (retries left) -> SYN_SENT, sends SYN', () => {
    expectTransition('SYN_SENT', 'after RTO', 'SYN_SENT', ['sendSyn']);
  });

  test(`SYN_SENT + after RTO (after ${maxRetries} retries) -> CLOSED, sends nothing`, () => {
    expectTransition('SYN_SENT', 'after RTO', 'CLOSED', [], { timeouts: maxRetries });
  });
});

describe('SYN_RECEIVED', () => {
  test('SYN_RECEIVED + RCV_ACK -> ESTABLISHED, sends nothing', () => {
    expectTransition('SYN_RECEIVED', 'RCV_ACK', 'ESTABLISHED', []);
  });

  test('SYN_RECEIVED + RCV_FIN -> CLOSE_WAIT, sends ACK', () => {
    expectTransition('SYN_RECEIVED', 'RCV_FIN', 'CLOSE_WAIT', ['sendAck']);
  });

  test('SYN_RECEIVED + CLOSE -> FIN_WAIT_1, sends FIN', () => {
    expectTransition('SYN_RECEIVED', 'CLOSE', 'FIN_WAIT_1', ['sendFin']);
  });

  // RFC 9293 §3.10.7.4, second check, SYN-RECEIVED: "If this connection was
  // initiated with a passive OPEN (i.e., came from the LISTEN state), then
  // return this connection to LISTEN state and return. [...] If this connection
  // was initiated with an active OPEN (i.e., came from SYN-SENT state), then the
  // connection was refused".
  test('SYN_RECEIVED (passive open) + RCV_RST -> LISTEN, sends nothing', () => {
    expectTransition('SYN_RECEIVED', 'RCV_RST', 'LISTEN', [], { open: 'passive' });
  });

  test('SYN_RECEIVED (active open) + RCV_RST -> CLOSED, sends nothing', () => {
    expectTransition('SYN_RECEIVED', 'RCV_RST', 'CLOSED', [], { open: 'active' });
  });

  test.each(['passive', 'active'] as const)(
    'SYN_RECEIVED (%s open) + after RTO (retries left) -> SYN_RECEIVED, sends SYN-ACK',
    (open) => {
      expectTransition('SYN_RECEIVED', 'after RTO', 'SYN_RECEIVED', ['sendSynAck'], { open });
    },
  );

  // The model's documented choice: a passively opened half-open connection
  // that gives up goes back to LISTEN, as it does on a RST.
  test(`SYN_RECEIVED (passive open) + after RTO (after ${maxRetries} retries) -> LISTEN, sends nothing`, () => {
    expectTransition('SYN_RECEIVED', 'after RTO', 'LISTEN', [], { open: 'passive', timeouts: maxRetries });
  });

  test(`SYN_RECEIVED (active open) + after RTO (after ${maxRetries} retries) -> CLOSED, sends nothing`, () => {
    expectTransition('SYN_RECEIVED', 'after RTO', 'CLOSED', [], { open: 'active', timeouts: maxRetries });
  });
});

describe('ESTABLISHED', () => {
  test('ESTABLISHED + CLOSE -> FIN_WAIT_1, sends FIN', () => {
    expectTransition('ESTABLISHED', 'CLOSE', 'FIN_WAIT_1', ['sendFin']);
  });

  test('ESTABLISHED + RCV_FIN -> CLOSE_WAIT, sends ACK', () => {
    expectTransition('ESTABLISHED', 'RCV_FIN', 'CLOSE_WAIT', ['sendAck']);
  });
});

describe('FIN_WAIT_1', () => {
  test('FIN_WAIT_1 + RCV_ACK -> FIN_WAIT_2, sends nothing', () => {
    expectTransition('FIN_WAIT_1', 'RCV_ACK', 'FIN_WAIT_2', []);
  });

  test('FIN_WAIT_1 + RCV_FIN (simultaneous close) -> CLOSING, sends ACK', () => {
    expectTransition('FIN_WAIT_1', 'RCV_FIN', 'CLOSING', ['sendAck']);
  });

  test('FIN_WAIT_1 + RCV_FIN_ACK -> TIME_WAIT, sends ACK', () => {
    expectTransition('FIN_WAIT_1', 'RCV_FIN_ACK', 'TIME_WAIT', ['sendAck']);
  });
});

describe('the FIN retransmission timer (FIN_WAIT_1, CLOSING, LAST_ACK)', () => {
  const finStates = ['FIN_WAIT_1', 'CLOSING', 'LAST_ACK'] as const;

  test.each(finStates)('%s + after RTO (retries left) -> same state, sends FIN', (state) => {
    expectTransition(state, 'after RTO', state, ['sendFin']);
  });

  test.each(finStates)(`%s + after RTO (after ${maxRetries} retries) -> CLOSED, sends nothing`, (state) => {
    expectTransition(state, 'after RTO', 'CLOSED', [], { timeouts: maxRetries });
  });
});

describe('FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK', () => {
  test('FIN_WAIT_2 + RCV_FIN -> TIME_WAIT, sends ACK', () => {
    expectTransition('FIN_WAIT_2', 'RCV_FIN', 'TIME_WAIT', ['sendAck']);
  });

  test('CLOSE_WAIT + CLOSE -> LAST_ACK, sends FIN', () => {
    expectTransition('CLOSE_WAIT', 'CLOSE', 'LAST_ACK', ['sendFin']);
  });

  test('CLOSING + RCV_ACK -> TIME_WAIT, sends nothing', () => {
    expectTransition('CLOSING', 'RCV_ACK', 'TIME_WAIT', []);
  });

  test('LAST_ACK + RCV_ACK -> CLOSED, sends nothing', () => {
    expectTransition('LAST_ACK', 'RCV_ACK', 'CLOSED', []);
  });
});

describe('TIME_WAIT', () => {
  test('TIME_WAIT + after TWO_MSL -> CLOSED, sends nothing', () => {
    expectTransition('TIME_WAIT', 'after TWO_MSL', 'CLOSED', []);
  });

  // RFC 9293 §3.10.7.4, eighth step, TIME-WAIT: "Remain in the TIME-WAIT
  // state. Restart the 2 MSL time-wait timeout."
  test('TIME_WAIT + RCV_FIN -> TIME_WAIT (timer restarts), sends ACK', () => {
    const result = step(snapshotIn('TIME_WAIT'), 'RCV_FIN');
    expect(result.state).toBe('TIME_WAIT');
    expect(result.sends).toEqual(['sendAck']);
    expect(result.cancelled).toEqual(['TWO_MSL']);
    expect(result.timers).toEqual([{ delay: 'TWO_MSL', ms: 2 * DEFAULT_INPUT.msl }]);
  });

  // RFC 9293 §3.10.7.4, fifth step, TIME-WAIT: "The only thing that can arrive in this state is a
  // retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." A bare ACK
  // at RCV.NXT is acceptable (first step) and reaches it.
  test('TIME_WAIT + RCV_ACK -> TIME_WAIT (timer restarts), sends ACK', () => {
    const result = step(snapshotIn('TIME_WAIT'), 'RCV_ACK');
    expect(result.state).toBe('TIME_WAIT');
    expect(result.sends).toEqual(['sendAck']);
    expect(result.timers).toEqual([{ delay: 'TWO_MSL', ms: 2 * DEFAULT_INPUT.msl }]);
  });

  // Data at RCV.NXT is acceptable too: the fifth step acknowledges it and restarts the timer; the
  // seventh ignores its text.
  test('TIME_WAIT + RCV_DATA -> TIME_WAIT (timer restarts), sends ACK', () => {
    const result = step(snapshotIn('TIME_WAIT'), 'RCV_DATA');
    expect(result.state).toBe('TIME_WAIT');
    expect(result.sends).toEqual(['sendAck']);
    expect(result.timers).toEqual([{ delay: 'TWO_MSL', ms: 2 * DEFAULT_INPUT.msl }]);
  });
});

describe('any synchronized state', () => {
  // RFC 9293 §3.10.7.4, second check: in the synchronized states an acceptable
  // RST enters CLOSED ("connection reset").
  test.each(SYNCHRONIZED_STATES)('%s + RCV_RST -> CLOSED, sends nothing', (state) => {
    expectTransition(state, 'RCV_RST', 'CLOSED', []);
  });

  // RFC 9293 §3.10.7.4, second check, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: "any
  // outstanding RECEIVEs and SEND should receive "reset" responses". CLOSE-WAIT included: the
  // sockets API's ECONNRESET, not EPIPE (Linux's tcp_reset choice for CLOSE-WAIT).
  test('CLOSE_WAIT + RCV_RST -> CLOSED, signals the user "connection reset"', () => {
    const before = snapshotIn('CLOSE_WAIT');
    const [, actions] = transition(before.machine, before, { type: 'RCV_RST' });
    const signals = (actions as readonly { type: string; params?: unknown }[]).filter(
      (action) => action.type === 'signalUser',
    );
    expect(signals.map((action) => action.params)).toEqual([{ reason: 'connection reset' }]);
  });

  // RFC 9293 §3.10.7.4, fourth check, and RFC 5961 §4.2: a SYN in a
  // synchronized state gets a challenge ACK and is dropped; nothing else changes.
  test.each(SYNCHRONIZED_STATES)('%s + RCV_SYN -> unchanged, sends challenge ACK', (state) => {
    const before = snapshotIn(state);
    const result = step(before, 'RCV_SYN');
    expect(result.state).toBe(state);
    expect(result.sends).toEqual(['sendChallengeAck']);
    expect(result.snapshot.context).toEqual(before.context);
    expect({ timers: result.timers, cancelled: result.cancelled }).toEqual({ timers: [], cancelled: [] });
  });
});

describe('any state with a connection + ABORT -> CLOSED', () => {
  // RFC 9293 §3.10.5 sends <SEQ=SND.NXT><CTL=RST> in SYN-RECEIVED, ESTABLISHED,
  // FIN-WAIT-1, FIN-WAIT-2 and CLOSE-WAIT; in LISTEN and SYN-SENT there is no
  // one to reset, and in CLOSING, LAST-ACK and TIME-WAIT it says only: "Respond
  // with "ok" and delete the TCB, enter CLOSED state, and return."
  const abortSends: ReadonlyArray<readonly [TcpState, readonly OutputAction[]]> = [
    ['LISTEN', []],
    ['SYN_SENT', []],
    ['SYN_RECEIVED', ['sendRst']],
    ['ESTABLISHED', ['sendRst']],
    ['FIN_WAIT_1', ['sendRst']],
    ['FIN_WAIT_2', ['sendRst']],
    ['CLOSE_WAIT', ['sendRst']],
    ['CLOSING', []],
    ['LAST_ACK', []],
    ['TIME_WAIT', []],
  ];

  test.each(abortSends.map(([state, sends]) => [rowName(state, 'ABORT', 'CLOSED', sends), state, sends] as const))(
    '%s',
    (_name, state, sends) => {
      expectTransition(state, 'ABORT', 'CLOSED', sends);
    },
  );
});

describe('beyond the table: user calls the RFC refuses', () => {
  function expectRejected(from: TcpState, event: TcpEventType, reason: UserCallError): void {
    const before = snapshotIn(from);
    const result = step(before, event);
    expect({ state: result.state, sends: result.sends, rejected: result.rejected }).toEqual({
      state: from,
      sends: [],
      rejected: reason,
    });
  }

  // RFC 9293 §3.10.2, §3.10.4, §3.10.5, CLOSED STATE.
  test.each(['SEND', 'CLOSE', 'ABORT'] as const)(
    'CLOSED + %s -> CLOSED, error: "connection does not exist"',
    (event) => {
      expectRejected('CLOSED', event, 'connection does not exist');
    },
  );

  // RFC 9293 §3.10.1, OPEN in any state but CLOSED (LISTEN + ACTIVE_OPEN turns the connection active).
  test.each([
    ['LISTEN', 'PASSIVE_OPEN'],
    ...(['SYN_SENT', 'SYN_RECEIVED', ...SYNCHRONIZED_STATES] as const).flatMap((state) => [
      [state, 'PASSIVE_OPEN'] as const,
      [state, 'ACTIVE_OPEN'] as const,
    ]),
  ] as const)('%s + %s -> unchanged, error: "connection already exists"', (state, event) => {
    expectRejected(state, event, 'connection already exists');
  });

  // RFC 9293 §3.10.2 and §3.10.4: after our FIN, SEND and CLOSE are refused.
  test.each(
    (['FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'] as const).flatMap((state) => [
      [state, 'SEND'] as const,
      [state, 'CLOSE'] as const,
    ]),
  )('%s + %s -> unchanged, error: "connection closing"', (state, event) => {
    expectRejected(state, event, 'connection closing');
  });
});

describe('beyond the table: data queued before ESTABLISHED', () => {
  // RFC 9293 §3.10.2, SYN-SENT STATE: "Queue the data for transmission after entering ESTABLISHED state."
  test('SYN_SENT + SEND -> SYN_SENT, sends nothing (the data is queued)', () => {
    expectTransition('SYN_SENT', 'SEND', 'SYN_SENT', []);
  });

  test('SYN_SENT with data queued + RCV_SYN_ACK -> ESTABLISHED, sends data (carrying the ACK)', () => {
    const queued = step(snapshotIn('SYN_SENT'), 'SEND').snapshot;
    const result = step(queued, 'RCV_SYN_ACK');
    expect({ state: result.state, sends: result.sends }).toEqual({ state: 'ESTABLISHED', sends: ['sendData'] });
  });
});

describe('beyond the table: a FIN that acknowledges our SYN', () => {
  // RCV_FIN_ACK is "a FIN whose ACK covers everything we sent". In SYN-RECEIVED
  // we sent no FIN, so it is the same segment as RCV_FIN: RFC 9293 §3.10.7.4
  // fifth step makes the connection ESTABLISHED, the eighth acknowledges the
  // FIN and enters CLOSE-WAIT.
  test('SYN_RECEIVED + RCV_FIN_ACK -> CLOSE_WAIT, sends ACK', () => {
    expectTransition('SYN_RECEIVED', 'RCV_FIN_ACK', 'CLOSE_WAIT', ['sendAck']);
  });

  test('ESTABLISHED + RCV_FIN_ACK (we sent no FIN) -> CLOSE_WAIT, sends ACK', () => {
    expectTransition('ESTABLISHED', 'RCV_FIN_ACK', 'CLOSE_WAIT', ['sendAck']);
  });
});

describe('beyond the table: data from the peer (RCV_DATA)', () => {
  // RFC 9293 §3.10.7.4 seventh step, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2: "Once the TCP takes
  // responsibility for the data, it advances RCV.NXT over the data accepted ... Send an
  // acknowledgment of the form: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>". With delayed ACKs off
  // (ackDelay 0) it leaves at once; test/model/delayedAck.test.ts has the default.
  const quickAck = { input: { ackDelay: 0 } };

  test('ESTABLISHED + RCV_DATA (ackDelay 0) -> ESTABLISHED, sends ACK', () => {
    expectTransition('ESTABLISHED', 'RCV_DATA', 'ESTABLISHED', ['sendAck'], quickAck);
  });

  test('FIN_WAIT_1 + RCV_DATA (its ACK covers our FIN; ackDelay 0) -> FIN_WAIT_2, sends ACK', () => {
    expectTransition('FIN_WAIT_1', 'RCV_DATA', 'FIN_WAIT_2', ['sendAck'], quickAck);
  });

  test('FIN_WAIT_2 + RCV_DATA (ackDelay 0) -> FIN_WAIT_2, sends ACK (the peer may send until it closes)', () => {
    expectTransition('FIN_WAIT_2', 'RCV_DATA', 'FIN_WAIT_2', ['sendAck'], quickAck);
  });

  // Its ACK completes the handshake first (fifth step), then the text is taken (seventh).
  test('SYN_RECEIVED + RCV_DATA -> ESTABLISHED, sends ACK', () => {
    expectTransition('SYN_RECEIVED', 'RCV_DATA', 'ESTABLISHED', ['sendAck']);
  });

  // Seventh step, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "This should not occur since a FIN
  // has been received from the remote side. Ignore the segment text." The ACK is still processed.
  test('CLOSE_WAIT + RCV_DATA -> CLOSE_WAIT, sends nothing (text after the FIN is ignored)', () => {
    expectTransition('CLOSE_WAIT', 'RCV_DATA', 'CLOSE_WAIT', []);
  });

  test('CLOSING + RCV_DATA (its ACK covers our FIN) -> TIME_WAIT, sends nothing', () => {
    expectTransition('CLOSING', 'RCV_DATA', 'TIME_WAIT', []);
  });

  test('LAST_ACK + RCV_DATA (its ACK covers our FIN) -> CLOSED, sends nothing', () => {
    expectTransition('LAST_ACK', 'RCV_DATA', 'CLOSED', []);
  });

  // RFC 9293 §3.10.7.3 first: SEG.ACK = ISS+1 is acceptable; fifth: "If neither of the SYN or RST bits is set, then drop the segment and return."
  test('SYN_SENT + RCV_DATA -> SYN_SENT, sends nothing', () => {
    expectTransition('SYN_SENT', 'RCV_DATA', 'SYN_SENT', []);
  });

  // RFC 9293 §3.10.7.2: "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
  test('LISTEN + RCV_DATA -> LISTEN, sends RST', () => {
    expectTransition('LISTEN', 'RCV_DATA', 'LISTEN', ['sendRst']);
  });
});
