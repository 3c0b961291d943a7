/**
 * Each path suite alone against each mutant of src/tcp, in one StrykerJS run
 * (`npm run mutate:suites`, stryker.suites.config.mjs): one jest test per
 * suite, no bail (`disableBail`), so a mutant's `killedBy` in the JSON report
 * names every suite that kills it, and scripts/mutation-per-suite.ts turns
 * that into the score of each suite and its kills per 1,000 steps
 * (docs/mutation.md, issue 15). Unlike ./pathSuites.mutation.ts, nothing
 * stops at the first failing suite: the figure asked is per suite.
 *
 * A suite's steps, as bench/mbt.ts and the table count them, are the sum of
 * its paths' lengths: what a runner that replays each path from CLOSED runs.
 * Here the paths are walked as the tree of their common prefixes
 * (`expectPathsPass`), which judges the same steps of the same paths in a
 * fraction of the time (wp:1: 694,000 steps as paths); a mutant kills a path
 * in the tree exactly when it kills it replayed, since the adapter's reset is
 * itself a restore.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEventType } from '../../../src/mbt/modelGraph';
import { buildSuite } from '../../../src/mbt/suites';
import { TcpConnectionSut } from '../../../src/mbt/tcpConnectionSut';
import { expectPathsPass } from '../fixtures';
import { loadGraph } from './graphCache';

/**
 * The suites compared, cheapest first; `h:0` is the smaller 0-complete suite
 * beside `wp:0`. The 1-complete suites are left out: on this profile, since
 * duplicate ACKs and the loss window, `wp:1` is 780,259 sequences of
 * 11,428,725 steps (18,161,267 at most, over MAX_SUITE_WORK, so `buildSuite`
 * refuses it), ten times every suite here together, for every mutant; on
 * `timers.ts` (docs/mutation.md) it killed nothing `wp:0` missed.
 */
const COMPARED_SUITES = ['h:0', 'tour', 'wp:0', 'w:0', 'switch:2', 'transitions'] as const;

const graph = loadGraph('rfc9293');

/**
 * A suite as its file holds it: the events named once, and each sequence as
 * its length and one byte per event. As JSON arrays of event names, reading
 * the six suites back took 2.4 s (w:0 alone, 123,532 sequences, 33 MB: 1 s)
 * on every mutant's run; this form is a tenth of the size.
 */
interface StoredSuite {
  readonly events: readonly ModelEventType[];
  readonly lengths: readonly number[];
  /** Base64 of the events' indices in `events`, the sequences one after another. */
  readonly codes: string;
}

function storeSuite(paths: readonly (readonly ModelEventType[])[]): StoredSuite {
  const flat = paths.flat();
  const events = [...new Set(flat)];
  if (events.length > 256) throw new Error(`${events.length} events do not fit in a byte each`);
  const index = new Map(events.map((event, i) => [event, i]));
  const codes = Uint8Array.from(flat, (event) => index.get(event)!);
  return { events, lengths: paths.map((path) => path.length), codes: Buffer.from(codes).toString('base64') };
}

function reviveSuite({ events, lengths, codes }: StoredSuite): ModelEventType[][] {
  const bytes = Buffer.from(codes, 'base64');
  let offset = 0;
  return lengths.map((length) => {
    const path = new Array<ModelEventType>(length);
    for (let i = 0; i < length; i++) path[i] = events[bytes[offset++]!]!;
    return path;
  });
}

/**
 * The suite's event sequences. Only src/tcp is mutated, so a suite (generated
 * from the model alone; h:0 takes 20 s) is the same for every mutant: it is
 * kept next to the graphs graphCache.ts writes once per process.
 */
function suitePaths(name: string): readonly (readonly ModelEventType[])[] {
  const directory = process.env.TCP_STATECHART_GRAPH_DIR;
  const file = directory === undefined ? undefined : join(directory, `suite-${name.replace(':', '-')}.json`);
  if (file !== undefined && existsSync(file)) return reviveSuite(JSON.parse(readFileSync(file, 'utf8')) as StoredSuite);
  const paths = buildSuite(graph, name).map((path) => path.events);
  if (file !== undefined) {
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(storeSuite(paths)));
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return paths;
}

for (const suite of COMPARED_SUITES) {
  test(`suite ${suite}`, () => {
    expectPathsPass(graph, new TcpConnectionSut(graph.input), suitePaths(suite));
  });
}
