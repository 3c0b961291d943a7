#!/usr/bin/env node
/**
 * `npm run mutate [-- CONFIG]`: StrykerJS over src/tcp (see docs/mutation.md).
 *
 * StrykerJS 10 declares Node >= 22, and its CLI refuses to start on older
 * versions; this project supports Node 20. The Stryker API itself runs on
 * Node 20 (every run in docs/mutation.md was made that way), so this script
 * calls it directly instead of `npx stryker run`. On Node 22 the two are the
 * same thing.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const configFile = process.argv[2] ?? 'stryker.config.mjs';
// The package's entry point re-exports the CLI, whose module runs the version guard on import.
const core = dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json'));
const { Stryker } = await import(pathToFileURL(join(core, 'dist/src/stryker.js')).href);
const results = await new Stryker({ configFile }).runMutationTest();
if (results.length === 0) process.exitCode = 1;
