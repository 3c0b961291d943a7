/**
 * The path suites as StrykerJS runs them against each mutant of src/tcp
 * (`npm run mutate`, with jest.mutation.config.js; not part of `npm test`,
 * which runs the same suites in ../suites.test.ts, ../depth.test.ts,
 * ../random.test.ts and ../variations.test.ts). One jest test per suite,
 * each a loop over its paths: nothing here is written by hand but the choice
 * of suites, and the loops spare each mutant run the cost of ~35,000 jest
 * tests. switch:2, depth:5 and longer random runs are left out: they cost
 * more than all the others together. With TCP_STATECHART_MUTATION_SUITES=extended
 * they run too, after the others (docs/mutation.md: they kill nothing more).
 */
import { runDepth } from '../../../src/mbt/depth';
import { checkRandomPaths } from '../../../src/mbt/random';
import { formatPathResult } from '../../../src/mbt/runner';
import { buildSuite } from '../../../src/mbt/suites';
import { TcpConnectionSut } from '../../../src/mbt/tcpConnectionSut';
import { expectEveryEdgePasses, expectPathPasses } from '../fixtures';
import { TIMER_PROFILE, WRAPPING_ISS } from '../profiles';
import { loadGraph } from './graphCache';

const graph = loadGraph('rfc9293');

/**
 * StrykerJS cannot make jest bail inside a file, so the file bails itself:
 * once one suite has found a disagreement the mutant is killed, and the
 * suites after it fail at once instead of running (each says so).
 */
let firstFailure: string | null = null;
function suiteTest(name: string, body: () => void): void {
  test(name, () => {
    if (firstFailure !== null) throw new Error(`not run: suite ${firstFailure} already failed`);
    try {
      body();
    } catch (error) {
      firstFailure = name;
      throw error;
    }
  });
}

// Jest runs a file's tests in order: the cheap suites that kill most mutants come first.
for (const suite of ['sneak', 'switch:1', 'states', 'simple']) {
  suiteTest(suite, () => {
    const sut = new TcpConnectionSut(graph.input);
    for (const path of buildSuite(graph, suite)) expectPathPasses(graph, sut, path.events);
  });
}

suiteTest('depth:4', () => {
  const result = runDepth(graph, new TcpConnectionSut(graph.input), 4);
  const failure = result.failures[0];
  if (failure !== undefined) throw new Error(`disagreement:\n${formatPathResult(failure)}`);
});

suiteTest('random (300 paths of up to 40 events, fixed seed)', () => {
  checkRandomPaths(graph, new TcpConnectionSut(graph.input), { runs: 300, maxLength: 40, seed: 9293 });
});

suiteTest('transitions', () => {
  expect(expectEveryEdgePasses(graph, new TcpConnectionSut(graph.input))).toBe(graph.edges.length);
});

// Every edge, not only the RFC 1337 branch: the option must change nothing else.
suiteTest('transitions, rfc1337 profile', () => {
  const rfc1337 = loadGraph('rfc1337');
  expectEveryEdgePasses(rfc1337, new TcpConnectionSut(rfc1337.input));
});

// The profiles npm test's suites.test.ts judges apart: RECEIVE and the bounded receive buffer exist only in rcvbuf,
// delayed ACKs off only in quickack, a SEND segmentized by SND.MSS only in bigsend, the USER TIMEOUT only in
// usertimeout.
for (const profile of ['rcvbuf', 'quickack', 'bigsend', 'usertimeout']) {
  suiteTest(`transitions, ${profile} profile`, () => {
    const profileGraph = loadGraph(profile);
    expectEveryEdgePasses(profileGraph, new TcpConnectionSut(profileGraph.input));
  });
}

suiteTest('transitions, ISS 5 below 2^32', () => {
  expectEveryEdgePasses(graph, new TcpConnectionSut(graph.input, { iss: WRAPPING_ISS }));
});

suiteTest('transitions and switch:1, timer settings all apart', () => {
  const timers = loadGraph(TIMER_PROFILE.name);
  const sut = new TcpConnectionSut(timers.input);
  expectEveryEdgePasses(timers, sut);
  for (const path of buildSuite(timers, 'switch:1')) expectPathPasses(timers, sut, path.events);
});

if (process.env.TCP_STATECHART_MUTATION_SUITES === 'extended') {
  suiteTest('switch:2', () => {
    const sut = new TcpConnectionSut(graph.input);
    for (const path of buildSuite(graph, 'switch:2')) expectPathPasses(graph, sut, path.events);
  });

  suiteTest('depth:5', () => {
    const failure = runDepth(graph, new TcpConnectionSut(graph.input), 5).failures[0];
    if (failure !== undefined) throw new Error(`disagreement:\n${formatPathResult(failure)}`);
  });

  suiteTest('random (5000 paths of up to 60 events, another seed)', () => {
    checkRandomPaths(graph, new TcpConnectionSut(graph.input), { runs: 5000, maxLength: 60, seed: 1337 });
  });

  suiteTest('switch:2 and depth:5, timer settings all apart', () => {
    const timers = loadGraph(TIMER_PROFILE.name);
    const sut = new TcpConnectionSut(timers.input);
    for (const path of buildSuite(timers, 'switch:2')) expectPathPasses(timers, sut, path.events);
    const failure = runDepth(timers, sut, 5).failures[0];
    if (failure !== undefined) throw new Error(`disagreement:\n${formatPathResult(failure)}`);
  });
}
