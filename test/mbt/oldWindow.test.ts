/**
 * SND.WL1 and SND.WL2 (RFC 9293 §3.10.7.4 fifth step) as the model drives
 * them: "If (SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =<
 * SEG.ACK)), set SND.WND <- SEG.WND ... The check here prevents using old
 * segments to update the window." The peer's text held past a hole
 * (`RCV_DATA_OUT_OF_ORDER`) sets SND.WL1 past RCV.NXT; a bare ACK the peer
 * sent before it (`RCV_OLD_WINDOW`: SEG.SEQ = RCV.NXT, SEG.ACK = SND.UNA, a
 * zero window) arrives late and its window is not taken, so the next SEND
 * goes out. One scenario per test, against TcpConnection through the
 * adapter; the Linux and lwIP profiles' answers on the model; and faulty
 * TcpConnections that take the stale window fail.
 */
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { runPath } from '../../src/mbt/runner';
import { buildSuite } from '../../src/mbt/suites';
import { parseScript, runScript } from '../../src/pkt';
import type { ConnectionContext } from '../../src/tcp/context';
import type * as SendSide from '../../src/tcp/sendSide';
import type { Segment } from '../../src/wire/segment';
import { FaultyTcpSut, type Fault } from './faultyTcp';
import {
  answerOf,
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
 * The fault of the window rule (src/tcp/sendSide.ts), off unless a test sets
 * it: every acceptable ACK with SND.UNA =< SEG.ACK sets the window, SND.WL1
 * and SND.WL2 unread (the rule as a TCP without them would run it).
 */
let windowRuleSkipped = false;
jest.mock('../../src/tcp/sendSide', () => {
  const actual = jest.requireActual<typeof SendSide>('../../src/tcp/sendSide');
  return { ...actual, updateSendWindow: updatingAlways(actual.updateSendWindow) };
});

function updatingAlways(update: typeof SendSide.updateSendWindow): typeof SendSide.updateSendWindow {
  return (context: ConnectionContext, segment: Segment, force: boolean) =>
    update(context, segment, force || windowRuleSkipped);
}

afterEach(() => {
  windowRuleSkipped = false;
});

const graph = graphFor('rfc9293');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
/** The peer's second segment of text arrives before its first: held, SND.WL1 is its SEG.SEQ, past RCV.NXT. */
const TEXT_HELD: readonly ModelEventType[] = [...ESTABLISHED, 'RCV_DATA_OUT_OF_ORDER'];

/** The mistake the stale ACK is there to catch, as a TCB left wrong: its zero window taken. */
const STALE_WINDOW_TAKEN: Fault = {
  name: "a stale ACK's zero window is taken",
  applies: (step) => step.event === 'RCV_OLD_WINDOW',
  corrupt: (tcb) => {
    tcb.sndWnd = 0;
  },
};

test('an ACK older than the last window update (SEG.SEQ < SND.WL1) is ignored: nothing is sent', () => {
  expect(sentOn([...TEXT_HELD, 'RCV_OLD_WINDOW'], graph).at(-1)).toEqual([]);
});

test("its zero window is not taken: the next SEND goes out, within the held segment's window", () => {
  expect(sentOn([...TEXT_HELD, 'RCV_OLD_WINDOW', 'SEND'], graph).at(-1)).toEqual([
    'P. 1001:1011(10) ack 5001 win 65535',
  ]);
});

test('the text that fills the hole lies behind SND.WL1 too: the window stays the held segment’s, and a SEND goes out', () => {
  expect(sentOn([...TEXT_HELD, 'RCV_OLD_WINDOW', 'RCV_DATA', 'SEND'], graph).slice(-2)).toEqual([
    ['. 1001:1001(0) ack 5037 win 65499'],
    ['P. 1001:1011(10) ack 5037 win 65499'],
  ]);
});

test('offered in ESTABLISHED only, while text is held, the window open and none of our data outstanding', () => {
  expect(statesOffering('RCV_OLD_WINDOW', graph)).toEqual(['ESTABLISHED']);
  expect(offeredAfter(ESTABLISHED, graph)).not.toContain('RCV_OLD_WINDOW');
  expect(offeredAfter(TEXT_HELD, graph)).toContain('RCV_OLD_WINDOW');
  expect(offeredAfter([...TEXT_HELD, 'SEND'], graph)).not.toContain('RCV_OLD_WINDOW');
  expect(offeredAfter([...TEXT_HELD, 'RCV_WINDOW_ZERO'], graph)).not.toContain('RCV_OLD_WINDOW');
  expect(offeredAfter([...TEXT_HELD, 'RCV_DATA'], graph)).not.toContain('RCV_OLD_WINDOW');
});

test('Linux and lwIP: the model is RFC 9293’s (tcp_may_update_window; tcp_receive’s “Update window”)', () => {
  const events: ModelEventType[] = [...TEXT_HELD, 'RCV_OLD_WINDOW', 'SEND'];
  for (const { machine } of [...LINUX_PROFILES, ...LWIP_PROFILES]) {
    expect(answerOf(machine, events)).toEqual(['ESTABLISHED', ['sendData']]);
  }
});

test("a TCP that takes a stale ACK's zero window fails at the SEND it holds back", () => {
  const faulty = new FaultyTcpSut(graph.input, STALE_WINDOW_TAKEN);
  const result = runPath(graph, faulty, [...TEXT_HELD, 'RCV_OLD_WINDOW', 'SEND']);
  expect([result.passed, result.failedAt]).toEqual([false, TEXT_HELD.length + 1]);
});

/**
 * The fault shows after the stale ACK, not on it (nothing is sent either way): the transitions suite's paths end
 * at the edge they cover; of switch:1's, two transitions in a row, the one that goes on to the SEND shows it.
 */
test('a TCP without SND.WL1 and SND.WL2 passes the transitions suite and fails switch:1 through the stale ACK', () => {
  windowRuleSkipped = true;
  expect(runPath(graph, sutFor(graph), [...TEXT_HELD, 'RCV_OLD_WINDOW', 'SEND']).failedAt).toBe(TEXT_HELD.length + 1);
  const failingOf = (paths: readonly (readonly ModelEventType[])[]) => [
    pathsThatFail(graph, paths).length,
    paths.length,
  ];
  expect(failingOf(transitionsPathsWith(graph, 'RCV_OLD_WINDOW'))).toEqual([0, 4]);
  const switchPaths = buildSuite(graph, 'switch:1')
    .map((path) => path.events)
    .filter((events) => events.includes('RCV_OLD_WINDOW'));
  expect(failingOf(switchPaths)).toEqual([1, 32]);
});

test('every transition on the way to and after the stale ACK passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_OLD_WINDOW');
});

test('packetdrill: the stale ACK is a `<` line at RCV.NXT with a zero window, and the script plays against our TCP', () => {
  const events: ModelEventType[] = [...TEXT_HELD, 'RCV_OLD_WINDOW', 'SEND'];
  expect(walk(graph, events)).toHaveLength(events.length);
  const translation = pathToPacketdrill(graph, events);
  if (!translation.expressible) throw new Error(translation.reason);
  const lines = translation.script.trimEnd().split('\n');
  const stale = lines.indexOf('// 5. ESTABLISHED -RCV_OLD_WINDOW-> ESTABLISHED');
  expect(lines[stale + 1]).toBe('+0  < . 1:1(0) ack 1 win 0');
  expect(runScript(parseScript(translation.script, 'oldWindow.pkt')).ok).toBe(true);
});
