/**
 * Every path of every generated suite against TcpConnection, each its own
 * test, named after the path it walks.
 */
import { coverageOf, coverageReport, modelTotals, unionCovered } from '../../src/mbt/coverage';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { isProfileRow, transitionTable } from '../../src/model/transitionTable';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { FIXED_SUITES, buildSuite, transitionsSuite } from '../../src/mbt/suites';
import { expectPathPasses, graphFor, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const sut = sutFor(graph);

describe.each(FIXED_SUITES)('suite %s', (suite) => {
  const paths = buildSuite(graph, suite).map((path) => [path.name, path.events] as const);
  test.each(paths)('%s', (_name, events) => expectPathPasses(graph, sut, events));
});

// RFC 1337's branch (ignore a RST in TIME-WAIT) only exists with rfc1337 set; the immediate ACK of a
// first segment of text while our data or FIN is outstanding only with delayed ACKs off (quickack).
describe.each(['rfc1337', 'quickack'])(
  'suite transitions, %s profile (the edges the default profile cannot take)',
  (name) => {
    const extra = graphFor(name);
    const extraSut = sutFor(extra);
    const defaultDefinitions = coverageOf(graph, transitionsSuite(graph)).covered().transitions;
    const paths = transitionsSuite(
      extra,
      (edge) => edge.transition !== null && !defaultDefinitions.has(edge.transition),
    );
    test.each(paths.map((path) => [path.name, path.events] as const))('%s', (_name, events) =>
      expectPathPasses(extra, extraSut, events),
    );
  },
);

describe('coverage of the suites', () => {
  const rfc1337 = graphFor('rfc1337');
  const quickack = graphFor('quickack');
  const covered = unionCovered([
    coverageOf(
      graph,
      FIXED_SUITES.flatMap((suite) => buildSuite(graph, suite)),
    ).covered(),
    coverageOf(rfc1337, transitionsSuite(rfc1337)).covered(),
    coverageOf(quickack, transitionsSuite(quickack)).covered(),
  ]);
  const report = coverageReport(covered, graph, modelTotals([graph, rfc1337, quickack]));

  test('every state is covered', () => {
    expect(report.missing.states).toEqual([]);
  });

  test('every transition definition is covered, delayed ones included', () => {
    expect(report.missing.transitions).toEqual([]);
    expect(report.delayedTransitions.covered).toBe(report.delayedTransitions.total);
  });

  test('every state × event pair is covered', () => {
    expect(report.missing.stateEventPairs).toEqual([]);
  });

  test('every guard is seen both true and false', () => {
    expect(report.missing.guardOutcomes).toEqual([]);
  });

  test("the branches these profiles cannot take are the other profiles' (Linux, lwIP), and with them every definition is reachable", () => {
    const profileRows = new Set(
      transitionTable()
        .filter(isProfileRow)
        .map((row) => `${row.from} ${row.event} #${row.branch}`),
    );
    expect(report.otherProfiles.filter((id) => !profileRows.has(id))).toEqual([]);
    const profileGraphs = [...LINUX_PROFILES, ...LWIP_PROFILES].map((profile) =>
      buildModelGraph(profile.input, profile.machine),
    );
    expect(modelTotals([graph, rfc1337, quickack, ...profileGraphs]).otherProfiles).toEqual([]);
  });

  test('switch:1 covers every pair of consecutive transitions the model can take', () => {
    const pairs = coverageOf(graph, buildSuite(graph, 'switch:1')).report().transitionPairs;
    expect(pairs.covered).toBe(pairs.total);
  });
});
