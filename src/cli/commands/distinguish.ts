/**
 * `tcp-statechart distinguish`: the characterizing set W of the model — for
 * every pair of snapshots that share a state and that some input sequence
 * tells apart, the shortest such sequence, grouped by sequence, with the
 * context fields the pairs differ in (src/mbt/distinguish.ts).
 */
import type { Command } from 'commander';
import { buildModelGraph } from '../../mbt/modelGraph';
import { formatCharacterizingSet } from '../../mbt/distinguish';
import type { CliStreams } from '../streams';
import { pathsInput, type PathsOptions } from './paths';

export function registerDistinguishCommand(program: Command, streams: CliStreams): void {
  program
    .command('distinguish')
    .description(
      'list the distinguishing sequences of the model (the characterizing set W of the w:k and wp:k suites, from which h:k picks per pair)',
    )
    .option('--max-retries <n>', "the model's maxRetries (default: as in the tests)")
    .option('--rfc1337', "ignore a RST in TIME-WAIT (RFC 1337), as the tests' second profile does")
    .action((options: Omit<PathsOptions, 'suite'>) => {
      streams.out(formatCharacterizingSet(buildModelGraph(pathsInput({ ...options, suite: 'w:0' }))));
    });
}
