/**
 * What `check` shares between its targets (TcpConnection, the Linux kernel):
 * its one-line failure, the progress reporter, and the table layout.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { CliStreams } from '../streams';

/** A command failed in a way the user can act on: one line, exit code 2. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}

/** At most this many failing paths per suite run are written as fixtures. */
export const MAX_FIXTURES_PER_RUN = 20;

/** Rows as columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Progress of a run: a bar on a terminal, otherwise a line as each suite starts and ends. */
export function progressReporter(streams: CliStreams, bar: boolean) {
  if (bar) {
    const progress = new SingleBar(
      {
        format: '{suite} [{bar}] {value}/{total} {profile}',
        hideCursor: true,
        clearOnComplete: true,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    let current = '';
    return {
      update: ({ suite, profile, done, total }: { suite: string; profile: string; done: number; total: number }) => {
        const key = `${suite} ${profile}`;
        if (key !== current) {
          if (current !== '') progress.stop();
          progress.start(Math.max(total, done, 1), 0, { suite, profile });
          current = key;
        }
        progress.setTotal(Math.max(total, done, 1));
        progress.update(done, { suite, profile });
      },
      stop: () => progress.stop(),
    };
  }
  let current = '';
  return {
    update: ({ suite, profile, done, total }: { suite: string; profile: string; done: number; total: number }) => {
      const key = `${suite} ${profile}`;
      if (key !== current) {
        streams.err(`running ${suite} (${profile})\n`);
        current = key;
      }
      if (total > 0 && done === total) streams.err(`  ${suite} (${profile}): ${done} done\n`);
    },
    stop: () => {},
  };
}
