/**
 * Text past the right edge of our receive window (RFC 9293 §3.10.7.4 first:
 * the later steps process "the idealized segment that begins at RCV.NXT and
 * does not exceed the window", the actual one trimmed "off any portions that
 * lie outside the window") as the model drives it, where the receive buffer
 * is bounded (the rcvbuf profile, two segments of the peer's text): the peer
 * sends three segments' worth at RCV.NXT (`RCV_DATA_PAST_WINDOW`), the
 * connection takes what lies up to the edge, and the tail is dropped. A
 * segment wholly past the edge is `RCV_DATA_OUT_OF_ORDER` where the window
 * has no room for two segments. One scenario per test, against TcpConnection
 * through the adapter; and a TcpConnection that does not trim the tail, or
 * takes a segment that starts at the right edge, fails.
 */
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { transitionTour } from '../../src/mbt/tour';
import { PEER_DATA, PEER_ISS } from '../../src/mbt/scriptedPeer';
import type * as ReceiveSide from '../../src/tcp/receiveSide';
import { seqAdd } from '../../src/tcp/seq';
import {
  expectPassesThrough,
  graphFor,
  offeredAfter,
  pathsThatFail,
  sentOn,
  statesOffering,
  sutFor,
  transitionsPathsWith,
} from './fixtures';

/**
 * Two faults of the first check (src/tcp/receiveSide.ts), off unless a test
 * turns one on: text past the right edge taken whole (`receiveText` trims to
 * a right edge 64 KB beyond the one advertised), and a segment that starts
 * at the right edge taken as acceptable (`acceptable` given one octet more
 * of window).
 */
let mockTailKept = false;
let mockRightEdgeAcceptable = false;
jest.mock('../../src/tcp/receiveSide', () => {
  const actual = jest.requireActual<typeof ReceiveSide>('../../src/tcp/receiveSide');
  return {
    ...actual,
    receiveText: (...args: Parameters<typeof actual.receiveText>) => {
      const tcb = args[0].tcb;
      const edge = tcb.rcvAdvertisedEdge;
      if (mockTailKept) tcb.rcvAdvertisedEdge = seqAdd(edge, 1 << 16);
      try {
        return actual.receiveText(...args);
      } finally {
        if (mockTailKept) tcb.rcvAdvertisedEdge = edge;
      }
    },
    acceptable: (...args: Parameters<typeof actual.acceptable>) => {
      const [seq, length, rcvNxt, rcvWnd, takesRightEdge] = args;
      return actual.acceptable(seq, length, rcvNxt, mockRightEdgeAcceptable ? rcvWnd + 1 : rcvWnd, takesRightEdge);
    },
  };
});

afterEach(() => {
  mockTailKept = false;
  mockRightEdgeAcceptable = false;
});

const rcvbuf = graphFor('rcvbuf');
const graph = graphFor('rfc9293');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const ACK_DELAY = 'xstate.after.ACK_DELAY.ESTABLISHED';
const L = PEER_DATA.length;
/** RCV.NXT after `segments` segments of the peer's text. */
const rcvNxt = (segments: number) => PEER_ISS + 1 + segments * L;

test('with an empty buffer the first two segments are taken, the third trimmed; the ACK is delayed, then shuts the window', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_PAST_WINDOW', ACK_DELAY], rcvbuf);
  expect(sent.slice(-2)).toEqual([[], [`. 1001:1001(0) ack ${rcvNxt(2)} win 0`]]);
});

test('with one segment unread only the next is taken, up to the edge (RFC 9293 §3.10.7.4 first)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'RCV_DATA_PAST_WINDOW', ACK_DELAY], rcvbuf);
  expect(sent.slice(-3)).toEqual([
    [`. 1001:1001(0) ack ${rcvNxt(1)} win ${L}`],
    [],
    [`. 1001:1001(0) ack ${rcvNxt(2)} win 0`],
  ]);
});

test('a second segment while an ACK is pending is acknowledged at once, RCV.NXT at the edge', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_PAST_WINDOW'], rcvbuf);
  expect(sent.at(-1)).toEqual([`. 1001:1001(0) ack ${rcvNxt(2)} win 0`]);
});

test('RECEIVE returns the text up to the edge, byte for byte, and the peer sends the trimmed tail again', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_PAST_WINDOW', 'RECEIVE', 'RCV_DATA'], rcvbuf);
  expect(sent.slice(-2)).toEqual([[`. 1001:1001(0) ack ${rcvNxt(2)} win ${2 * L}`], []]);
});

test('covering held text: the trimmed segment fills the hole, delivers up to the edge, and is acknowledged at once (RFC 5681 §4.2)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER', 'RCV_DATA_PAST_WINDOW'], rcvbuf);
  expect(sent.slice(-2)).toEqual([
    [`. 1001:1001(0) ack ${rcvNxt(0)} win ${2 * L}`],
    [`. 1001:1001(0) ack ${rcvNxt(2)} win 0`],
  ]);
});

test('its ACK field is read as RCV_DATA’s: it acknowledges our data', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'SEND', 'RCV_DATA_PAST_WINDOW'], rcvbuf);
  expect(sent.at(-1)).toEqual([]);
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'SEND', 'RCV_DATA_PAST_WINDOW'], rcvbuf)).not.toContain(
    'xstate.after.RTO.ESTABLISHED',
  );
});

test('offered in ESTABLISHED while the window is open, and only where the buffer is bounded', () => {
  expect(offeredAfter(ESTABLISHED, rcvbuf)).toContain('RCV_DATA_PAST_WINDOW');
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA'], rcvbuf)).toContain('RCV_DATA_PAST_WINDOW');
  // A full buffer's zero window: RCV_DATA's segment, its text not taken.
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA'], rcvbuf)).not.toContain('RCV_DATA_PAST_WINDOW');
  expect(statesOffering('RCV_DATA_PAST_WINDOW', rcvbuf)).toEqual(['ESTABLISHED']);
  expect(statesOffering('RCV_DATA_PAST_WINDOW', graph)).toEqual([]);
});

test('a TCP that does not trim the tail takes text past the edge, and the generated paths through the event fail', () => {
  mockTailKept = true;
  const events: ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_PAST_WINDOW'];
  const result = runPath(rcvbuf, sutFor(rcvbuf), events);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(events.length - 1);
  expect(formatPathResult(result)).toContain(`acknowledges ${rcvNxt(4)}, expected RCV.NXT = ${rcvNxt(2)}`);
  // The generated suites find it: a transitions path through the event fails wherever a segment carrying an ACK
  // leaves from that step on. Those that escape end with its ACK still delayed (the transitions suite stops there,
  // or a call, a RST or a refused OPEN follows, none of which acknowledges); the tour goes on, and fails.
  const paths = transitionsPathsWith(rcvbuf, 'RCV_DATA_PAST_WINDOW');
  const passing = paths.filter((path) => runPath(rcvbuf, sutFor(rcvbuf), path).passed);
  expect(passing.length).toBeLessThan(paths.length);
  for (const path of passing) {
    const edges = walk(rcvbuf, path);
    const after = edges.slice(path.indexOf('RCV_DATA_PAST_WINDOW'));
    expect(after.flatMap((edge) => edge.sends).filter((action) => action !== 'sendRst')).toEqual([]);
  }
  expect(runPath(rcvbuf, sutFor(rcvbuf), transitionTour(rcvbuf)).passed).toBe(false);
});

test('a TCP that takes a segment starting at the right edge fails the generated paths through the out-of-window branch', () => {
  mockRightEdgeAcceptable = true;
  const paths = transitionsPathsWith(rcvbuf, 'RCV_DATA_OUT_OF_ORDER');
  const failing = pathsThatFail(rcvbuf, paths);
  expect(failing.length).toBeGreaterThan(0);
});

test('every transition on the way to and after text past the window passes (rcvbuf: the transitions suite, its paths with one)', () => {
  expectPassesThrough(rcvbuf, 'RCV_DATA_PAST_WINDOW');
});

test('packetdrill: no script, the host’s default window takes the whole segment', () => {
  const translation = pathToPacketdrill(rcvbuf, [...ESTABLISHED, 'RCV_DATA_PAST_WINDOW']);
  expect(translation.expressible).toBe(false);
  if (translation.expressible) return;
  expect(translation.reason).toContain("text past the receive window's right edge");
});
