/**
 * The segments the first two checks of RFC 9293 §3.10.7.4 drop, as the model
 * drives them in the synchronized states: a segment wholly before RCV.NXT
 * (the keep-alive of §3.8.4, one garbage octet at RCV.NXT - 1) gets an ACK
 * and is dropped, its ACK and window unread; a RST inside the window but not
 * at RCV.NXT gets a challenge ACK (RFC 5961 §3.2); a RST outside the window
 * is dropped silently. One scenario per test, against TcpConnection through
 * the adapter.
 */
import { walk, type ModelEventType, type ModelGraph } from '../../src/mbt/modelGraph';
import { pathToPacketdrill } from '../../src/mbt/pathToPacketdrill';
import { formatPathResult, runPath } from '../../src/mbt/runner';
import { parseScript, runScript } from '../../src/pkt';
import { expectPassesThrough, graphFor, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const ESTABLISHED: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const TIME_WAIT: readonly ModelEventType[] = [...ESTABLISHED, 'CLOSE', 'RCV_FIN_ACK'];
/** The ACK TcpConnection owes in ESTABLISHED with nothing sent and nothing received: <SEQ=SND.NXT><ACK=RCV.NXT>. */
const ACK = '. 1001:1001(0) ack 5001 win 65535';

/** What each step of a passing path sent, as `describeSegment` writes it, and the state after it. */
function sentOn(events: readonly ModelEventType[], model: ModelGraph = graph): { sent: string[]; state: string }[] {
  const result = runPath(model, sutFor(model), events);
  if (!result.passed) throw new Error(formatPathResult(result));
  return result.steps.map((record) => ({
    sent: record.observed.sent.map((segment) => segment.text),
    state: record.observed.state,
  }));
}

/** The events the model offers after `events`. */
function offeredAfter(events: readonly ModelEventType[], model: ModelGraph = graph): ModelEventType[] {
  const [last] = walk(model, events).slice(-1);
  return model.nodes[last!.to]!.edges.map((edge) => edge.event);
}

test('a keep-alive (one octet at RCV.NXT - 1) in ESTABLISHED gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293 §3.10.7.4 first)', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_OLD_SEGMENT']).at(-1)).toEqual({ sent: [ACK], state: 'ESTABLISHED' });
});

test('text sent again after it was taken is answered with an ACK of RCV.NXT past it, and not taken twice', () => {
  const steps = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_DATA', 'RCV_OLD_SEGMENT']);
  expect(steps.at(-1)).toEqual({ sent: ['. 1001:1001(0) ack 5037 win 65499'], state: 'ESTABLISHED' });
});

test('the ACK of an old segment carries the delayed ACK pending, so the delayed-ACK timer has nothing left to send', () => {
  const steps = sentOn([...ESTABLISHED, 'RCV_DATA', 'RCV_OLD_SEGMENT', 'xstate.after.ACK_DELAY.ESTABLISHED']);
  expect(steps.at(-2)!.sent).toEqual(['. 1001:1001(0) ack 5019 win 65517']);
  expect(steps.at(-1)!.sent).toEqual([]);
});

test('an old segment leaves the retransmission timer alone: the data outstanding is resent after one RTO', () => {
  const steps = sentOn([...ESTABLISHED, 'SEND', 'RCV_OLD_SEGMENT', 'xstate.after.RTO.ESTABLISHED']);
  expect(steps.at(-2)!.sent).toEqual(['. 1011:1011(0) ack 5001 win 65535']);
  expect(steps.at(-1)!.sent).toEqual(['P. 1001:1011(10) ack 5001 win 65535']);
});

test('in TIME-WAIT an old segment is acknowledged and the connection waits on (§3.10.7.4 first check, before the fifth)', () => {
  const steps = sentOn([...TIME_WAIT, 'RCV_OLD_SEGMENT']);
  expect(steps.at(-1)).toEqual({ sent: ['. 1002:1002(0) ack 5002 win 65535'], state: 'TIME_WAIT' });
});

test('a RST inside the window but not at RCV.NXT gets a challenge ACK and the connection stays (RFC 5961 §3.2)', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_RST_IN_WINDOW']).at(-1)).toEqual({ sent: [ACK], state: 'ESTABLISHED' });
});

test('a RST inside the window in CLOSE-WAIT gets a challenge ACK acknowledging the FIN', () => {
  const steps = sentOn([...ESTABLISHED, 'RCV_FIN', 'RCV_RST_IN_WINDOW']);
  expect(steps.at(-1)).toEqual({ sent: ['. 1001:1001(0) ack 5002 win 65535'], state: 'CLOSE_WAIT' });
});

test('a RST inside the window in TIME-WAIT gets a challenge ACK too (RFC 9293 §3.10.7.4 second)', () => {
  expect(sentOn([...TIME_WAIT, 'RCV_RST_IN_WINDOW']).at(-1)).toEqual({
    sent: ['. 1002:1002(0) ack 5002 win 65535'],
    state: 'TIME_WAIT',
  });
});

test('with RFC 1337 protection a RST inside the window in TIME-WAIT is ignored, no challenge ACK', () => {
  const rfc1337 = graphFor('rfc1337');
  expect(sentOn([...TIME_WAIT, 'RCV_RST_IN_WINDOW'], rfc1337).at(-1)).toEqual({ sent: [], state: 'TIME_WAIT' });
});

test('a RST outside the window is dropped silently (RFC 5961 §3.2)', () => {
  expect(sentOn([...ESTABLISHED, 'RCV_RST_OUT_OF_WINDOW']).at(-1)).toEqual({ sent: [], state: 'ESTABLISHED' });
});

test('the RST at RCV.NXT after a challenge still resets: the challenge changed nothing', () => {
  const steps = sentOn([...ESTABLISHED, 'RCV_RST_IN_WINDOW', 'RCV_RST']);
  expect(steps.at(-1)).toEqual({ sent: [], state: 'CLOSED' });
});

test('the unacceptable segments are in the alphabet of the synchronized states only', () => {
  expect(graph.alphabet.SYN_RECEIVED).not.toContain('RCV_OLD_SEGMENT');
  expect(graph.alphabet.LISTEN).not.toContain('RCV_RST_IN_WINDOW');
  for (const state of ['ESTABLISHED', 'FIN_WAIT_2', 'CLOSE_WAIT', 'TIME_WAIT'] as const)
    expect(graph.alphabet[state]).toEqual(
      expect.arrayContaining(['RCV_OLD_SEGMENT', 'RCV_RST_IN_WINDOW', 'RCV_RST_OUT_OF_WINDOW']),
    );
});

test('a RST inside the window is not offered while the receive window is zero (a full buffer)', () => {
  const rcvbuf = graphFor('rcvbuf');
  const full: ModelEventType[] = [...ESTABLISHED, 'RCV_DATA', 'RCV_DATA'];
  expect(offeredAfter(full, rcvbuf)).not.toContain('RCV_RST_IN_WINDOW');
  expect(offeredAfter([...full, 'RECEIVE'], rcvbuf)).toContain('RCV_RST_IN_WINDOW');
});

test('the unacceptable segments are offered only where the RTO is at its floor (they read no timer)', () => {
  expect(offeredAfter([...ESTABLISHED, 'SEND'])).toContain('RCV_OLD_SEGMENT');
  expect(offeredAfter([...ESTABLISHED, 'SEND', 'xstate.after.RTO.ESTABLISHED'])).not.toContain('RCV_OLD_SEGMENT');
});

test('every transition on the way to and after an unacceptable segment passes (the transitions suite, its paths with one)', () => {
  expectPassesThrough(graph, 'RCV_OLD_SEGMENT', 'RCV_RST_IN_WINDOW', 'RCV_RST_OUT_OF_WINDOW');
});

test('packetdrill: a keep-alive and the two RSTs are `<` lines, and the script plays against our TCP', () => {
  const translation = pathToPacketdrill(graph, [
    ...ESTABLISHED,
    'RCV_OLD_SEGMENT',
    'RCV_RST_IN_WINDOW',
    'RCV_RST_OUT_OF_WINDOW',
  ]);
  if (!translation.expressible) throw new Error(translation.reason);
  expect(translation.script.trimEnd().split('\n').slice(-8)).toEqual([
    '// 4. ESTABLISHED -RCV_OLD_SEGMENT-> ESTABLISHED sends ACK',
    '+0  < . 0:1(1) ack 1 win 65535',
    '+0  > . 1:1(0) ack 1',
    '// 5. ESTABLISHED -RCV_RST_IN_WINDOW-> ESTABLISHED sends challenge ACK',
    '+0  < R 2:2(0) win 65535',
    '+0  > . 1:1(0) ack 1',
    '// 6. ESTABLISHED -RCV_RST_OUT_OF_WINDOW-> ESTABLISHED',
    '+0  < R 1073741825:1073741825(0) win 65535',
  ]);
  expect(runScript(parseScript(translation.script, 'unacceptable.pkt')).ok).toBe(true);
});
