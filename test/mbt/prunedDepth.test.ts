/**
 * product:D, the pruned exploration of model × TcpConnection × peer: it
 * covers what depth:D covers in fewer steps, finds what depth:D finds, and
 * the canonical encoding merges what only differs in the past.
 */
import { canonicalSnapshot } from '../../src/mbt/canonical';
import { runDepth } from '../../src/mbt/depth';
import { runPrunedDepth } from '../../src/mbt/prunedDepth';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { FaultyTcpSut, REFUSED_SEND_DROPS_QUEUED_CLOSE } from './faultyTcp';
import { graphFor } from './fixtures';

const graph = graphFor('rfc9293');

test('product:5 covers the transitions and state × event pairs depth:5 covers, in a fraction of the steps', () => {
  const full = runDepth(graph, new TcpConnectionSut(graph.input), 5);
  const pruned = runPrunedDepth(graph, new TcpConnectionSut(graph.input), 5);
  expect(pruned.failures).toEqual([]);
  expect(pruned.coverage.covered().transitions).toEqual(full.coverage.covered().transitions);
  expect(pruned.coverage.covered().stateEventPairs).toEqual(full.coverage.covered().stateEventPairs);
  expect(pruned.steps).toBeLessThan(full.steps / 50);
  // Every step either reached a new product state or was pruned.
  expect(pruned.explored - 1 + pruned.pruned).toBe(pruned.steps);
  expect(pruned.newPerDepth).toEqual([1, 2, 10, 54, 231, 708]);
  expect(pruned.exhaustiveAt).toBeNull();
});

test('product:6 finds the dropped queued CLOSE that depth:6 finds', () => {
  const sut = new FaultyTcpSut(graph.input, REFUSED_SEND_DROPS_QUEUED_CLOSE);
  expect(runPrunedDepth(graph, sut, 5).failures).toEqual([]);
  const [failure] = runPrunedDepth(graph, sut, 6).failures;
  expect(failure?.events).toEqual(runDepth(graph, sut, 6, { maxFailures: 1 }).failures[0]?.events);
  // The first SEND after the CLOSE drops it; the next one is taken where the model says "connection closing".
  expect(failure?.events.slice(-2)).toEqual(['SEND', 'SEND']);
});

test('the canonical encoding drops the clock and keeps deadlines relative to it', () => {
  const early = { now: 3000, connection: { timeWaitDeadline: 63000, sendTimes: [{ end: 1011, at: 2000 }] } };
  const late = { now: 9000, connection: { timeWaitDeadline: 69000, sendTimes: [{ end: 1011, at: 8000 }] } };
  expect(canonicalSnapshot(early)).toBe(canonicalSnapshot(late));
  expect(canonicalSnapshot(early)).not.toBe(
    canonicalSnapshot({ ...late, connection: { ...late.connection, timeWaitDeadline: 68000 } }),
  );
});
