/**
 * docs/lwip.md is generated (src/lwip/lwipDoc.ts): it must match the lwIP
 * profile and the differences table. The packetdrill scripts written up for
 * upstream must pass on an RFC 9293 TCP: ours. Fast, and needs no lwIP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LWIP_DIFFERENCES } from '../../src/lwip/differences';
import { bugScript, lwipDoc } from '../../src/lwip/lwipDoc';
import { formatFailure, parseScript, runScript } from '../../src/pkt';

test('docs/lwip.md is current (npx tsx src/lwip/lwipDoc.ts > docs/lwip.md)', () => {
  expect(readFileSync(join(__dirname, '..', '..', 'docs', 'lwip.md'), 'utf8')).toBe(lwipDoc());
});

const scripts = LWIP_DIFFERENCES.flatMap((difference) =>
  difference.bug !== undefined && 'script' in difference.bug.reproduction
    ? [[difference.id, difference.bug.reproduction.script] as const]
    : [],
);

test.each(scripts)('the packetdrill script of bug %s (%s) passes on an RFC 9293 TCP', (_id, name) => {
  const result = runScript(parseScript(bugScript(name), name), { strict: true });
  expect(result.failures.map((failure) => formatFailure(failure, name))).toEqual([]);
});
