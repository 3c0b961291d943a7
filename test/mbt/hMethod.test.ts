/**
 * h:k, the H-method (src/mbt/hMethod.ts): its paths are paths of the model,
 * they meet the sufficient conditions of m-completeness as judged by an
 * oracle apart from the generator (./hConditions.ts), as wp:k's do, in fewer
 * steps, and they pass against TcpConnection. What it catches that
 * `transitions` does not is in ./faultyAdapters.test.ts.
 */
import { hMethodPairCount, hMethodSequences } from '../../src/mbt/hMethod';
import { walk, type ModelEventType } from '../../src/mbt/modelGraph';
import { buildSuite } from '../../src/mbt/suites';
import { checkSuiteWork, MAX_SUITE_WORK, SuiteTooLargeError } from '../../src/mbt/suiteSize';
import { MAX_EXTRA_STATES } from '../../src/mbt/wMethod';
import { expectPathsPass, graphFor, sutFor } from './fixtures';
import { checkHConditions } from './hConditions';

const graph = graphFor('rfc9293');
const suites = new Map<string, (readonly ModelEventType[])[]>();

/** The suite's event sequences, built once per test file. */
function events(name: string): (readonly ModelEventType[])[] {
  if (!suites.has(name))
    suites.set(
      name,
      buildSuite(graph, name).map((path) => path.events),
    );
  return suites.get(name)!;
}

const steps = (name: string) => events(name).reduce((sum, path) => sum + path.length, 0);

test.each(['h:0'])('%s: paths of the model, each once, none a prefix of another', (name) => {
  const paths = events(name);
  const keys = new Set(paths.map((path) => path.join(' ')));
  expect(keys.size).toBe(paths.length);
  const prefixes = paths.filter((path) => {
    walk(graph, path);
    return path.some((_, length) => keys.has(path.slice(0, length).join(' ')));
  });
  expect(prefixes).toEqual([]);
});

test('h:0 is the same list, in the same order, each time it is built', () => {
  expect(hMethodSequences(graph, 0)).toEqual(events('h:0'));
});

// h:1 is over the limit of src/mbt/suiteSize.ts on the model with the peer's window (10.4 million pairs); wp:1, which
// fits, is judged for k = 1 by the oracle in ./faultyAdapters.test.ts's terms: it fails both faulty TCPs.
describe.each([
  ['h', 0],
  ['wp', 0],
])('%s:%i', (method, k) => {
  test(`tells apart every pair the H-method's conditions for ${k} extra state${k === 1 ? '' : 's'} name, as the oracle judges it`, () => {
    const report = checkHConditions(graph, events(`${method}:${k}`), k);
    expect(report.pairs).toBeGreaterThan(0);
    expect(report.unmet).toEqual([]);
  });
});

test('the oracle is no rubber stamp: transitions tells no classes apart, and wp:0 leaves out traversals of two inputs', () => {
  expect(checkHConditions(graph, events('transitions'), 0).unmet).toContainEqual(
    expect.stringMatching(/^cover .* \/ /),
  );
  const wp0 = checkHConditions(graph, events('wp:0'), 1).unmet;
  expect(wp0).toContainEqual(expect.stringMatching(/^traversal .* missing$/));
});

test.each([0])('for k = %i, h:k runs fewer steps and paths than wp:k', (k) => {
  expect(steps(`h:${k}`)).toBeLessThan(steps(`wp:${k}`));
  expect(events(`h:${k}`).length).toBeLessThan(events(`wp:${k}`).length);
});

test('h:0 passes against TcpConnection: every path agrees with the model at every step', () => {
  expectPathsPass(graph, sutFor(graph), events('h:0'));
});

test(`k runs from 0 to ${MAX_EXTRA_STATES}`, () => {
  expect(() => hMethodSequences(graph, MAX_EXTRA_STATES + 1)).toThrow(
    new RangeError(`h:k takes k from 0 to ${MAX_EXTRA_STATES}, got ${MAX_EXTRA_STATES + 1}`),
  );
});

describe('the work of h:k, counted before it is built', () => {
  test('is a count of pairs, growing with k', () => {
    const counts = [0, 1, 2].map((k) => hMethodPairCount(graph, k));
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(counts[2]).toBeGreaterThan(counts[1]!);
    expect(checkSuiteWork(graph, 'h:0')).toMatchObject({
      amount: counts[0],
      unit: 'pairs of test sequences to tell apart',
    });
  });

  test.each([1, 2])(
    'h:%i, over the limit on this model, is refused with its figure before it is built, as the command line refuses it',
    (k) => {
      const amount = hMethodPairCount(graph, k);
      expect(amount).toBeGreaterThan(MAX_SUITE_WORK);
      const refusal = `h:${k} is ${amount.toLocaleString('en-US')} pairs of test sequences to tell apart, over the limit of 15,000,000 a suite may run (h:0 is the largest that fits)`;
      expect(() => checkSuiteWork(graph, `h:${k}`)).toThrow(refusal);
      expect(() => buildSuite(graph, `h:${k}`)).toThrow(SuiteTooLargeError);
    },
  );
});
