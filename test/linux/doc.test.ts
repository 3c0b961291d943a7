/**
 * docs/linux.md is generated (src/linux/linuxDoc.ts): it must match the model,
 * the Linux profile and the differences table. Fast, and needs no root.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linuxDoc } from '../../src/linux/linuxDoc';

test('docs/linux.md is current (npx tsx src/linux/linuxDoc.ts > docs/linux.md)', () => {
  expect(readFileSync(join(__dirname, '..', '..', 'docs', 'linux.md'), 'utf8')).toBe(linuxDoc());
});
