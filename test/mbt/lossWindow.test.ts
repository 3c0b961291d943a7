/**
 * The loss window as the model drives it (RFC 5681 §3.1, required by RFC
 * 9293 §3.8.2): after a timeout resent data, the congestion window is one
 * segment and the resent segment fills it, so a SEND queues its data and a
 * CLOSE behind it queues the FIN, until an ACK covers the resent segment.
 * One scenario per test, against TcpConnection through the adapter.
 */
import { type ModelEventType } from '../../src/mbt/modelGraph';
import { transitionsSuite } from '../../src/mbt/suites';
import { expectPathsPass, graphFor, passingSteps, sentBy, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const RTO = 'xstate.after.RTO.ESTABLISHED';
const RESENT: readonly ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND', RTO];

/** What each step of a passing path sent, as `describeSegment` writes it, with the state after. */
function sentOn(events: readonly ModelEventType[]): { to: string; sent: string[] }[] {
  return passingSteps(events, graph).map((record) => ({ to: record.step.to, sent: sentBy(record) }));
}

test('a SEND after a timeout sends nothing: the resent segment fills the loss window', () => {
  expect(sentOn([...RESENT, 'SEND']).at(-1)).toEqual({ to: 'ESTABLISHED', sent: [] });
});

test('the ACK of the resent segment sends the data queued behind the loss window, at SND.NXT', () => {
  expect(sentOn([...RESENT, 'SEND', 'RCV_ACK']).at(-1)).toEqual({
    to: 'ESTABLISHED',
    sent: ['P. 1011:1021(10) ack 5001 win 65535'],
  });
});

test('a timeout while data waits behind the loss window resends the earliest segment only', () => {
  expect(sentOn([...RESENT, 'SEND', RTO]).at(-1)).toEqual({
    to: 'ESTABLISHED',
    sent: ['P. 1001:1011(10) ack 5001 win 65535'],
  });
});

test('a CLOSE behind the queued data enters FIN-WAIT-1 and sends nothing; the ACK sends the data, then the FIN', () => {
  expect(sentOn([...RESENT, 'SEND', 'CLOSE', 'RCV_ACK']).slice(-2)).toEqual([
    { to: 'FIN_WAIT_1', sent: [] },
    { to: 'FIN_WAIT_1', sent: ['P. 1011:1021(10) ack 5001 win 65535', 'F. 1021:1021(0) ack 5001 win 65535'] },
  ]);
});

test('a CLOSE after a timeout with nothing queued sends the FIN at once: the loss window limits data', () => {
  expect(sentOn([...RESENT, 'CLOSE']).at(-1)).toEqual({
    to: 'FIN_WAIT_1',
    sent: ['F. 1011:1011(0) ack 5001 win 65535'],
  });
});

test('a partial ACK after a timeout covers the resent earliest segment: the queued data leaves behind the one left', () => {
  const events: ModelEventType[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK', 'SEND', 'SEND', RTO, 'SEND'];
  expect(sentOn([...events, 'RCV_PARTIAL_ACK']).slice(-2)).toEqual([
    { to: 'ESTABLISHED', sent: [] },
    { to: 'ESTABLISHED', sent: ['P. 1021:1031(10) ack 5001 win 65535'] },
  ]);
});

test('an ACK with a zero window ends the loss window but not the wait: the persist timer probes the queued data', () => {
  const steps = sentOn([...RESENT, 'SEND', 'RCV_WINDOW_ZERO', 'xstate.after.PERSIST.ESTABLISHED']);
  expect(steps.slice(-2)).toEqual([
    { to: 'ESTABLISHED', sent: [] },
    { to: 'ESTABLISHED', sent: ['. 1011:1012(1) ack 5001 win 65535'] },
  ]);
});

test('every transition on the way to and after a SEND behind the loss window passes (the transitions suite)', () => {
  const paths = transitionsSuite(graph)
    .map((path) => path.events)
    .filter((events) => events.some((event, index) => event === 'SEND' && events.slice(0, index).includes(RTO)));
  expect(paths.length).toBeGreaterThan(0);
  expect(expectPathsPass(graph, sutFor(graph), paths)).toBeGreaterThan(0);
});
