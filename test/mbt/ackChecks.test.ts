/**
 * The fifth step's checks of the ACK field (RFC 9293 §3.10.7.4) as the model
 * drives them: an old ACK (SEG.ACK < SND.UNA) is ignored, its window not
 * taken; an ACK of something not yet sent (SEG.ACK > SND.NXT) is answered
 * with an ACK and dropped. One scenario per test, against TcpConnection
 * through the adapter.
 */
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { runPath } from '../../src/mbt/runner';
import { parseScript, runScript } from '../../src/pkt';
import { FaultyTcpSut, type Fault } from './faultyTcp';
import { expectPassesThrough, graphFor, sentOn, statesOffering } from './fixtures';

const graph = graphFor('rfc9293');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
/** The peer's text moves its SEG.SEQ past SND.WL1, so only SND.UNA =< SEG.ACK keeps the old ACK's window out. */
const AFTER_TEXT: readonly ModelEventType[] = [...ESTABLISHED, 'RCV_DATA'];

/** The mistake the old ACK is there to catch: its zero window taken (RFC 9293 §3.10.7.4 takes it only if SND.UNA =< SEG.ACK). */
const OLD_ACK_WINDOW_TAKEN: Fault = {
  name: "an old ACK's zero window is taken",
  applies: (step) => step.event === 'RCV_OLD_ACK',
  corrupt: (tcb) => {
    tcb.sndWnd = 0;
  },
};

test('an old ACK (SEG.ACK = SND.UNA - 1) is ignored: nothing is sent', () => {
  expect(sentOn([...AFTER_TEXT, 'RCV_OLD_ACK'], graph).at(-1)).toEqual([]);
});

test("an old ACK's zero window is not taken: the next SEND goes out in ESTABLISHED", () => {
  expect(sentOn([...AFTER_TEXT, 'RCV_OLD_ACK', 'SEND'], graph).at(-1)).toEqual(['P. 1001:1011(10) ack 5019 win 65517']);
});

test("an old ACK's zero window is not taken: the next SEND goes out in CLOSE-WAIT", () => {
  expect(sentOn([...ESTABLISHED, 'RCV_FIN', 'RCV_OLD_ACK', 'SEND'], graph).at(-1)).toEqual([
    'P. 1001:1011(10) ack 5002 win 65535',
  ]);
});

test('the old ACK is offered where data may still be sent, ESTABLISHED and CLOSE-WAIT (RFC 9293 §3.10.2), and where an ACK must acknowledge our SYN (§3.10.7.3, §3.10.7.4 fifth)', () => {
  expect(statesOffering('RCV_OLD_ACK', graph)).toEqual(['CLOSE_WAIT', 'ESTABLISHED', 'SYN_RECEIVED', 'SYN_SENT']);
});

test("a TCP that takes an old ACK's zero window fails at the SEND it holds back", () => {
  const faulty = new FaultyTcpSut(graph.input, OLD_ACK_WINDOW_TAKEN);
  const result = runPath(graph, faulty, [...AFTER_TEXT, 'RCV_OLD_ACK', 'SEND']);
  expect(result.passed).toBe(false);
  expect(result.failedAt).toBe(AFTER_TEXT.length + 1);
});

test('every transition on the way to and after an old ACK passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_OLD_ACK');
});

test('packetdrill: the old ACK is a `<` line one behind SND.UNA with a zero window, and the script plays against our TCP', () => {
  const events: ModelEventType[] = [...ESTABLISHED, 'SEND', 'RCV_ACK', 'RCV_DATA', 'RCV_OLD_ACK', 'SEND'];
  expect(walk(graph, events)).toHaveLength(events.length);
  const translation = pathToPacketdrill(graph, events);
  if (!translation.expressible) throw new Error(translation.reason);
  const lines = translation.script.trimEnd().split('\n');
  const oldAck = lines.indexOf('// 7. ESTABLISHED -RCV_OLD_ACK-> ESTABLISHED');
  expect(lines[oldAck + 1]).toBe('+0  < . 19:19(0) ack 10 win 0');
  expect(runScript(parseScript(translation.script, 'oldAck.pkt')).ok).toBe(true);
});

test('an ACK of something not yet sent (SEG.ACK = SND.NXT + 1) is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>', () => {
  expect(sentOn([...ESTABLISHED, 'SEND', 'RCV_ACK_UNSENT'], graph).at(-1)).toEqual([
    '. 1011:1011(0) ack 5001 win 65535',
  ]);
});

test('an ACK of something not yet sent leaves SND.UNA: the timeout resends the data it claimed to acknowledge', () => {
  const rto = 'xstate.after.RTO.ESTABLISHED' as ModelEventType;
  expect(sentOn([...ESTABLISHED, 'SEND', 'RCV_ACK_UNSENT', rto], graph).at(-1)).toEqual([
    'P. 1001:1011(10) ack 5001 win 65535',
  ]);
});

test('an ACK of something not yet sent is answered in CLOSE-WAIT too', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_FIN', 'RCV_ACK_UNSENT'], graph).at(-1)).toEqual([
    '. 1001:1001(0) ack 5002 win 65535',
  ]);
});

test('every transition on the way to and after an ACK of something not yet sent passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_ACK_UNSENT');
});

test('packetdrill: the ACK of something not yet sent is a `<` line one past SND.NXT, answered by a `>` ACK', () => {
  const translation = pathToPacketdrill(graph, [...ESTABLISHED, 'SEND', 'RCV_ACK_UNSENT']);
  if (!translation.expressible) throw new Error(translation.reason);
  expect(translation.script.trimEnd().split('\n').slice(-3)).toEqual([
    '// 5. ESTABLISHED -RCV_ACK_UNSENT-> ESTABLISHED sends ACK',
    '+0  < . 1:1(0) ack 12 win 65535',
    '+0  > . 11:11(0) ack 1',
  ]);
  expect(runScript(parseScript(translation.script, 'ackUnsent.pkt')).ok).toBe(true);
});
