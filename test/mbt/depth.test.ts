/**
 * depth:4 — every input sequence of up to four events from CLOSED, ignored
 * events included, split into one test per first event.
 */
import { runDepth } from '../../src/mbt/depth';
import { formatPathResult } from '../../src/mbt/runner';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { graphFor } from './fixtures';

const DEPTH = 4;
const graph = graphFor('rfc9293');
const firstEvents = graph.nodes[graph.initial]!.edges.map((edge) => edge.event);

test.each(firstEvents)(`depth:${DEPTH} from CLOSED -%s->`, (first) => {
  const result = runDepth(graph, new TcpConnectionSut(graph.input), DEPTH, { prefix: [first] });
  const failure = result.failures[0];
  if (failure !== undefined) throw new Error(`disagreement:\n${formatPathResult(failure)}`);
  expect(result.steps).toBeGreaterThan(0);
});

test('depth-first runs restore instead of replaying: the same steps as the sequences counted', () => {
  const result = runDepth(graph, new TcpConnectionSut(graph.input), 2);
  const sequencesOfLengthOne = graph.nodes[graph.initial]!.edges.length;
  const sequencesOfLengthTwo = graph.nodes[graph.initial]!.edges.reduce(
    (sum, edge) => sum + graph.nodes[edge.to]!.edges.length,
    0,
  );
  expect(result.steps).toBe(sequencesOfLengthOne + sequencesOfLengthTwo);
});
