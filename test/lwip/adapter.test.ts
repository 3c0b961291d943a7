/**
 * The lwIP adapter, one scenario per test: Debian's liblwip 2.1.3 in this
 * process, driven step by step as the path suites drive it (the state, the
 * segments through src/wire with their checksums, the virtual clock's
 * tcp_tmr). Skips with one line where liblwip-dev or the addon is missing.
 */
import type { OutputAction, TcpState } from '../../machines/tcp.machine';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import type { ModelStep } from '../../src/mbt/sut';
import { ERR, lwipUnavailable } from '../../src/lwip/addon';
import { LwipSut, rfcReasonOf, signalOf, stateOf } from '../../src/lwip/lwipSut';
import { LWIP_PROFILES } from '../../src/lwip/profile';

const unavailable = lwipUnavailable();
const LWIP = LWIP_PROFILES[0]!.input;

function step(
  from: TcpState,
  event: ModelEventType,
  to: TcpState,
  sends: readonly OutputAction[] = [],
  more: Partial<ModelStep> = {},
): ModelStep {
  return { event, from, to, sends, rejects: null, signals: null, delayMs: null, resends: false, ...more };
}

const rto = (state: TcpState, delayMs: number, sends: readonly OutputAction[]) =>
  step(state, `xstate.after.RTO.tcp.${state}`, state, sends, { delayMs });

test("lwIP's enum tcp_state is RFC 793's order of the 11 states", () => {
  expect([0, 1, 3, 4, 10].map(stateOf)).toEqual(['CLOSED', 'LISTEN', 'SYN_RECEIVED', 'ESTABLISHED', 'TIME_WAIT']);
  expect(() => stateOf(11)).toThrow(RangeError);
});

test('err_t in RFC 9293\'s words: ERR_CONN is "connection closing" only for the user\'s own connection', () => {
  expect(rfcReasonOf(ERR.ISCONN, false)).toBe('connection already exists');
  expect(rfcReasonOf(ERR.CONN, true)).toBe('connection closing');
  expect(rfcReasonOf(ERR.CONN, false)).toBe('connection does not exist');
  expect(rfcReasonOf(ERR.CLSD, false)).toBe('connection does not exist');
});

test('tcp_err reasons as signals: a reset, refused in an active SYN-RECEIVED, a timeout', () => {
  expect(signalOf(ERR.RST, 'ESTABLISHED')).toBe('connection reset');
  expect(signalOf(ERR.RST, 'SYN_RECEIVED')).toBe('connection refused');
  expect(signalOf(ERR.ABRT, 'FIN_WAIT_1')).toBe('connection aborted due to user timeout');
  expect(signalOf(ERR.CLSD, 'LAST_ACK')).toBeNull();
});

const describeLwip = unavailable === null ? describe : describe.skip;
if (unavailable !== null) test.skip(`lwIP adapter: skipped (${unavailable})`, () => {});

describeLwip('lwIP 2.1.3 through the adapter', () => {
  const sut = unavailable === null ? new LwipSut() : (undefined as unknown as LwipSut);

  /** Runs steps from a fresh lwIP and returns the observations. */
  const run = (...steps: ModelStep[]) => {
    sut.reset();
    return steps.map((s) => sut.step(s));
  };
  const kinds = (observation: { sent: readonly { kind: OutputAction }[] }) => observation.sent.map((s) => s.kind);
  const listen = step('CLOSED', 'PASSIVE_OPEN', 'LISTEN');
  const synArrives = step('LISTEN', 'RCV_SYN', 'SYN_RECEIVED', ['sendSynAck']);
  const handshakeAck = step('SYN_RECEIVED', 'RCV_ACK', 'ESTABLISHED');

  test('a SYN to a listener gets a SYN-ACK with the MSS option, and the ACK establishes', () => {
    const [listening, synReceived, established] = run(listen, synArrives, handshakeAck);
    expect(listening).toMatchObject({ state: 'LISTEN', sent: [], problems: [] });
    expect(synReceived).toMatchObject({ state: 'SYN_RECEIVED', problems: [] });
    expect(kinds(synReceived!)).toEqual(['sendSynAck']);
    expect(synReceived!.sent[0]!.text).toMatch(/^S\. \d+:\d+\(0\) ack 5001 win \d+ <mss 1460>$/);
    expect(established).toMatchObject({ state: 'ESTABLISHED', sent: [], problems: [] });
  });

  test('the SYN-ACK is retransmitted at 3 s exactly (TCP_SLOW_INTERVAL ticks on whole 500 ms)', () => {
    const [, , retransmitted] = run(listen, synArrives, rto('SYN_RECEIVED', LWIP.rto!, ['sendSynAck']));
    expect(retransmitted).toMatchObject({ state: 'SYN_RECEIVED', problems: [] });
    expect(kinds(retransmitted!)).toEqual(['sendSynAck']);
  });

  test('data from the peer is acknowledged on the step (no delayed ACK), at RCV.NXT', () => {
    const [, , , data] = run(
      listen,
      synArrives,
      handshakeAck,
      step('ESTABLISHED', 'RCV_DATA', 'ESTABLISHED', ['sendAck']),
    );
    expect(data).toMatchObject({ state: 'ESTABLISHED', problems: [] });
    expect(kinds(data!)).toEqual(['sendAck']);
  });

  test("CLOSE after the peer's FIN is tcp_shutdown: LAST-ACK, and the ACK of our FIN closes", () => {
    const observed = run(
      listen,
      synArrives,
      handshakeAck,
      step('ESTABLISHED', 'RCV_FIN', 'CLOSE_WAIT', ['sendAck']),
      step('CLOSE_WAIT', 'CLOSE', 'LAST_ACK', ['sendFin']),
      step('LAST_ACK', 'RCV_ACK', 'CLOSED'),
    );
    expect(observed.map((o) => o.state)).toEqual([
      'LISTEN',
      'SYN_RECEIVED',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSED',
    ]);
    expect(observed.flatMap((o) => o.problems)).toEqual([]);
    expect(observed[5]!.signaled).toBeNull();
  });

  test("TIME-WAIT lasts 120.5 s: the 241st slow tick after the last segment (the profile's msl)", () => {
    const observed = run(
      step('CLOSED', 'ACTIVE_OPEN', 'SYN_SENT', ['sendSyn']),
      step('SYN_SENT', 'RCV_SYN_ACK', 'ESTABLISHED', ['sendAck']),
      step('ESTABLISHED', 'CLOSE', 'FIN_WAIT_1', ['sendFin']),
      step('FIN_WAIT_1', 'RCV_FIN_ACK', 'TIME_WAIT', ['sendAck']),
      step('TIME_WAIT', 'xstate.after.TWO_MSL.tcp.TIME_WAIT', 'CLOSED', [], { delayMs: 2 * LWIP.msl! }),
    );
    expect(2 * LWIP.msl!).toBe(120_500);
    expect(observed.map((o) => o.state)).toEqual(['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT', 'CLOSED']);
    expect(observed.flatMap((o) => o.problems)).toEqual([]);
  });

  test("a timer that fires before the model's delay is a problem of the step", () => {
    const [, , early] = run(listen, synArrives, rto('SYN_RECEIVED', LWIP.rto! + 500, ['sendSynAck']));
    expect(early!.problems).toEqual([`a timer fired before the model's ${LWIP.rto! + 500} ms`]);
  });

  test('calls on a listener: connect is refused as "connection already exists", send as "connection does not exist"', () => {
    const [, connect, send] = run(
      listen,
      step('LISTEN', 'ACTIVE_OPEN', 'LISTEN', [], { rejects: 'connection already exists' }),
      step('LISTEN', 'SEND', 'LISTEN', [], { rejects: 'connection does not exist' }),
    );
    expect(connect).toMatchObject({ state: 'LISTEN', rejected: 'connection already exists', sent: [] });
    expect(send).toMatchObject({ state: 'LISTEN', rejected: 'connection does not exist', sent: [] });
  });

  test('a SEND after CLOSE is refused as "connection closing" (tcp_write_checks: ERR_CONN)', () => {
    const observed = run(
      step('CLOSED', 'ACTIVE_OPEN', 'SYN_SENT', ['sendSyn']),
      step('SYN_SENT', 'RCV_SYN_ACK', 'ESTABLISHED', ['sendAck']),
      step('ESTABLISHED', 'CLOSE', 'FIN_WAIT_1', ['sendFin']),
      step('FIN_WAIT_1', 'SEND', 'FIN_WAIT_1', [], { rejects: 'connection closing' }),
    );
    expect(observed[3]).toMatchObject({ state: 'FIN_WAIT_1', rejected: 'connection closing', sent: [] });
  });

  test('reset() leaves no pcb behind: the port listens again, and the old connection is gone', () => {
    run(listen, synArrives, handshakeAck);
    const [listening] = run(listen);
    expect(listening).toMatchObject({ state: 'LISTEN', rejected: null, problems: [] });
  });

  test('replay snapshots: restore() brings lwIP back to the same state and peer', () => {
    run(listen, synArrives);
    const saved = sut.snapshot();
    sut.step(handshakeAck);
    sut.restore(saved);
    expect(sut.step(handshakeAck)).toMatchObject({ state: 'ESTABLISHED', sent: [], problems: [] });
  });
});
