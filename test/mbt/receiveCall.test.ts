/**
 * The user's RECEIVE (RFC 9293 §3.10.3) in every state, as the model drives
 * it where the receive buffer is bounded (the rcvbuf profile: the model
 * counts unread text only there). CLOSED: "connection does not exist", after
 * a reset too. LISTEN, SYN-SENT, SYN-RECEIVED: queued until ESTABLISHED, so
 * nothing now. After the peer's FIN (CLOSE-WAIT, CLOSING, LAST-ACK,
 * TIME-WAIT): the text on hand, with no window update, then "connection
 * closing". One scenario per test, against TcpConnection through the
 * adapter; and a TcpConnection that reads nothing where it should refuse, or
 * sends a window update after the FIN, fails.
 */
import type { ModelEventType } from '../../src/mbt/modelGraph';
import type * as Connection from '../../src/tcp/connection';
import type * as ReceiveSide from '../../src/tcp/receiveSide';
import { expectCaughtThrough, graphFor, offeredAfter, passingSteps, sentOn, statesOffering } from './fixtures';

/**
 * Three faults of `read` (src/tcp/connection.ts), none unless a test sets
 * one: a RECEIVE in CLOSED that returns nothing, one past the peer's FIN
 * with nothing left that returns nothing, and a read that owes the peer a
 * window update in every state (`windowUpdateOwed` true with text read).
 */
let fault: 'none' | 'closedReadsNothing' | 'closingReadsNothing' | 'windowUpdateAlways' = 'none';
const EMPTY = new Uint8Array(0);
jest.mock('../../src/tcp/connection', () => {
  const actual = jest.requireActual<typeof Connection>('../../src/tcp/connection');
  class FaultyConnection extends actual.TcpConnection {
    override read(max?: number): Uint8Array {
      const { state, finReceived } = this.variables;
      if (fault === 'closedReadsNothing' && state === 'CLOSED') return EMPTY;
      if (fault === 'closingReadsNothing' && state !== 'CLOSED' && finReceived && this.readableBytes === 0)
        return EMPTY;
      return super.read(max);
    }
  }
  return { ...actual, TcpConnection: FaultyConnection };
});
jest.mock('../../src/tcp/receiveSide', () => {
  const actual = jest.requireActual<typeof ReceiveSide>('../../src/tcp/receiveSide');
  return {
    ...actual,
    windowUpdateOwed: (...args: Parameters<typeof actual.windowUpdateOwed>) =>
      fault === 'windowUpdateAlways' || actual.windowUpdateOwed(...args),
  };
});

afterEach(() => {
  fault = 'none';
});

const rcvbuf = graphFor('rcvbuf');
/** The transitions paths of the rcvbuf profile through RECEIVE. */
const TOTAL = 504;
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
/** CLOSE-WAIT with one segment of the peer's text unread. */
const CLOSE_WAIT: readonly ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_FIN'];

/** What the last step of a passing path returned: the error it was refused with, or the bytes read. */
function lastStep(events: readonly ModelEventType[]) {
  const last = passingSteps(events, rcvbuf).at(-1)!;
  return { state: last.observed.state, rejected: last.observed.rejected, sent: last.observed.sent.length };
}

test('RECEIVE is in every state of a bounded buffer, in none of an unbounded one', () => {
  expect(statesOffering('RECEIVE', rcvbuf)).toHaveLength(11);
  expect(statesOffering('RECEIVE', graphFor('rfc9293'))).toEqual([]);
});

test('CLOSED: "connection does not exist", before any connection and after a reset', () => {
  expect(lastStep(['RECEIVE'])).toEqual({ state: 'CLOSED', rejected: 'connection does not exist', sent: 0 });
  expect(lastStep([...ESTABLISHED, 'RCV_DATA', 'RCV_RST', 'RECEIVE'])).toEqual({
    state: 'CLOSED',
    rejected: 'connection does not exist',
    sent: 0,
  });
});

test('LISTEN, SYN-SENT, SYN-RECEIVED: queued until ESTABLISHED, so nothing now and nothing sent', () => {
  for (const events of [['PASSIVE_OPEN'], ['ACTIVE_OPEN'], ['PASSIVE_OPEN', 'RCV_SYN']] as const) {
    const state = lastStep(events).state;
    expect(lastStep([...events, 'RECEIVE'])).toEqual({ state, rejected: null, sent: 0 });
  }
});

test('CLOSE-WAIT: the text on hand, no window update after the FIN; then "connection closing"', () => {
  expect(lastStep([...CLOSE_WAIT, 'RECEIVE'])).toEqual({ state: 'CLOSE_WAIT', rejected: null, sent: 0 });
  expect(lastStep([...CLOSE_WAIT, 'RECEIVE', 'RECEIVE'])).toEqual({
    state: 'CLOSE_WAIT',
    rejected: 'connection closing',
    sent: 0,
  });
});

test('LAST-ACK and TIME-WAIT: the text on hand, then "connection closing"', () => {
  for (const events of [
    [...CLOSE_WAIT, 'CLOSE'],
    [...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_DATA', 'RCV_FIN'],
  ] as const) {
    const state = lastStep(events).state;
    expect(lastStep([...events, 'RECEIVE'])).toEqual({ state, rejected: null, sent: 0 });
    expect(lastStep([...events, 'RECEIVE', 'RECEIVE'])).toEqual({ state, rejected: 'connection closing', sent: 0 });
  }
});

test('CLOSE-WAIT at a zero window: no RECEIVE, since the window it would open is never advertised after the FIN', () => {
  // Text that just fills the buffer, its FIN at the right edge (RCV_DATA_FIN): RCV.WND stays zero for the
  // acceptability tests, where the model's count of unread text would open it.
  const full: ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_FIN'];
  expect(lastStep(full).state).toBe('CLOSE_WAIT');
  expect(offeredAfter(full, rcvbuf)).not.toContain('RECEIVE');
  expect(offeredAfter(CLOSE_WAIT, rcvbuf)).toContain('RECEIVE');
});

test('ESTABLISHED: the text read opens the window, and the update is sent', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_DATA', 'RECEIVE'], rcvbuf).at(-1)).toHaveLength(1);
});

test('a TCP whose RECEIVE in CLOSED returns nothing fails the generated paths through it', () => {
  fault = 'closedReadsNothing';
  // One transitions path ends in CLOSED's RECEIVE (one CLOSED snapshot); it fails, and no other path reads there.
  expectCaughtThrough(rcvbuf, [...ESTABLISHED, 'RCV_RST', 'RECEIVE'], 'RECEIVE', 1, TOTAL);
});

test('a TCP whose RECEIVE past the FIN with nothing left returns nothing fails the generated paths through it', () => {
  fault = 'closingReadsNothing';
  // The paths that end in a RECEIVE refused with "connection closing" (CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT).
  expectCaughtThrough(rcvbuf, [...CLOSE_WAIT, 'RECEIVE', 'RECEIVE'], 'RECEIVE', 52, TOTAL);
});

test('a TCP that sends a window update on a RECEIVE after the FIN fails the generated paths through it', () => {
  fault = 'windowUpdateAlways';
  // The paths through a RECEIVE of text on hand after the FIN, where the model sends nothing; in ESTABLISHED and the
  // FIN-WAIT states every RECEIVE of text owes the update already (the window opens by at least half the buffer).
  expectCaughtThrough(rcvbuf, [...CLOSE_WAIT, 'RECEIVE'], 'RECEIVE', 52, TOTAL);
});
