/**
 * Every path of every generated suite against TcpConnection, one test per
 * suite: the paths are walked as the tree of their common prefixes
 * (`expectPathsPass`), so each step of each path is judged as a replay from
 * CLOSED judges it while each shared prefix runs once, and a failure prints
 * the whole path from CLOSED with the failing step marked.
 */
import { coverageOf, coverageReport, modelTotals, unionCovered } from '../../src/mbt/coverage';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { isProfileRow, transitionTable } from '../../src/model/transitionTable';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { FIXED_SUITES, buildSuite, transitionsSuite, type ModelPath } from '../../src/mbt/suites';
import { expectPathsPass, graphFor, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const sut = sutFor(graph);
const suites = new Map<string, ModelPath[]>();

/** A suite of the default profile, built once per test file (switch:2 takes seconds). */
function suite(name: string): ModelPath[] {
  if (!suites.has(name)) suites.set(name, buildSuite(graph, name));
  return suites.get(name)!;
}

test.each(FIXED_SUITES)('suite %s: every path agrees with the model at every step', (name) => {
  const paths = suite(name);
  expect(paths.length).toBeGreaterThan(0);
  expectPathsPass(
    graph,
    sut,
    paths.map((path) => path.events),
  );
});

// What the default profile cannot reach: RFC 1337's branch (ignore a RST in TIME-WAIT) only exists with rfc1337
// set; RECEIVE and the receive buffer's branches only with a bounded buffer (rcvbuf); the USER TIMEOUT's only with
// one set (usertimeout). Each profile's paths are the edges that take a definition or a guard outcome the default
// profile's transitions suite does not.
test.each(['rfc1337', 'rcvbuf', 'usertimeout'])(
  'suite transitions, %s profile (the edges the default profile cannot take): every path agrees at every step',
  (name) => {
    const extra = graphFor(name);
    const byDefault = coverageOf(graph, transitionsSuite(graph)).covered();
    const paths = transitionsSuite(
      extra,
      (edge) =>
        edge.transition !== null &&
        (!byDefault.transitions.has(edge.transition) ||
          edge.guards.some(({ guard, value }) => !byDefault.guardOutcomes.has(`${guard}=${value}`))),
    );
    expect(paths.length).toBeGreaterThan(0);
    expectPathsPass(
      extra,
      sutFor(extra),
      paths.map((path) => path.events),
    );
  },
);

// Delayed ACKs off (quickack) takes no definition or guard outcome of its own since out-of-order text came
// (the filled hole is acknowledged at once in every profile), but every ACK leaves at once where the default
// delays it. A SEND of two segments' worth (bigsend) takes none either: every SEND puts several segments in
// flight, so the edges after it are the default's on other snapshots, with the segmentation by SND.MSS and the
// resending of one MSS checked byte for byte. Their whole transitions suites (bigsend's: 740,423 steps).
test.each(['quickack', 'bigsend'])('suite transitions, %s profile: every path agrees at every step', (name) => {
  const profileGraph = graphFor(name);
  expectPathsPass(
    profileGraph,
    sutFor(profileGraph),
    transitionsSuite(profileGraph).map((path) => path.events),
  );
});

describe('coverage of the suites', () => {
  const rfc1337 = graphFor('rfc1337');
  const quickack = graphFor('quickack');
  const rcvbuf = graphFor('rcvbuf');
  const usertimeout = graphFor('usertimeout');
  const covered = unionCovered([
    coverageOf(
      graph,
      FIXED_SUITES.flatMap((name) => suite(name)),
    ).covered(),
    coverageOf(rfc1337, transitionsSuite(rfc1337)).covered(),
    coverageOf(quickack, transitionsSuite(quickack)).covered(),
    coverageOf(rcvbuf, transitionsSuite(rcvbuf)).covered(),
    coverageOf(usertimeout, transitionsSuite(usertimeout)).covered(),
  ]);
  const report = coverageReport(covered, graph, modelTotals([graph, rfc1337, quickack, rcvbuf, usertimeout]));

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
    expect(modelTotals([graph, rfc1337, quickack, rcvbuf, usertimeout, ...profileGraphs]).otherProfiles).toEqual([]);
  });

  test('switch:1 covers every pair of consecutive transitions the model can take', () => {
    const pairs = coverageOf(graph, suite('switch:1')).report().transitionPairs;
    expect(pairs.covered).toBe(pairs.total);
  });
});
