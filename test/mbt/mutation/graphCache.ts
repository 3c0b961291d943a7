/**
 * The compiled model graphs of mutation runs (test/mbt/graphCache.ts), built
 * once per process. StrykerJS runs jest again for every mutant in the same
 * worker process, and only src/tcp is mutated, so the graphs never change
 * during a run: `globalSetup` (jest's hook, whose module stays loaded between
 * runs) builds them on its first call into a per-process directory that
 * outlives each jest run; the test files read them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildModelGraph, type ModelGraph } from '../../../src/mbt/modelGraph';
import { cachedGraph, makeGraphDirectory } from '../graphCache';
import { PROFILES, profileNamed } from '../profiles';

/** jest `globalSetup`: writes the graph of every profile once per process. */
export default function globalSetup(): void {
  const directory = makeGraphDirectory(false);
  for (const profile of PROFILES) {
    if (!existsSync(join(directory, `${profile.name}.json`))) loadGraph(profile.name);
  }
}

/** The graph of a profile: from the files `globalSetup` wrote, else compiled here. */
export function loadGraph(profileName: string): ModelGraph {
  const { input, machine } = profileNamed(profileName);
  return cachedGraph(input, machine, () => buildModelGraph(input, machine));
}
