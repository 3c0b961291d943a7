/**
 * The lwIP addon under valgrind: test/lwip/addonWorkout.ts in a child Node
 * process, both directions of a connection with packets up to the full MTU,
 * and no invalid read, write or free in native/lwip.c or liblwip. Catches
 * heap corruption where it happens, not when glibc notices it much later
 * (the addon once filled Debian's 616-byte pool pbufs with 1,040-byte
 * packets, and a jest worker died of `malloc(): unaligned tcache chunk
 * detected` one run in many). Part of `npm run test:lwip`; skips with one
 * line where liblwip-dev, the addon or valgrind is missing (.ci/run installs
 * valgrind with liblwip-dev).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lwipUnavailable } from '../../src/lwip/addon';

const ROOT = join(__dirname, '..', '..');
const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
const unavailable =
  lwipUnavailable() ??
  (valgrind.status === 0 ? null : 'valgrind is not installed (apt-get install valgrind; .ci/run does)');

/** The errors of a valgrind XML report whose stack passes through lwIP, each as its kind and first frames. */
function lwipErrors(xml: string): string[] {
  return xml
    .split('<error>')
    .slice(1)
    .filter((error) => /lwip/i.test(error))
    .map((error) => {
      const kind = /<kind>([^<]*)<\/kind>/.exec(error)?.[1] ?? 'unknown';
      const frames = [...error.matchAll(/<fn>([^<]*)<\/fn>/g)].slice(0, 4).map((match) => match[1]);
      return `${kind} in ${frames.join(' < ')}`;
    });
}

if (unavailable !== null) {
  test.skip(`lwIP addon under valgrind: skipped (${unavailable})`, () => {});
} else {
  test('the addon reads and writes only memory it owns, for packets up to the MTU (valgrind memcheck)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lwip-valgrind-'));
    try {
      const xmlFile = join(dir, 'memcheck.xml');
      const child = spawnSync(
        'valgrind',
        [
          '--tool=memcheck',
          '--xml=yes',
          `--xml-file=${xmlFile}`,
          process.execPath,
          '--import',
          'tsx',
          'test/lwip/addonWorkout.ts',
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
      );
      const errors = existsSync(xmlFile) ? lwipErrors(readFileSync(xmlFile, 'utf8')) : ['no valgrind report'];
      // The errors first: they say where; a valgrind that died of the corruption says so in its stderr's tail.
      expect({ errors, status: child.status, signal: child.signal }).toEqual({ errors: [], status: 0, signal: null });
      expect(child.stdout).toMatch(/^workout done: \d+ segments from lwIP$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
}
