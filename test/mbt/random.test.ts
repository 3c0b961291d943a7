/** random — fast-check event sequences through the same adapter, shrunk on failure. */
import { checkRandomPaths } from '../../src/mbt/random';
import { graphFor, sutFor } from './fixtures';

test('random event sequences (up to 40 events, 300 runs) agree with the model', () => {
  const graph = graphFor('rfc9293');
  const steps = checkRandomPaths(graph, sutFor(graph), { runs: 300, maxLength: 40 });
  expect(steps).toBeGreaterThan(0);
});
