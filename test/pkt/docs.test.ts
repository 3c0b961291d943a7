/**
 * docs/packetdrill.md describes the language subset by hand; it must name
 * everything the runner's tables support, so that a call, symbol, errno or
 * option added to them is documented too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCRIPT_OPTION_NAMES } from '../../src/pkt/scriptOptions';
import { SYMBOLS } from '../../src/pkt/symbols';
import { MAX_IO_BYTES, signature, SYSCALL_NAMES } from '../../src/pkt/syscallTable';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'packetdrill.md'), 'utf8');

test('docs/packetdrill.md names every system call, symbol, errno, option and the byte count limit the runner supports', () => {
  const names = [
    ...SYSCALL_NAMES.map(signature),
    ...Object.keys(SYMBOLS),
    ...SCRIPT_OPTION_NAMES.map((name) => `--${name}`),
    `${MAX_IO_BYTES}`,
  ];
  const mentioned = (name: string) =>
    new RegExp(`(^|[^\\w-])${name.replace(/[()[\]|.*+?^$]/g, '\\$&')}(?!\\w)`).test(doc);
  expect(names.filter((name) => !mentioned(name))).toEqual([]);
});
