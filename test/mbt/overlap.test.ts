/**
 * Text that straddles RCV.NXT (RFC 9293 §3.10.7.4 first: "If a segment's
 * contents straddle the boundary between old and new, only the new parts are
 * processed") as the model drives it: the peer resends the last octet it sent
 * together with the next segment's text (`RCV_DATA_OVERLAP`, SEG.SEQ =
 * RCV.NXT - 1), and the connection answers as it answers that text alone
 * (`RCV_DATA`). One scenario per test, against TcpConnection through the
 * adapter; and a TcpConnection that does not trim the old octet fails.
 */
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { PEER_DATA, PEER_ISS } from '../../src/mbt/scriptedPeer';
import { parseScript, runScript } from '../../src/pkt';
import type * as ReceiveSide from '../../src/tcp/receiveSide';
import type * as Seq from '../../src/tcp/seq';
import {
  expectPassesThrough,
  graphFor,
  offeredAfter,
  sentOn,
  statesOffering,
  sutFor,
  transitionsPathsWith,
} from './fixtures';

/**
 * A TCP whose first check forgets the trimming (src/tcp/receiveSide.ts
 * receiveText, the `old` octets): text that starts before RCV.NXT is taken
 * whole, as if it began at RCV.NXT. Off unless a test turns it on.
 */
let mockOldOctetsKept = false;
jest.mock('../../src/tcp/receiveSide', () => {
  const actual = jest.requireActual<typeof ReceiveSide>('../../src/tcp/receiveSide');
  const { seqLt } = jest.requireActual<typeof Seq>('../../src/tcp/seq');
  return {
    ...actual,
    receiveText: (...args: Parameters<typeof actual.receiveText>) => {
      const [context, segment, dataSeq, mayDelayAck] = args;
      const before = context.tcb.rcvNxt;
      const untrimmed = mockOldOctetsKept && segment.payload.length > 0 && seqLt(dataSeq, before);
      return actual.receiveText(context, segment, untrimmed ? before : dataSeq, mayDelayAck);
    },
  };
});

afterEach(() => {
  mockOldOctetsKept = false;
});

const graph = graphFor('rfc9293');
const rcvbuf = graphFor('rcvbuf');
const quickack = graphFor('quickack');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const ACK_DELAY = 'xstate.after.ACK_DELAY.ESTABLISHED';
/** RCV.NXT after `segments` segments of the peer's text. */
const rcvNxt = (segments: number) => PEER_ISS + 1 + segments * PEER_DATA.length;

test('a second segment from RCV.NXT - 1 is acknowledged at once, RCV.NXT past its new part only', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_OVERLAP'], graph);
  expect(sent.at(-1)).toEqual([`. 1001:1001(0) ack ${rcvNxt(2)} win ${65535 - 2 * PEER_DATA.length}`]);
});

test('the new part of an overlap is a first segment too: its ACK is delayed, then sent past it (RFC 9293 §3.8.6.3)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'RCV_DATA_OVERLAP', ACK_DELAY], rcvbuf);
  expect(sent.slice(-3)).toEqual([
    [`. 1001:1001(0) ack ${rcvNxt(1)} win ${PEER_DATA.length}`],
    [],
    [`. 1001:1001(0) ack ${rcvNxt(2)} win 0`],
  ]);
});

test('RECEIVE returns the old octet once: the stream the user reads is the peer’s, byte for byte', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', ACK_DELAY, 'RCV_DATA_OVERLAP', 'RECEIVE'], rcvbuf);
  expect(sent.at(-1)).toEqual([`. 1001:1001(0) ack ${rcvNxt(2)} win ${2 * PEER_DATA.length}`]);
});

test('with the buffer full the new part is not taken: an ACK of RCV.NXT with a zero window (RFC 9293 §3.8.6.1)', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA', 'RCV_DATA_OVERLAP'], rcvbuf);
  expect(sent.at(-1)).toEqual([`. 1001:1001(0) ack ${rcvNxt(2)} win 0`]);
});

test('its ACK field is read as RCV_DATA’s: it acknowledges our data, and the ACK of the new text carries no data', () => {
  const sent = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA', 'SEND', 'RCV_DATA_OVERLAP'], rcvbuf);
  expect(sent.at(-1)).toEqual([`. 1011:1011(0) ack ${rcvNxt(2)} win 0`]);
});

test('offered in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 where the octet before RCV.NXT is known to be text: not before any', () => {
  expect(offeredAfter(ESTABLISHED, graph)).not.toContain('RCV_DATA_OVERLAP');
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA'], graph)).toContain('RCV_DATA_OVERLAP');
  // The delayed ACK sent, nothing in the context says that text came (a flag would split every snapshot).
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA', ACK_DELAY], graph)).not.toContain('RCV_DATA_OVERLAP');
  expect(offeredAfter([...ESTABLISHED, 'RCV_DATA', ACK_DELAY], rcvbuf)).toContain('RCV_DATA_OVERLAP');
  // Delayed ACKs off and no bound on the buffer (quickack, Linux, lwIP): no snapshot shows it.
  expect(statesOffering('RCV_DATA_OVERLAP', quickack)).toEqual([]);
  expect(statesOffering('RCV_DATA_OVERLAP', graph)).toEqual(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
  expect(statesOffering('RCV_DATA_OVERLAP', rcvbuf)).toEqual(['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
});

test('in FIN-WAIT-2 a second segment from RCV.NXT - 1 is acknowledged at once, RCV.NXT past its new part only', () => {
  const sent = sentOn([...ESTABLISHED, 'CLOSE', 'RCV_ACK', 'RCV_DATA', 'RCV_DATA_OVERLAP'], graph);
  expect(sent.at(-1)).toEqual([`. 1002:1002(0) ack ${rcvNxt(2)} win ${65535 - 2 * PEER_DATA.length}`]);
});

test('in FIN-WAIT-1 an overlap that acknowledges our FIN takes its new part and goes to FIN-WAIT-2, its ACK delayed', () => {
  const events: ModelEventType[] = [
    ...ESTABLISHED,
    'RCV_DATA',
    ACK_DELAY,
    'CLOSE',
    'RCV_DATA_OVERLAP',
    'xstate.after.ACK_DELAY.FIN_WAIT_2',
  ];
  expect(
    walk(rcvbuf, events)
      .map((edge) => rcvbuf.nodes[edge.to]!.state)
      .slice(-2),
  ).toEqual(['FIN_WAIT_2', 'FIN_WAIT_2']);
  expect(sentOn(events, rcvbuf).slice(-3)).toEqual([
    [`F. 1001:1001(0) ack ${rcvNxt(1)} win ${PEER_DATA.length}`],
    [],
    [`. 1002:1002(0) ack ${rcvNxt(2)} win 0`],
  ]);
});

test('a TCP that keeps the old octet takes one octet too many, and the path fails at the overlap', () => {
  mockOldOctetsKept = true;
  const events: ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_OVERLAP'];
  const result = runPath(graph, sutFor(graph), events);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(events.length - 1);
  expect(formatPathResult(result)).toContain(`acknowledges ${rcvNxt(2) + 1}, expected RCV.NXT = ${rcvNxt(2)}`);
  // The generated suite finds it alone: every transitions path through an overlap fails.
  const paths = transitionsPathsWith(graph, 'RCV_DATA_OVERLAP');
  expect(paths.filter((path) => runPath(graph, sutFor(graph), path).passed)).toEqual([]);
});

test.each(['rfc9293', 'rcvbuf'])(
  'every transition on the way to and after an overlap passes (%s: the transitions suite, its paths with one)',
  (name) => {
    const model = graphFor(name);
    expectPassesThrough(model, 'RCV_DATA_OVERLAP');
  },
);

test('packetdrill: the overlap is a `<` line from RCV.NXT - 1, and the script plays against our TCP', () => {
  const translation = pathToPacketdrill(graph, [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA_OVERLAP']);
  if (!translation.expressible) throw new Error(translation.reason);
  expect(translation.script.trimEnd().split('\n').slice(-3)).toEqual([
    '// 5. ESTABLISHED -RCV_DATA_OVERLAP-> ESTABLISHED sends ACK',
    `+0  < P. ${PEER_DATA.length}:${2 * PEER_DATA.length + 1}(${PEER_DATA.length + 1}) ack 1 win 65535`,
    `+0  > . 1:1(0) ack ${2 * PEER_DATA.length + 1}`,
  ]);
  expect(runScript(parseScript(translation.script, 'overlap.pkt')).ok).toBe(true);
});
