/**
 * The packetdrill scripts of test/pkt/scripts against the Linux kernel, in a
 * namespace of their own, all at once and in real time (the longest,
 * syn_retransmit.pkt, waits out six SYN retransmissions: 127 s). A script
 * passes when Linux does what it says, or when it fails exactly where
 * docs/linux.md says Linux differs. Needs root and /dev/net/tun.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScript } from '../../src/pkt';
import { runLinuxPacketdrill, type LinuxPacketdrillResult } from '../../src/linux/kernelSuites';
import type { LinuxScriptResult } from '../../src/linux/kernelScriptRun';
import { SCRIPT_DIFFERENCES } from '../../src/linux/differences';
import { linuxUnavailableReason } from '../../src/linux/network';
import { BLOCKING_READS_RETURNING_AT_ONCE, LISTEN_AGAIN } from '../pkt/scriptFixtures';

const DIRECTORY = join(__dirname, '..', 'pkt', 'scripts');
const BATCH = 9;
const unavailable = linuxUnavailableReason();

if (unavailable !== null) {
  test.skip(`packetdrill scripts against Linux: skipped (${unavailable})`, () => {});
} else {
  const names = readdirSync(DIRECTORY)
    .filter((name) => name.endsWith('.pkt'))
    .sort();
  const scripts = names.map((name) => ({
    name,
    script: parseScript(readFileSync(join(DIRECTORY, name), 'utf8'), name),
  }));
  let outcome: LinuxPacketdrillResult | undefined;

  beforeAll(async () => {
    // In batches: the kernel's segments are read by Node's event loop, which 27 scripts starting at once
    // on a busy machine hold up by 200 ms, past the tolerance of a `> S` line right after connect().
    const results: LinuxScriptResult[] = [];
    let wallMs = 0;
    for (let first = 0; first < scripts.length; first += BATCH) {
      const batch = await runLinuxPacketdrill(scripts.slice(first, first + BATCH));
      results.push(...batch.results);
      wallMs += batch.wallMs;
    }
    outcome = { results, wallMs };
  }, 10 * 60_000);

  afterAll(() => {
    if (outcome === undefined) return;
    const passed = outcome.results.filter((result) => result.passed).length;
    process.stdout.write(
      `\npacketdrill scripts against Linux: ${names.length} scripts, ${passed} pass, ${names.length - passed} stop at a documented difference or fail; wall time ${(outcome.wallMs / 1000).toFixed(1)} s\n`,
    );
  });

  test.each(names.map((name, index) => [name, index] as const))('%s', (name, index) => {
    const result = outcome?.results[index];
    if (result === undefined) throw new Error('the script did not run');
    const known = SCRIPT_DIFFERENCES.find((difference) => difference.script === name);
    if (known === undefined) {
      if (!result.passed)
        throw new Error(
          `${name}:${result.failure?.line}: ${result.failure?.message}\n  script: ${result.failure?.expected}\n  linux:  ${result.failure?.actual}`,
        );
      return;
    }
    // A documented difference: the script must fail there, as described (and a fix in Linux or the script shows up here).
    if (result.passed && known.sometimes === true) return;
    expect(result.failure).toMatchObject({ line: known.line });
    expect(result.failure?.message).toContain(known.message);
  });

  test('two `...` reads that return at once, one after the other: the first leaves the syscall thread free', async () => {
    const script = parseScript(BLOCKING_READS_RETURNING_AT_ONCE, 'blocking_reads.pkt');
    const { results } = await runLinuxPacketdrill([{ name: 'blocking_reads.pkt', script }]);
    expect(results[0]?.failure).toBeUndefined();
  }, 30_000);

  test('a second listen after a connection: the next SYN comes from a new port, a new connection', async () => {
    const script = parseScript(LISTEN_AGAIN, 'listen_again.pkt');
    const { results } = await runLinuxPacketdrill([{ name: 'listen_again.pkt', script }]);
    expect(results[0]?.failure).toBeUndefined();
  }, 30_000);
}
