/**
 * `tcp-statechart paths --suite <name> [--json]`: the paths a suite of the
 * path tests generates from the model, one per line
 * (`CLOSED -ACTIVE_OPEN-> SYN_SENT -after RTO-> SYN_SENT`), or as JSON with
 * their events. The model runs with the test profile the suites use
 * (`maxRetries: 2`) unless `--max-retries` or `--rfc1337` say otherwise.
 */
import type { Command } from 'commander';
import type { TcpInput } from '../../../machines/tcp.machine';
import { buildModelGraph, type ModelGraph } from '../../mbt/modelGraph';
import { TEST_PROFILES } from '../../mbt/profiles';
import { boundText, checkNumberField, ModelInputError } from '../../mbt/modelInput';
import { buildSuite, type ModelPath } from '../../mbt/suites';
import { checkSuiteWork, MAX_SUITE_WORK } from '../../mbt/suiteSize';
import type { CliStreams } from '../streams';
import { PATH_SUITE_NAMES, suiteKind, unknownSuiteMessage } from '../suiteNames';

export interface PathsOptions {
  readonly suite: string;
  readonly json?: boolean;
  readonly maxRetries?: string;
  readonly rfc1337?: boolean;
}

/** A bad option value: one line, exit code 2. */
export class PathsFailed extends Error {
  override readonly name = 'PathsFailed';
}

export function pathsInput(options: PathsOptions): TcpInput {
  const input: TcpInput = { ...TEST_PROFILES[0]!.input };
  if (options.maxRetries !== undefined) {
    // The bounds of the model input (src/mbt/modelInput.ts), as buildModelGraph and a fixture have them.
    const maxRetries = /^\d+$/.test(options.maxRetries) ? Number(options.maxRetries) : Number.NaN;
    try {
      input.maxRetries = checkNumberField('maxRetries', maxRetries);
    } catch (error) {
      if (!(error instanceof ModelInputError)) throw error;
      throw new PathsFailed(`--max-retries takes ${boundText('maxRetries')}, got '${options.maxRetries}'`);
    }
  }
  if (options.rfc1337) input.rfc1337 = true;
  return input;
}

/** Refuses a name that is not a list of paths (check's `depth:D` and `random` are not). */
export function checkSuiteName(suite: string): void {
  if (suiteKind(suite) !== 'fixed') throw new PathsFailed(unknownSuiteMessage(suite, PATH_SUITE_NAMES));
}

/** Compiling the model is the slow part; a program that lists several suites compiles it once per input. */
const graphs = new Map<string, ModelGraph>();

function graphFor(input: TcpInput): ModelGraph {
  const key = JSON.stringify(input);
  let graph = graphs.get(key);
  if (graph === undefined) {
    graph = buildModelGraph(input);
    graphs.set(key, graph);
  }
  return graph;
}

/** The suite's paths for these options. */
export function listPaths(options: PathsOptions): { input: TcpInput; paths: ModelPath[] } {
  checkSuiteName(options.suite);
  const input = pathsInput(options);
  const graph = graphFor(input);
  checkSuiteWork(graph, options.suite);
  return { input, paths: buildSuite(graph, options.suite) };
}

/** What `paths` prints. */
export function renderPaths(options: PathsOptions): string {
  const { input, paths } = listPaths(options);
  if (options.json) {
    return `${JSON.stringify({ suite: options.suite, input, count: paths.length, paths }, null, 2)}\n`;
  }
  return paths.map((path) => `${path.name}\n`).join('');
}

export function registerPathsCommand(program: Command, streams: CliStreams): void {
  program
    .command('paths')
    .description('list the paths a test suite generates from the model, one per line')
    .option(
      '--suite <name>',
      `the suite: ${PATH_SUITE_NAMES.join(', ')}; a switch:N that follows more than ${MAX_SUITE_WORK.toLocaleString('en-US')} transitions, or an h:k of more than as many pairs to tell apart, is refused before it is built`,
      'states',
    )
    .option('--json', 'print the paths as JSON, with their events')
    .option(
      '--max-retries <n>',
      `the model's maxRetries (default: ${TEST_PROFILES[0]!.input.maxRetries}, as in the tests)`,
    )
    .option('--rfc1337', "ignore a RST in TIME-WAIT (RFC 1337), as the tests' second profile does")
    .action((options: PathsOptions) => {
      streams.out(renderPaths(options));
    });
}
