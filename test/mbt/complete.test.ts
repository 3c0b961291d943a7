/**
 * The suites from FSM testing theory: the minimal Mealy machine, the
 * distinguishing sequences, the transition tour and the W/Wp suites, each
 * checked against the compiled graph they come from and run against
 * TcpConnection.
 */
import { characterizingSet, formatCharacterizingSet } from '../../src/mbt/distinguish';
import { minimize, outputOf } from '../../src/mbt/mealy';
import { walk, type ModelEventType, type ModelGraph } from '../../src/mbt/modelGraph';
import { runPath } from '../../src/mbt/runner';
import { buildSuite, transitionsSuite } from '../../src/mbt/suites';
import { transitionTour } from '../../src/mbt/tour';
import { stateCover, wpMethodSequences } from '../../src/mbt/wMethod';
import { expectPathsPass, graphFor, sutFor } from './fixtures';

const graph = graphFor('rfc9293');
const machine = minimize(graph);

/** The model's outputs along `events` from snapshot `from`; a timer another one precedes is not offered. */
function outputsFrom(model: ModelGraph, from: number, events: readonly ModelEventType[]): string[] {
  const outputs: string[] = [];
  let node = model.nodes[from]!;
  for (const event of events) {
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) return [...outputs, 'not offered'];
    outputs.push(outputOf(model, edge));
    node = model.nodes[edge.to]!;
  }
  return outputs;
}

describe('the minimal Mealy machine', () => {
  test('merges the 5228 snapshots of the maxRetries: 2 model into 1538 classes', () => {
    expect([graph.nodes.length, machine.states.length]).toEqual([5228, 1538]);
  });

  test('the snapshots of a class agree on every input: same output, same next class', () => {
    const disagreeing: string[] = [];
    for (const block of machine.states) {
      for (const member of block.members) {
        for (const edge of graph.nodes[member]!.edges) {
          const next = block.next.get(edge.event);
          if (next === undefined || next.to !== machine.blockOf[edge.to] || next.output !== outputOf(graph, edge))
            disagreeing.push(`${member} ${edge.event}`);
        }
      }
    }
    expect(disagreeing).toEqual([]);
  });
});

describe('distinguishing sequences', () => {
  const { distinctions } = characterizingSet(machine);

  test('every pair of classes of one state has one, and on it the two answer alike until its last step', () => {
    expect(distinctions.length).toBe(361103);
    const wrong = distinctions.filter(({ a, b, sequence }) => {
      const outputsA = outputsFrom(graph, machine.states[a]!.representative, sequence);
      const outputsB = outputsFrom(graph, machine.states[b]!.representative, sequence);
      return outputsA.slice(0, -1).join() !== outputsB.slice(0, -1).join() || outputsA.at(-1) === outputsB.at(-1);
    });
    expect(wrong).toEqual([]);
  });

  test('the listing names what the pairs differ in', () => {
    const listing = formatCharacterizingSet(graph);
    expect(listing).toMatch(/^5228 snapshots, 1538 after merging equivalent ones; 361103 pairs/);
    expect(listing).toContain('SYN_SENT: after RTO — separates');
    expect(listing).toContain('retries');
  });
});

describe('tour', () => {
  const tour = transitionTour(graph);

  test('takes every edge of the compiled graph, in a third of the steps of the transitions suite', () => {
    const taken = new Set(walk(graph, tour).map((edge) => edge.index));
    expect(taken.size).toBe(graph.edges.length);
    const transitionsSteps = transitionsSuite(graph).reduce((sum, path) => sum + path.events.length, 0);
    expect([tour.length, transitionsSteps]).toEqual([328873, 1075410]);
  });

  test('passes against TcpConnection', () => {
    expect(runPath(graph, sutFor(graph), tour).failedAt).toBe(-1);
  });
});

describe.each([
  ['w:0', 128007],
  ['wp:0', 66724],
])('suite %s', (suite, count) => {
  const paths = buildSuite(graph, suite);

  test(`has ${count} paths, each a path of the model and none a prefix of another`, () => {
    expect(paths.length).toBe(count);
    const keys = new Set(paths.map((path) => path.events.join(' ')));
    expect(keys.size).toBe(paths.length);
    const prefixes = paths.filter((path) => {
      walk(graph, path.events);
      return path.events.some((_, length) => keys.has(path.events.slice(0, length).join(' ')));
    });
    expect(prefixes).toEqual([]);
  });

  test('passes against TcpConnection: every path agrees with the model at every step', () => {
    expectPathsPass(
      graph,
      sutFor(graph),
      paths.map((path) => path.events),
    );
  });
});

test('wp:1 reaches, after every transition and one more input, the identification set of the snapshot reached', () => {
  const sequences = wpMethodSequences(graph, 1);
  const { identification } = characterizingSet(machine);
  const keys = sequences.map((events) => events.join(' '));
  // The first ESTABLISHED class, its SEND transition, then RCV_ACK, then each W_i of where it lands: each is some test's prefix.
  const established = machine.states.find((block) => block.state === 'ESTABLISHED')!;
  const prefix: ModelEventType[] = [...stateCover(machine)[established.id]!, 'SEND', 'RCV_ACK'];
  const landed = machine.blockOf[walk(graph, prefix).at(-1)!.to]!;
  for (const tail of identification[landed]!) {
    const wanted = [...prefix, ...tail].join(' ');
    expect(keys.some((key) => key === wanted || key.startsWith(`${wanted} `))).toBe(true);
  }
});
