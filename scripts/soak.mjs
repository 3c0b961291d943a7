#!/usr/bin/env node
/**
 * `npm run soak [-- PART ...]`: the fuzz and transfer properties of `npm test`
 * at issue 10's sizes, one jest process per part, with the wall time of each
 * (docs/soak.md records a run). The parts, in order:
 *
 *   wire       FUZZ_WIRE_RUNS=125000: each of the nine wire-decoder
 *              properties (TCP and IPv4: round-trips, any bytes, resealed
 *              bytes, garbled options, bit flips), over 10^6 inputs in all
 *   sequences  FUZZ_SEQUENCE_RUNS=100000 random call/segment/time sequences
 *              with the connection's invariants checked after every step
 *   scripts    FUZZ_SCRIPT_RUNS=10000 mutated packetdrill scripts
 *              (test/pkt/hostileScripts.test.ts; passes with no tests where
 *              that file does not exist yet)
 *   transfer   TCP_TRANSFER_RUNS=100 seeds of the 1 MB transfer each way at
 *              10 % loss, 10 % duplication, 10 % reordering, 1 % corruption
 *
 * A size can be overridden from the environment (FUZZ_WIRE_RUNS=1000 npm run soak -- wire).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PARTS = {
  wire: {
    variable: 'FUZZ_WIRE_RUNS',
    runs: 125_000,
    files: ['test/wire/tcp\\.test\\.ts$', 'test/wire/ipv4\\.test\\.ts$'],
    filter: 'fast-check',
  },
  sequences: {
    variable: 'FUZZ_SEQUENCE_RUNS',
    runs: 100_000,
    files: ['test/tcp/properties\\.test\\.ts$'],
    filter: 'invariants',
  },
  scripts: {
    variable: 'FUZZ_SCRIPT_RUNS',
    runs: 10_000,
    files: ['test/pkt/hostileScripts\\.test\\.ts$'],
    filter: null,
  },
  transfer: { variable: 'TCP_TRANSFER_RUNS', runs: 100, files: ['test/tcp/properties\\.test\\.ts$'], filter: '1 MB' },
};

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !(name in PARTS));
if (unknown.length > 0) {
  console.error(`soak: unknown part ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}
const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const results = [];
for (const name of selected.length > 0 ? selected : Object.keys(PARTS)) {
  const part = PARTS[name];
  const runs = process.env[part.variable] || String(part.runs);
  // Path patterns, not paths: a part whose file is not there yet passes with no tests.
  const args = [jest, ...part.files, '--passWithNoTests', '--verbose'];
  if (part.filter !== null) args.push('-t', part.filter);
  console.log(`\n== ${name}: ${part.variable}=${runs} jest ${args.slice(1).join(' ')}\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, [part.variable]: runs } });
  const seconds = (Date.now() - started) / 1000;
  results.push({ name, variable: part.variable, runs, seconds, passed: run.status === 0 });
}
console.log('\npart        runs       wall s  result');
for (const r of results) {
  console.log(
    `${r.name.padEnd(10)}  ${r.runs.padStart(9)}  ${r.seconds.toFixed(0).padStart(6)}  ${r.passed ? 'pass' : 'FAIL'}`,
  );
}
if (results.some((r) => !r.passed)) process.exitCode = 1;
