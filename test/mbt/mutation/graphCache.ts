/**
 * The compiled model graphs of mutation runs (test/mbt/graphCache.ts), built
 * once per process. StrykerJS runs jest again for every mutant in the same
 * worker process, and only src/tcp is mutated, so the graphs never change
 * during a run: `globalSetup` (jest's hook, whose module stays loaded between
 * runs) names a per-process directory that outlives each jest run. A test
 * file's first `loadGraph` of a profile (in the dry run) builds its graph and
 * writes it there, as `cachedGraph` does in every jest run; the later runs
 * read it. So a run builds the graphs its test files use and no others
 * (perSuite.mutation.ts: the rfc9293 graph alone).
 */
import { buildModelGraph, type ModelGraph } from '../../../src/mbt/modelGraph';
import { cachedGraph, makeGraphDirectory } from '../graphCache';
import { profileNamed } from '../profiles';

/** jest `globalSetup`: this worker's graph directory, kept across the runs of a mutation run. */
export default function globalSetup(): void {
  makeGraphDirectory(false);
}

/** The graph of a profile: from the file an earlier run of this process wrote, else compiled here and written. */
export function loadGraph(profileName: string): ModelGraph {
  const { input, machine } = profileNamed(profileName);
  return cachedGraph(input, machine, () => buildModelGraph(input, machine));
}
