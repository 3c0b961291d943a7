/**
 * `tcp-statechart check`, the main job, run in-process through the program's
 * own `main()` and through `check()` with another implementation: the report
 * and its summary, the JSON report, the one-line errors, and a failing run's
 * fixtures written, read back and replayed. The built binary runs the same
 * commands in ./binary.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, readFixture, replay, tcpConnectionSut } from '../../src/cli/commands/check';
import { CHECK_SUITE_NAMES, PATH_SUITE_NAMES } from '../../src/cli/suiteNames';
import { parseSuiteName } from '../../src/mbt/check';
import { parseScript, runScript } from '../../src/pkt';
import { capture, run } from './io';
import { LYING_SUT_NAME, lyingSut } from './lyingSut';


const UNKNOWN_SUITE =
  "tcp-statechart: error: unknown suite 'nope': expected one of: states, transitions, simple, sneak, switch:N (N 0–4), tour, w:k, wp:k (k 0–2), depth:D (D 1–12), product:D (D 1–40), random\n";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcp-statechart-check-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('check against TcpConnection', () => {
  test('--suite states prints the suite, the coverage table and a summary line; exit code 0', async () => {
    const { code, out, err } = await run('check', '--suite', 'states', '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^suite +profile +paths +steps +failures +time +states +transitions +state×event$/m);
    expect(out).toMatch(/^states +rfc9293 +11 +\d+ +0 /m);
    expect(out).toContain('covered by all suites');
    expect(out).toMatch(/^states +11\/11 \(100%\)$/m);
    expect(out).toMatch(/^TcpConnection: 11 paths, \d+ steps checked, 0 failed, \d+\.\d s \(\d+ steps\/s\)$/m);
    // Progress, when not on a terminal: plain lines on stderr.
    expect(err).toBe('running states (rfc9293)\n  states (rfc9293): 11 done\n');
  });

  test('--json prints the report as JSON, nothing on stderr', async () => {
    const { code, out, err } = await run('check', '--suite', 'states', '--json');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({ sut: 'TcpConnection', passed: true, paths: 11, failures: 0, failingPaths: [] });
    expect(report.coverage).toMatchObject({ states: { covered: 11, total: 11 } });
    expect(report.suites).toEqual([expect.objectContaining({ suite: 'states', profile: 'rfc9293', paths: 11, failures: 0 })]);
  });

  test('an unknown suite is one line naming the suites there are, exit code 2, nothing run', async () => {
    const { code, out, err } = await run('check', '--suite', 'states', '--suite', 'nope');
    expect({ code, out, err }).toEqual({ code: 2, out: '', err: UNKNOWN_SUITE });
  });

  test('the ranges the suite names state are the ones parseSuiteName accepts', () => {
    const range = (pattern: RegExp) => pattern.exec(CHECK_SUITE_NAMES.join(', '))!.slice(1).map(Number) as [number, number];
    const [switchLow, switchHigh] = range(/switch:N \(N (\d+)–(\d+)\)/);
    const [depthLow, depthHigh] = range(/depth:D \(D (\d+)–(\d+)\)/);
    for (const name of [`switch:${switchLow}`, `switch:${switchHigh}`, `depth:${depthLow}`, `depth:${depthHigh}`]) {
      expect(() => parseSuiteName(name)).not.toThrow();
    }
    for (const name of [`switch:${switchHigh + 1}`, `depth:${depthLow - 1}`, `depth:${depthHigh + 1}`]) {
      expect(() => parseSuiteName(name)).toThrow();
    }
    expect(CHECK_SUITE_NAMES.slice(0, PATH_SUITE_NAMES.length)).toEqual([...PATH_SUITE_NAMES]);
  });

  test('--replay of a missing file is one line, exit code 2', async () => {
    const file = join(dir, 'missing.json');
    expect(await run('check', '--replay', file)).toEqual({ code: 2, out: '', err: `tcp-statechart: error: cannot read ${file}: no such file\n` });
  });

  test.each([
    ['{', /is not JSON: /],
    ['{"kind": "something else", "events": []}', /is not a path fixture \(kind 'tcp-statechart\/path' with a list of events\)$/],
    ['null', /is not a path fixture/],
  ])('--replay of %j is one line, exit code 2', async (text, message) => {
    const file = join(dir, 'not-a-fixture.json');
    writeFileSync(file, text);
    const { code, out, err } = await run('check', '--replay', file);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err.trimEnd()).toMatch(new RegExp(`^tcp-statechart: error: ${file}`));
    expect(err.trimEnd()).toMatch(message);
  });
});

describe('check against an implementation that says ESTABLISHED in SYN-RECEIVED', () => {
  let failures: string;
  let code: number;
  let out: string;
  /** The states suite's paths that pass through SYN-RECEIVED: each must fail, at the step into it. */
  let failing: number;

  beforeAll(async () => {
    const paths = (await run('paths', '--suite', 'states')).out.trimEnd().split('\n');
    failing = paths.filter((path) => path.includes('-> SYN_RECEIVED')).length;
    failures = join(dir, 'failures');
    const io = capture();
    code = check({ suite: ['states'], failures, progress: false }, io.streams, lyingSut);
    out = io.out();
  });

  test('exits 1 and counts every failing path in the summary', () => {
    expect(code).toBe(1);
    expect(failing).toBeGreaterThan(1);
    expect(out).toMatch(new RegExp(`^${LYING_SUT_NAME}: 11 paths, \\d+ steps checked, ${failing} failed, `, 'm'));
    expect(out.match(/^FAILED \(states, rfc9293\):$/gm)).toHaveLength(failing);
  });

  test('prints the failing path with its failing step marked, and how to replay it', () => {
    const file = join(failures, 'states-rfc9293-1.json');
    expect(out).toContain('FAILED (states, rfc9293):\n   1. CLOSED -PASSIVE_OPEN-> LISTEN\n>> 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n');
    expect(out).toContain('        MISMATCH: state ESTABLISHED, expected SYN_RECEIVED\n');
    expect(out).toContain(`  replay: tcp-statechart check --replay ${file}\n`);
  });

  test('writes each failing path as a fixture that reads back', () => {
    const files = Array.from({ length: failing }, (_, index) => `states-rfc9293-${index + 1}.json`);
    expect(readdirSync(failures).filter((file) => file.endsWith('.json')).sort()).toEqual(files.sort());
    for (const file of files) expect(readFixture(join(failures, file)).failedAt).toBe(1);
    const fixture = readFixture(join(failures, 'states-rfc9293-1.json'));
    expect(fixture).toMatchObject({
      kind: 'tcp-statechart/path',
      input: { maxRetries: 2 },
      sut: LYING_SUT_NAME,
      events: ['PASSIVE_OPEN', 'RCV_SYN'],
      failedAt: 1,
    });
    expect(fixture.report).toContain('>> 2. LISTEN -RCV_SYN-> SYN_RECEIVED');
  });

  test('writes the failing path beside its fixture as a packetdrill script that passes against our TCP', () => {
    const file = join(failures, 'states-rfc9293-1.pkt');
    expect(out).toContain(`  packetdrill: tcp-statechart pkt ${file}\n`);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain('// >> 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n+0  < S 0:0(0) win 65535 <mss 1460>\n+0  > S. 0:0(0) ack 1 <...>\n');
    expect(runScript(parseScript(script, file)).ok).toBe(true);
  });

  test('the fixture replays: it fails again against the same implementation, exit code 1', () => {
    const io = capture();
    expect(replay(join(failures, 'states-rfc9293-1.json'), io.streams, lyingSut)).toBe(1);
    expect(io.out()).toBe(`${readFixture(join(failures, 'states-rfc9293-1.json')).report}\nFAILED\n`);
  });

  test('the fixture replays: it passes against TcpConnection, exit code 0', () => {
    const io = capture();
    expect(replay(join(failures, 'states-rfc9293-1.json'), io.streams, tcpConnectionSut)).toBe(0);
    expect(io.out()).toMatch(/^ {3}1\. CLOSED -PASSIVE_OPEN-> LISTEN\n {3}2\. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n[\s\S]*\npassed\n$/);
  });

  test('--json lists the failing paths among the report\'s numbers', () => {
    const io = capture();
    expect(check({ suite: ['states'], failures, json: true }, io.streams, lyingSut)).toBe(1);
    const report = JSON.parse(io.out()) as { passed: boolean; failures: number; failingPaths: { events: string[] }[] };
    expect(report).toMatchObject({ passed: false, failures: failing });
    expect(report.failingPaths).toHaveLength(failing);
    expect(report.failingPaths[0]!.events).toEqual(['PASSIVE_OPEN', 'RCV_SYN']);
  });

  test('a failures directory that cannot be made is one line, exit code 2', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const file = join(blocker, 'failures', 'states-rfc9293-1.json');
    expect(() => check({ suite: ['states'], failures: join(blocker, 'failures'), progress: false }, capture().streams, lyingSut)).toThrow(
      `cannot write ${file}: a part of the path is not a directory`,
    );
  });
});

describe('the program', () => {
  test('with no command prints the help, as --help does, exit code 0', async () => {
    const help = await run('--help');
    expect(await run()).toEqual({ code: 0, out: help.out, err: '' });
    expect(help.out).toMatch(/^Usage: tcp-statechart \[options\] \[command\]/);
    for (const command of ['table', 'pkt', 'check', 'export', 'paths']) expect(help.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  test('an unknown command is one line naming the commands there are, exit code 2', async () => {
    expect(await run('bogus', 'more')).toEqual({
      code: 2,
      out: '',
      err: "tcp-statechart: error: unknown command 'bogus' (commands: table, pkt, check, export, paths, distinguish)\n",
    });
  });

  test('table runs only when named', async () => {
    const { code, out } = await run('table', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'CLOSED', event: 'PASSIVE_OPEN' })]));
  });
});
