/**
 * The main job as a function: `runCheck` runs suites against a system under
 * test and counts what they cover and what failed, each failure kept with its
 * path and failing step; `parseSuiteName` decides which names are suites.
 * The lying implementation (test/cli/lyingSut.ts) reports ESTABLISHED where
 * TcpConnection is in SYN-RECEIVED.
 */
import { TCP_STATES } from '../../machines/tcp.machine';
import { parseSuiteName, runCheck, type CheckReport } from '../../src/mbt/checkRun';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { formatPathResult } from '../../src/mbt/runner';
import { buildSuite, UnknownSuiteError } from '../../src/mbt/suites';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { LYING_SUT_NAME, lyingSut } from '../cli/lyingSut';

const [RFC9293] = TEST_PROFILES;

describe('parseSuiteName', () => {
  test.each([['states'], ['transitions'], ['simple'], ['sneak'], ['switch:0'], ['switch:4']])(
    '%s is a fixed list of paths',
    (name) => {
      expect(parseSuiteName(name)).toEqual({ kind: 'fixed' });
    },
  );

  test.each([
    ['depth:1', 1],
    ['depth:12', 12],
  ])('%s runs every sequence up to depth %d', (name, depth) => {
    expect(parseSuiteName(name)).toEqual({ kind: 'depth', depth });
  });

  test('random is property-based', () => {
    expect(parseSuiteName('random')).toEqual({ kind: 'random' });
  });

  test.each([['nope'], ['switch:5'], ['switch:N'], ['depth:0'], ['depth:13'], ['depth:x'], ['States'], ['']])(
    '%j is refused with an UnknownSuiteError naming it',
    (name) => {
      const refusal = (() => {
        try {
          parseSuiteName(name);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refusal).toBeInstanceOf(UnknownSuiteError);
      expect((refusal as UnknownSuiteError).suite).toBe(name);
    },
  );
});

describe('runCheck', () => {
  test('states against TcpConnection: 11 paths, every state covered, nothing failed, run on the first profile only', () => {
    const progress: { suite: string; profile: string; done: number; total: number }[] = [];
    const report = runCheck((graph) => new TcpConnectionSut(graph.input), {
      suites: ['states'],
      onProgress: (update) => progress.push(update),
    });
    expect(report).toMatchObject({ sut: 'TcpConnection', paths: 11, failures: 0, passed: true });
    expect(report.steps).toBeGreaterThan(report.paths);
    // Later profiles only add the transitions the first cannot take: states runs once.
    expect(report.runs.map((run) => [run.suite, run.profile, run.failures.length])).toEqual([
      ['states', RFC9293!.name, 0],
    ]);
    expect(report.coverage.states).toMatchObject({ covered: TCP_STATES.length, total: TCP_STATES.length });
    expect(report.coverage.missing.states).toEqual([]);
    expect(progress.at(-1)).toEqual({ suite: 'states', profile: RFC9293!.name, done: 11, total: 11 });
  });

  test('depth:4 reports its progress against the sequences counted beforehand: the bar moves and ends full', () => {
    const progress: { done: number; total: number }[] = [];
    const report = runCheck((graph) => new TcpConnectionSut(graph.input), {
      suites: ['depth:4'],
      profiles: [RFC9293!],
      onProgress: ({ done, total }) => progress.push({ done, total }),
    });
    const sequences = report.runs[0]!.steps;
    expect(sequences).toBe(34_533);
    // runDepth reports every 10,000 steps, then the run ends.
    expect(progress).toEqual([
      { done: 10_000, total: sequences },
      { done: 20_000, total: sequences },
      { done: 30_000, total: sequences },
      { done: sequences, total: sequences },
    ]);
  });

  test("the time compiling the model graphs is kept apart from the suites' time", () => {
    const report = runCheck((graph) => new TcpConnectionSut(graph.input), { suites: ['states'] });
    const suitesMs = report.runs.reduce((sum, run) => sum + run.ms, 0);
    expect(report.graphMs).toBeGreaterThan(0);
    expect(report.graphMs + suitesMs).toBeLessThanOrEqual(report.ms);
  });

  test('an unknown suite is refused before any implementation is built or run', () => {
    const makeSut = jest.fn((graph: Parameters<typeof lyingSut>[0]) => new TcpConnectionSut(graph.input));
    expect(() => runCheck(makeSut, { suites: ['states', 'nope'] })).toThrow(UnknownSuiteError);
    expect(makeSut).not.toHaveBeenCalled();
  });

  describe('against an implementation that says ESTABLISHED in SYN-RECEIVED', () => {
    let report: CheckReport;
    let throughSynReceived: string[];

    beforeAll(() => {
      report = runCheck(lyingSut, { suites: ['states'], profiles: [RFC9293!] });
      throughSynReceived = buildSuite(buildModelGraph(RFC9293!.input), 'states')
        .map((path) => path.name)
        .filter((name) => name.includes('-> SYN_RECEIVED'));
    });

    test('fails, counting every path that passes through SYN-RECEIVED and no other', () => {
      expect(throughSynReceived.length).toBeGreaterThan(0);
      expect(report).toMatchObject({
        sut: LYING_SUT_NAME,
        paths: 11,
        failures: throughSynReceived.length,
        passed: false,
      });
      expect(report.runs[0]!.failures).toHaveLength(throughSynReceived.length);
    });

    test('keeps each failing path with its failing step: the one into SYN-RECEIVED, expected beside seen', () => {
      for (const failure of report.runs[0]!.failures) {
        const failing = failure.steps[failure.failedAt]!;
        expect(failure.steps).toHaveLength(failure.failedAt + 1);
        expect(failing.step.to).toBe('SYN_RECEIVED');
        expect(failing.observed.state).toBe('ESTABLISHED');
        expect(failing.differences).toEqual(['state ESTABLISHED, expected SYN_RECEIVED']);
      }
    });

    test('the failing path prints whole, the failing step marked', () => {
      const [failure] = report.runs[0]!.failures;
      const lines = formatPathResult(failure!).split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toBe('   1. CLOSED -PASSIVE_OPEN-> LISTEN');
      expect(lines[1]).toBe('>> 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK');
      // What was seen on the wire, as packetdrill writes it (the options are the implementation's business).
      expect(lines[2]).toMatch(/^ {8}sent S\. 1000:1000\(0\) ack 5001 win \d+/);
      expect(lines[3]).toBe('        MISMATCH: state ESTABLISHED, expected SYN_RECEIVED');
    });
  });
});
