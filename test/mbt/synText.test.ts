/**
 * Text on the peer's SYN and SYN-ACK (SYN_TEXT_EVENTS) as the model drives
 * it: in LISTEN (`RCV_SYN_DATA`) the SYN-ACK acknowledges the SYN only and the
 * text is queued (RFC 9293 §3.10.7.2 third) until the segment that completes
 * the handshake, which takes it at IRS+1 and owes an ACK at once; in
 * SYN-SENT the same SYN opens simultaneously with the text queued alike
 * (§3.10.7.3 fourth), and a SYN-ACK with text (`RCV_SYN_ACK_DATA`) is taken at
 * the sixth step, its ACK covering the text. One scenario per test, against
 * TcpConnection through the adapter; the Linux and lwIP profiles' answers on
 * the model (both drop the text); and faulty TcpConnections that drop the
 * text, acknowledge it too early, or owe no ACK for it, fail.
 */
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import type { ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { runPath } from '../../src/mbt/runner';
import type { ConnectionContext } from '../../src/tcp/context';
import type * as ReceiveSide from '../../src/tcp/receiveSide';
import { seqAdd } from '../../src/tcp/seq';
import type { Tcb } from '../../src/tcp/tcb';
import type { Segment } from '../../src/wire/segment';
import type * as FaultySegments from './faultySegments';
import {
  answerOf,
  expectCaughtThrough,
  expectPassesThrough,
  graphFor,
  offeredAfter,
  passingSteps,
  sentOn,
  statesOffering,
  sutFor,
} from './fixtures';

/**
 * Faults of the SYN's text (src/tcp/receiveSide.ts, segmentArrives.ts), none
 * unless a test sets one: the SYN's text dropped (as Linux and lwIP do),
 * acknowledged by the SYN-ACK already (taken in LISTEN, before the handshake),
 * taken without an ACK owed, and a SYN-ACK's text dropped in SYN-SENT.
 */
let fault: 'SYN text dropped' | 'SYN text taken at once' | 'queued text owes no ACK' | 'SYN-ACK text dropped' | null =
  null;

jest.mock('../../src/tcp/receiveSide', () => {
  const actual = jest.requireActual<typeof ReceiveSide>('../../src/tcp/receiveSide');
  return {
    ...actual,
    queueSynText: (tcb: Tcb, segment: Segment) => {
      if (fault === 'SYN text dropped') return;
      if (fault === 'SYN text taken at once') {
        tcb.receiveQueue.chunks.push(segment.payload);
        tcb.receiveQueue.length += segment.payload.length;
        tcb.rcvNxt = seqAdd(tcb.rcvNxt, segment.payload.length);
        return;
      }
      actual.queueSynText(tcb, segment);
    },
    receiveSynText: (context: ConnectionContext, segment: Segment) => {
      const owed = actual.receiveSynText(context, segment);
      return fault === 'queued text owes no ACK' ? false : owed;
    },
  };
});
jest.mock('../../src/tcp/segmentArrives', () =>
  jest.requireActual<typeof FaultySegments>('./faultySegments').rewritingSegmentArrives(faulty),
);

function faulty(context: ConnectionContext, segment: Segment): Segment {
  const synAck = segment.flags.syn && segment.flags.ack;
  if (fault === 'SYN-ACK text dropped' && context.tcb.state === 'SYN_SENT' && synAck)
    return { ...segment, payload: new Uint8Array(0) };
  return segment;
}

afterEach(() => {
  fault = null;
});

const graph = graphFor('rfc9293');
const rcvbuf = graphFor('rcvbuf');
const LISTEN: readonly ModelEventType[] = ['PASSIVE_OPEN'];
const SYN_SENT: readonly ModelEventType[] = ['ACTIVE_OPEN'];

test('LISTEN: the SYN-ACK acknowledges the SYN only; the handshake’s ACK takes the text and is answered at once', () => {
  // Our ISS is 1000, the peer's 5000; PEER_DATA is 18 bytes.
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'RCV_ACK'], graph)).toEqual([
    [],
    ['S. 1000:1000(0) ack 5001 win 65535 <mss 1460>'],
    ['. 1001:1001(0) ack 5019 win 65517'],
  ]);
});

test('LISTEN: text after the queued text, and a FIN after it, are taken behind it', () => {
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'RCV_DATA'], graph).at(-1)).toEqual(['. 1001:1001(0) ack 5037 win 65499']);
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'RCV_FIN'], graph).at(-1)).toEqual(['. 1001:1001(0) ack 5020 win 65517']);
  expect(passingSteps([...LISTEN, 'RCV_SYN_DATA', 'RCV_FIN'], graph).at(-1)!.observed.state).toBe('CLOSE_WAIT');
});

test('LISTEN: data queued by a SEND carries the ACK of the queued text', () => {
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'SEND', 'RCV_ACK'], graph).at(-1)).toEqual([
    'P. 1001:1011(10) ack 5019 win 65517',
  ]);
});

test('a bounded buffer: the SYN’s text fills it as text does, and RECEIVE hands it to the user', () => {
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'RCV_DATA'], rcvbuf).at(-1)).toEqual(['. 1001:1001(0) ack 5037 win 0']);
  expect(sentOn([...LISTEN, 'RCV_SYN_DATA', 'RCV_ACK', 'RECEIVE'], rcvbuf).slice(-2)).toEqual([
    ['. 1001:1001(0) ack 5019 win 18'],
    ['. 1001:1001(0) ack 5019 win 36'],
  ]);
});

test('SYN-SENT: a SYN-ACK’s text is taken and its ACK covers it; a SYN’s text waits for the simultaneous SYN-ACK', () => {
  expect(sentOn([...SYN_SENT, 'RCV_SYN_ACK_DATA'], graph).at(-1)).toEqual(['. 1001:1001(0) ack 5019 win 65517']);
  expect(sentOn([...SYN_SENT, 'RCV_SYN_DATA', 'RCV_SYN_ACK'], graph).slice(-2)).toEqual([
    ['S. 1000:1000(0) ack 5001 win 65535 <mss 1460>'],
    ['. 1001:1001(0) ack 5019 win 65517'],
  ]);
});

test('offered in LISTEN and SYN-SENT at the RTO floor; no CLOSE sends a FIN past queued text', () => {
  expect(statesOffering('RCV_SYN_DATA', graph)).toEqual(['LISTEN', 'SYN_SENT']);
  expect(statesOffering('RCV_SYN_ACK_DATA', graph)).toEqual(['SYN_SENT']);
  expect(offeredAfter([...SYN_SENT, 'xstate.after.RTO.SYN_SENT'], graph)).not.toContain('RCV_SYN_ACK_DATA');
  expect(offeredAfter([...LISTEN, 'RCV_SYN_DATA'], graph)).not.toContain('CLOSE');
  expect(offeredAfter([...LISTEN, 'RCV_SYN_DATA', 'SEND'], graph)).toContain('CLOSE');
  expect(offeredAfter([...LISTEN, 'RCV_SYN'], graph)).toContain('CLOSE');
});

test('Linux and lwIP drop the text: the model answers as to a SYN and a SYN-ACK without it', () => {
  for (const machine of [LINUX_PROFILES[0]!.machine, LWIP_PROFILES[0]!.machine]) {
    expect(answerOf(machine, [...LISTEN, 'RCV_SYN_DATA'])).toEqual(answerOf(machine, [...LISTEN, 'RCV_SYN']));
    expect(answerOf(machine, [...LISTEN, 'RCV_SYN_DATA', 'RCV_ACK'])).toEqual(['ESTABLISHED', []]);
    expect(answerOf(machine, [...SYN_SENT, 'RCV_SYN_ACK_DATA'])).toEqual(
      answerOf(machine, [...SYN_SENT, 'RCV_SYN_ACK']),
    );
    expect(answerOf(machine, [...SYN_SENT, 'RCV_SYN_DATA'])).toEqual(answerOf(machine, [...SYN_SENT, 'RCV_SYN']));
  }
});

test('a TCP that drops the SYN’s text (as Linux and lwIP do) fails the paths that complete the handshake after it', () => {
  fault = 'SYN text dropped';
  expectCaughtThrough(graph, [...LISTEN, 'RCV_SYN_DATA', 'RCV_ACK'], 'RCV_SYN_DATA', 81, 255);
});

test('a TCP that acknowledges the SYN’s text with its SYN-ACK fails at the SYN-ACK', () => {
  fault = 'SYN text taken at once';
  expectCaughtThrough(graph, [...LISTEN, 'RCV_SYN_DATA'], 'RCV_SYN_DATA', 255, 255);
});

test('a TCP that takes the queued text without an ACK fails on the handshake’s bare ACK', () => {
  fault = 'queued text owes no ACK';
  // Text or a FIN on the completing segment owes the ACK anyway: only the bare ACK and the simultaneous SYN-ACK show it.
  expectCaughtThrough(graph, [...LISTEN, 'RCV_SYN_DATA', 'RCV_ACK'], 'RCV_SYN_DATA', 9, 255);
});

test('a TCP that drops a SYN-ACK’s text fails every path through it', () => {
  fault = 'SYN-ACK text dropped';
  expectCaughtThrough(graph, [...SYN_SENT, 'RCV_SYN_ACK_DATA'], 'RCV_SYN_ACK_DATA', 2, 2);
});

test('every transition on the way to and after these segments passes (the transitions suite, its paths with one)', () => {
  for (const model of [graph, rcvbuf]) {
    expectPassesThrough(model, 'RCV_SYN_DATA', 'RCV_SYN_ACK_DATA');
  }
});

test('packetdrill: refused with its reason (Linux drops the text without Fast Open)', () => {
  const script = pathToPacketdrill(graph, [...LISTEN, 'RCV_SYN_DATA']);
  expect(script.expressible).toBe(false);
  if (!script.expressible) expect(script.reason).toContain('without TCP Fast Open Linux drops it');
  expect(runPath(graph, sutFor(graph), [...LISTEN, 'RCV_SYN_DATA']).passed).toBe(true);
});
