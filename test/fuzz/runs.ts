/**
 * How many runs a property makes: a small figure for `npm test`, a large one
 * from the environment for the soak (`npm run soak`, docs/soak.md). The
 * variables:
 *
 * - `FUZZ_WIRE_RUNS`: inputs per wire-decoder property (test/wire/).
 * - `FUZZ_SEQUENCE_RUNS`: random call/segment sequences (test/tcp/properties.test.ts).
 * - `FUZZ_SCRIPT_RUNS`: mutated packetdrill scripts (test/pkt/hostileScripts.test.ts).
 * - `TCP_TRANSFER_RUNS`: seeds of the lossy 1 MB transfer (test/tcp/properties.test.ts).
 */
export type RunsVariable = 'FUZZ_WIRE_RUNS' | 'FUZZ_SEQUENCE_RUNS' | 'FUZZ_SCRIPT_RUNS' | 'TCP_TRANSFER_RUNS';

export function fuzzRuns(variable: RunsVariable, fallback: number): number {
  const text = process.env[variable];
  if (text === undefined || text === '') return fallback;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`${variable} must be a whole number, 1 or more, got "${text}"`);
  return runs;
}
