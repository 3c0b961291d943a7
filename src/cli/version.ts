/**
 * The package's version, for `--version`: read from the package.json this
 * file ships in, found by walking up from it (it sits two levels up in the
 * sources, src/cli, and three in the build, dist/src/cli), so that the
 * version has one source, package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE_NAME = 'tcp-statechart';

export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    }
    // Not fatal: every other command works without it.
    if (dirname(dir) === dir) return `unknown (no package.json of ${PACKAGE_NAME} above ${from})`;
  }
}
