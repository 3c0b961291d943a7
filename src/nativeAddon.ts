/**
 * Where `npm run build:native` puts an addon (native/build/Release/NAME.node)
 * for the Linux and lwIP targets alike. The compiled code sits one folder
 * deeper than the sources (src/ under tsx or jest, dist/src/ once built), so
 * the package root is found as the nearest folder above that holds
 * package.json, not by counting `..`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function nativeAddonPath(name: string): string {
  return join(packageRoot(__dirname), 'native', 'build', 'Release', `${name}.node`);
}

function packageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return join(from, '..'); // not in a package: as laid out in the sources
  }
}
