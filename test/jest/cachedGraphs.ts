/**
 * jest `setupFiles`, run before each test file: `buildModelGraph` reads the
 * graph of a test profile that an earlier file compiled (test/mbt/graphCache.ts)
 * and compiles it only the first time in the run. Everything else of
 * src/mbt/modelGraph.ts is the module itself, and so is a build of any other
 * input or machine. The CLI's commands, which compile the graph anew for
 * each command, get the same graph as the library-level tests.
 */
import type * as GraphCache from '../mbt/graphCache';
import type * as ModelGraph from '../../src/mbt/modelGraph';
import type * as TcpMachine from '../../machines/tcp.machine';

jest.mock('../../src/mbt/modelGraph', () => {
  const actual = jest.requireActual<typeof ModelGraph>('../../src/mbt/modelGraph');
  const { tcpMachine } = jest.requireActual<typeof TcpMachine>('../../machines/tcp.machine');
  const { cachedGraph } = jest.requireActual<typeof GraphCache>('../mbt/graphCache');
  const buildModelGraph: typeof actual.buildModelGraph = (input = {}, machine = tcpMachine) =>
    cachedGraph(input, machine, () => actual.buildModelGraph(input, machine));
  return { ...actual, buildModelGraph };
});
