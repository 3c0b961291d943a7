/**
 * The model input's bounds (src/mbt/modelInput.ts), as the library meets
 * them: `buildModelGraph` refuses an input outside them with a
 * ModelInputError naming the field, before any traversal (an RTO of -1 or a
 * thousand retries would otherwise build for minutes, or forever).
 */
import { DEFAULT_INPUT, type TcpInput } from '../../machines/tcp.machine';
import { LINUX_PROFILES } from '../../src/linux/profile';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { checkModelInput, MAX_RETRIES_LIMIT, ModelInputError } from '../../src/mbt/modelInput';
import { PROFILES } from './profiles';

function refusal(input: unknown): ModelInputError {
  try {
    buildModelGraph(input as TcpInput);
  } catch (error) {
    if (error instanceof ModelInputError) return error;
    throw error;
  }
  throw new Error(`buildModelGraph accepted ${JSON.stringify(input)}`);
}

test.each([
  [{ rto: -1 }, 'rto', 'rto takes a whole number of ms from 1 to 3600000, got -1'],
  [{ maxRetries: 1000 }, 'maxRetries', `maxRetries takes a whole number from 0 to ${MAX_RETRIES_LIMIT}, got 1000`],
  [{ msl: 0 }, 'msl', 'msl takes a whole number of ms from 1 to 3600000, got 0'],
  [{ maxRto: 1.5 }, 'maxRto', 'maxRto takes a whole number of ms from 1 to 3600000, got 1.5'],
  [{ minRto: Number.NaN }, 'minRto', 'minRto takes a whole number of ms from 1 to 3600000, got NaN'],
  [{ retryTimeLimit: -1 }, 'retryTimeLimit', 'retryTimeLimit takes a whole number of ms from 0 to 3600000, got -1'],
  [{ rfc1337: 1 }, 'rfc1337', 'rfc1337 takes true or false, got 1'],
])('buildModelGraph(%j) is a ModelInputError naming %s, thrown before any traversal', (input, field, message) => {
  const started = performance.now();
  const error = refusal(input);
  expect({ field: error.field, message: error.message }).toEqual({ field, message });
  // The refusal comes before the traversal, which takes over a second for the smallest input.
  expect(performance.now() - started).toBeLessThan(500);
});

test('a time-based retry limit that allows more retransmissions than maxRetries may is refused', () => {
  // RTO 1 ms, never backed off past 1 ms: an hour of retries would be millions of snapshots.
  const error = refusal({ rto: 1, maxRto: 1, retryTimeLimit: 3_600_000 });
  expect(error.field).toBe('retryTimeLimit');
  expect(error.message).toBe(
    `retryTimeLimit 3600000 ms allows more than ${MAX_RETRIES_LIMIT} retransmissions at these RTOs (the limit of maxRetries)`,
  );
});

test('every profile the project runs is within the bounds: the tests, the Linux profiles, the defaults', () => {
  const { rfc1337, ...defaults } = DEFAULT_INPUT;
  for (const input of [...PROFILES, ...LINUX_PROFILES]
    .map((profile) => profile.input)
    .concat([{ ...defaults, rfc1337 }])) {
    expect(checkModelInput(input, '')).toBe(input);
  }
});

test('the limit of maxRetries is itself a graph that builds', () => {
  const graph = buildModelGraph({ maxRetries: MAX_RETRIES_LIMIT });
  expect(graph.nodes.length).toBeGreaterThan(buildModelGraph({ maxRetries: 2 }).nodes.length);
});
