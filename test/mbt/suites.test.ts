/**
 * Every path of every generated suite against TcpConnection, each its own
 * test, named after the path it walks.
 */
import { coverageOf, coverageReport, modelTotals, unionCovered } from '../../src/mbt/coverage';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { isLinuxProfileRow, transitionTable } from '../../src/model/transitionTable';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { FIXED_SUITES, buildSuite, transitionsSuite } from '../../src/mbt/suites';
import { expectPathPasses, graphFor, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const sut = sutFor(graph);

describe.each(FIXED_SUITES)('suite %s', (suite) => {
  const paths = buildSuite(graph, suite).map((path) => [path.name, path.events] as const);
  test.each(paths)('%s', (_name, events) => expectPathPasses(graph, sut, events));
});

// RFC 1337's branch (ignore a RST in TIME-WAIT) only exists with rfc1337 set.
describe('suite transitions, rfc1337 profile (the edges the default profile cannot take)', () => {
  const rfc1337 = graphFor('rfc1337');
  const rfc1337Sut = sutFor(rfc1337);
  const defaultDefinitions = coverageOf(graph, transitionsSuite(graph)).covered().transitions;
  const paths = transitionsSuite(
    rfc1337,
    (edge) => edge.transition !== null && !defaultDefinitions.has(edge.transition),
  );
  test.each(paths.map((path) => [path.name, path.events] as const))('%s', (_name, events) =>
    expectPathPasses(rfc1337, rfc1337Sut, events),
  );
});

describe('coverage of the suites', () => {
  const rfc1337 = graphFor('rfc1337');
  const covered = unionCovered([
    coverageOf(
      graph,
      FIXED_SUITES.flatMap((suite) => buildSuite(graph, suite)),
    ).covered(),
    coverageOf(rfc1337, transitionsSuite(rfc1337)).covered(),
  ]);
  const report = coverageReport(covered, graph, modelTotals([graph, rfc1337]));

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

  test("the branches these profiles cannot take are the Linux profile's, and with it every definition is reachable", () => {
    const linuxRows = new Set(
      transitionTable()
        .filter(isLinuxProfileRow)
        .map((row) => `${row.from} ${row.event} #${row.branch}`),
    );
    expect(report.otherProfiles.filter((id) => !linuxRows.has(id))).toEqual([]);
    const linuxGraphs = LINUX_PROFILES.map((profile) => buildModelGraph(profile.input));
    expect(modelTotals([graph, rfc1337, ...linuxGraphs]).otherProfiles).toEqual([]);
  });

  test('switch:1 covers every pair of consecutive transitions the model can take', () => {
    const pairs = coverageOf(graph, buildSuite(graph, 'switch:1')).report().transitionPairs;
    expect(pairs.covered).toBe(pairs.total);
  });
});
