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

/**
 * The profiles whose graphs `globalSetup` writes: the project's
 * `globals.graphProfiles` when a configuration names them (perSuite reads
 * one graph, and building all of them cost its dry run and every restarted
 * worker about a minute), else every profile.
 */
export function profilesToBuild(globals: Readonly<Record<string, unknown>> | undefined): readonly string[] {
  const named = globals?.graphProfiles;
  if (named === undefined) return PROFILES.map((profile) => profile.name);
  if (!Array.isArray(named) || named.some((name) => typeof name !== 'string')) {
    throw new Error(`globals.graphProfiles must be an array of profile names, got ${JSON.stringify(named)}`);
  }
  for (const name of named as string[]) profileNamed(name);
  return named as string[];
}

/** jest `globalSetup`: writes the graph of each profile to build once per process. */
export default function globalSetup(
  _globalConfig: unknown,
  projectConfig?: { globals?: Record<string, unknown> },
): void {
  const directory = makeGraphDirectory(false);
  for (const name of profilesToBuild(projectConfig?.globals)) {
    if (!existsSync(join(directory, `${name}.json`))) loadGraph(name);
  }
}

/** The graph of a profile: from the files `globalSetup` wrote, else compiled here. */
export function loadGraph(profileName: string): ModelGraph {
  const { input, machine } = profileNamed(profileName);
  return cachedGraph(input, machine, () => buildModelGraph(input, machine));
}
