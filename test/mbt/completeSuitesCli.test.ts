/**
 * The new suites from the command line (`paths --suite w:0`, `h:0`, `tour`,
 * `distinguish`, `check --suite product:4`), and a failing path shrunk before
 * `check` reports it and writes its fixture.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFailureFixtures } from '../../src/cli/commands/check';
import { parseSuiteName, runCheck } from '../../src/mbt/checkRun';
import { buildModelGraph } from '../../src/mbt/modelGraph';
import { buildSuite, UnknownSuiteError } from '../../src/mbt/suites';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { run } from '../cli/io';
import { FaultyTcpSut, SEND_COUNTS_AS_RETRY } from './faultyTcp';

test.each(['tour', 'w:0', 'wp:2', 'h:0', 'h:2'])('%s is a list of paths', (name) => {
  expect(parseSuiteName(name)).toEqual({ kind: 'fixed' });
});

test('product:14 is the pruned exploration to depth 14', () => {
  expect(parseSuiteName('product:14')).toEqual({ kind: 'depth', depth: 14, pruned: true });
});

test.each(['wp:3', 'w:x', 'h:3', 'h:', 'product:15', 'product:0'])('%s is refused', (name) => {
  expect(() => parseSuiteName(name)).toThrow(UnknownSuiteError);
});

// The command line's part is the suite's name and the printing, so these list the suites of the smallest model,
// `--max-retries 0`; the suites of the test profile are judged in ./complete.test.ts and ./hMethod.test.ts.
test('paths --suite w:0 prints the W-method suite, one path a line', async () => {
  const { code, out } = await run('paths', '--suite', 'w:0', '--max-retries', '0');
  const lines = out.trimEnd().split('\n');
  expect([code, lines.length]).toEqual([0, 6085]);
  expect(lines.every((line) => line.startsWith('CLOSED -'))).toBe(true);
});

test('paths --suite h:0 prints the H-method suite, one path a line, as buildSuite lists it', async () => {
  const { code, out } = await run('paths', '--suite', 'h:0', '--max-retries', '0');
  expect(code).toBe(0);
  expect(out).toBe(
    buildSuite(buildModelGraph({ ...TEST_PROFILES[0]!.input, maxRetries: 0 }), 'h:0')
      .map((path) => `${path.name}\n`)
      .join(''),
  );
});

test('paths --suite h:2 is refused with its figure before it is built', async () => {
  const { code, err } = await run('paths', '--suite', 'h:2');
  expect(code).toBe(2);
  expect(err).toMatch(
    /^tcp-statechart: error: h:2 is [\d,]+ pairs of test sequences to tell apart, over the limit of 15,000,000 a suite may run \(h:0 is the largest that fits\)\n$/,
  );
});

// `check --suite h:0` runs a fixed list of paths as `check --suite states` does (test/cli/check.test.ts);
// that h:0's paths pass against TcpConnection is ./hMethod.test.ts's to judge, not a second run here.

test('paths --suite tour prints one walk, back in CLOSED', async () => {
  const { code, out } = await run('paths', '--suite', 'tour', '--max-retries', '0');
  expect(code).toBe(0);
  expect(out.trimEnd().split('\n')).toHaveLength(1);
  expect(out.trimEnd()).toMatch(/-> CLOSED$/);
});

// The characterizing set of the test profile is judged in ./complete.test.ts ('distinguishing sequences'); here the
// command's printing, on the smallest model (3 s, where the default model's takes some 45 s).
test('distinguish lists the characterizing set', async () => {
  const { code, out } = await run('distinguish', '--max-retries', '0');
  expect(code).toBe(0);
  expect(out).toContain('W has 19 sequences');
  expect(out).toContain('e.g. after ACTIVE_OPEN, RCV_SYN_ACK: after RTO -> ESTABLISHED, after 1000 ms');
});

test('check --suite product:4 runs the pruned exploration and passes', async () => {
  const { code, out } = await run('check', '--suite', 'product:4', '--failures', join(tmpdir(), 'unused'));
  expect(code).toBe(0);
  expect(out).toMatch(/^product:4\s+rfc9293\s+1321\s+1321\s+0/m);
});

describe('a failing path is shrunk before it is reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shrink-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the tour against a TCP that miscounts a retry: the fixture and the packetdrill script are of the shrunk path', () => {
    const report = runCheck((graph) => new FaultyTcpSut(graph.input, SEND_COUNTS_AS_RETRY), {
      suites: ['tour'],
      profiles: [TEST_PROFILES[0]!],
    });
    const [failure] = report.runs[0]!.failures;
    expect(failure!.originalLength).toBeGreaterThan(1000);
    expect(failure!.events.length).toBeLessThan(10);
    const [written] = writeFailureFixtures(report, dir);
    const fixture = JSON.parse(readFileSync(written!.file, 'utf8'));
    expect(fixture.events).toEqual(failure!.events);
    expect(fixture.originalLength).toBe(failure!.originalLength);
    expect(fixture.report).toContain(`(shrunk from ${failure!.originalLength} steps to ${failure!.events.length})`);
    if ('file' in written!.packetdrill) {
      const steps = readFileSync(written!.packetdrill.file, 'utf8');
      expect(steps.length).toBeLessThan(4000);
    }
  });
});
