/**
 * The command line in-process: `main()` with streams that keep what it
 * prints, for the CLI tests (test/cli, test/pkt/cli.test.ts).
 */
import { main } from '../../src/cli/main';
import type { CliStreams } from '../../src/cli/streams';

/** Streams that keep what is written to them. */
export function capture(): { streams: CliStreams; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { streams: { out: (text) => (out += text), err: (text) => (err += text) }, out: () => out, err: () => err };
}

/** Runs the command line on `args`: its exit code and what it printed. */
export async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(args, io.streams);
  return { code, out: io.out(), err: io.err() };
}
