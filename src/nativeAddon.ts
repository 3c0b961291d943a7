/**
 * Where `npm run build:native` puts an addon (native/build/Release/NAME.node)
 * for the Linux and lwIP targets alike. The compiled code sits one folder
 * deeper than the sources (src/ under tsx or jest, dist/src/ once built), so
 * the package root is found as the nearest folder above that holds
 * package.json, not by counting `..`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function nativeAddonPath(name: string): string {
  return join(packageRoot(__dirname), 'native', 'build', 'Release', `${name}.node`);
}

/**
 * Why the addon at `addonPath` cannot be used: not built, or built before a source under native/ last changed
 * (a checkout updated without `npm run build:native`, whose addon lacks the calls the code now makes); null when
 * it can. `what` names the addon in the message. A package without the sources (only the build) is not judged.
 */
export function addonUnusableReason(
  addonPath: string,
  what: string,
  sources = join(packageRoot(__dirname), 'native'),
): string | null {
  if (!existsSync(addonPath)) return `${what} is not built (${addonPath}): run npm run build:native`;
  const built = statSync(addonPath).mtimeMs;
  const newer = (existsSync(sources) ? readdirSync(sources) : [])
    .filter((name) => /\.(c|h|gyp)$/.test(name))
    .find((name) => statSync(join(sources, name)).mtimeMs > built);
  if (newer !== undefined) return `${what} (${addonPath}) is older than native/${newer}: run npm run build:native`;
  return null;
}

function packageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return join(from, '..'); // not in a package: as laid out in the sources
  }
}
