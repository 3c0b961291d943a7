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
import { check, formatCheckReport, readFixture, replay, tcpConnectionSut } from '../../src/cli/commands/check';
import type { CheckReport } from '../../src/mbt/checkRun';
import type { Coverage } from '../../src/mbt/coverage';
import { CHECK_SUITE_NAMES, PATH_SUITE_NAMES } from '../../src/cli/suiteNames';
import { parseSuiteName } from '../../src/mbt/checkRun';
import { parseScript, runScript } from '../../src/pkt';
import { capture, run } from './io';
import { LYING_SUT_NAME, lyingSut } from './lyingSut';

const NONE = { covered: 0, total: 0 };
/** A coverage of nothing, for a report made by hand. */
const EMPTY_COVERAGE: Coverage = {
  states: NONE,
  transitions: NONE,
  delayedTransitions: NONE,
  guardOutcomes: NONE,
  transitionPairs: NONE,
  stateEventPairs: NONE,
  missing: { states: [], transitions: [], guardOutcomes: [], stateEventPairs: [] },
  otherProfiles: [],
};

/** A fixture as `check` writes one (one event, passing), with `fields` replaced. */
function fixtureText(fields: Record<string, unknown>): string {
  return JSON.stringify({
    kind: 'tcp-statechart/path',
    input: { maxRetries: 2 },
    sut: 'TcpConnection',
    events: ['ACTIVE_OPEN'],
    failedAt: -1,
    report: '',
    ...fields,
  });
}

const UNKNOWN_SUITE =
  "tcp-statechart: error: unknown suite 'nope': expected one of: states, transitions, simple, sneak, switch:N (N 0–4), tour, w:k, wp:k, h:k (k 0–2), depth:D (D 1–12), product:D (D 1–14), random\n";

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
    expect(out).toMatch(
      /^TcpConnection: 11 paths, \d+ steps checked, 0 failed, \d+\.\d s \(suites \d+\.\d\d s at \d+ steps\/s, compiling the model \d+\.\d s\)$/m,
    );
    // Progress, when not on a terminal: plain lines on stderr.
    expect(err).toBe('running states (rfc9293)\n  states (rfc9293): 11 done\n');
  });

  test('a legend after the coverage table says what profile, transitions (and #n), state×event, transition pairs and steps mean', async () => {
    const { out } = await run('check', '--suite', 'states', '--no-progress');
    const legend = out.slice(out.indexOf('what the words mean:\n')).split('\n\n')[0]!;
    expect(out.indexOf('what the words mean:')).toBeGreaterThan(out.indexOf('state × event pairs'));
    for (const word of ['profile', 'transitions', 'state×event', 'transition pairs', 'steps'])
      expect(legend).toMatch(new RegExp(`^  ${word} +\\S`, 'm'));
    expect(legend).toContain('rfc9293 {"maxRetries":2}');
    expect(legend).toContain('STATE EVENT #n');
    // Why a suite's transitions (x/164) and the total (x/165) differ, with the figures of this run.
    expect(legend.replace(/\s+/g, ' ')).toContain(
      "a suite's column counts those its profile can take (281 for rfc9293), the total those any profile run can take (336)",
    );
    expect(Math.max(...legend.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  test('steps/s counts the time the suites ran, not the time compiling the model', () => {
    const run = {
      suite: 'states',
      profile: 'rfc9293',
      input: {},
      paths: 11,
      steps: 1000,
      failures: [],
      ms: 100,
    } as unknown as CheckReport['runs'][number];
    const report = {
      sut: 'X',
      runs: [run],
      paths: 11,
      steps: 1000,
      failures: 0,
      ms: 20_000,
      graphMs: 19_000,
      passed: true,
    };
    const summary = formatCheckReport({
      ...report,
      coverage: EMPTY_COVERAGE,
      runs: [{ ...run, coverage: EMPTY_COVERAGE }],
    })
      .trimEnd()
      .split('\n')
      .at(-1);
    expect(summary).toBe(
      'X: 11 paths, 1000 steps checked, 0 failed, 20.0 s (suites 0.10 s at 10000 steps/s, compiling the model 19.0 s)',
    );
  });

  test('--json prints the report as JSON, nothing on stderr', async () => {
    const { code, out, err } = await run('check', '--suite', 'states', '--json');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({ sut: 'TcpConnection', passed: true, paths: 11, failures: 0, failingPaths: [] });
    expect(report.coverage).toMatchObject({ states: { covered: 11, total: 11 } });
    expect(report.suites).toEqual([
      expect.objectContaining({ suite: 'states', profile: 'rfc9293', paths: 11, failures: 0 }),
    ]);
  });

  test('an unknown suite is one line naming the suites there are, exit code 2, nothing run', async () => {
    const { code, out, err } = await run('check', '--suite', 'states', '--suite', 'nope');
    expect({ code, out, err }).toEqual({ code: 2, out: '', err: UNKNOWN_SUITE });
  });

  test('the ranges the suite names state are the ones parseSuiteName accepts', () => {
    const range = (pattern: RegExp) =>
      pattern.exec(CHECK_SUITE_NAMES.join(', '))!.slice(1).map(Number) as [number, number];
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
    expect(await run('check', '--replay', file)).toEqual({
      code: 2,
      out: '',
      err: `tcp-statechart: error: cannot read ${file}: no such file\n`,
    });
  });

  test('--replay of a directory says so in the words every command uses for a file it cannot read, exit code 2', async () => {
    expect(await run('check', '--replay', dir)).toEqual({
      code: 2,
      out: '',
      err: `tcp-statechart: error: cannot read ${dir}: it is a directory\n`,
    });
  });

  test.each([
    ['{', /is not JSON: /],
    [
      '{"kind": "something else", "events": []}',
      /: not a path fixture: kind takes 'tcp-statechart\/path', got "something else"$/,
    ],
    ['null', /: not a path fixture: expected an object with kind 'tcp-statechart\/path', got null$/],
  ])('--replay of %j is one line, exit code 2', async (text, message) => {
    const file = join(dir, 'not-a-fixture.json');
    writeFileSync(file, text);
    const { code, out, err } = await run('check', '--replay', file);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err.trimEnd()).toMatch(new RegExp(`^tcp-statechart: error: ${file}`));
    expect(err.trimEnd()).toMatch(message);
  });

  // Each field a fixture has, out of its bounds (src/mbt/modelInput.ts, src/mbt/fixtureSchema.ts): named, nothing run.
  test.each([
    [
      '{ input: { maxRetries: 1000000000 } }',
      { input: { maxRetries: 1000000000 } },
      /: input\.maxRetries takes a whole number from 0 to 12, got 1000000000$/,
    ],
    [
      '{ input: { rto: -1 } }',
      { input: { rto: -1 } },
      /: input\.rto takes a whole number of ms from 1 to 3600000, got -1$/,
    ],
    [
      '{ input: { msl: -5 } }',
      { input: { msl: -5 } },
      /: input\.msl takes a whole number of ms from 1 to 3600000, got -5$/,
    ],
    [
      "{ input: { rto: 'abc' } }",
      { input: { rto: 'abc' } },
      /: input\.rto takes a whole number of ms from 1 to 3600000, got "abc"$/,
    ],
    [
      "{ input: { rfc1337: 'yes' } }",
      { input: { rfc1337: 'yes' } },
      /: input\.rfc1337 takes true or false, got "yes"$/,
    ],
    ['{ input: { mss: 536 } }', { input: { mss: 536 } }, /: input\.mss is not a model setting \(settings: rto, /],
    [
      "{ input: 'nope' }",
      { input: 'nope' },
      /: input takes an object of model settings \(as \{"maxRetries": 2\}\), got "nope"$/,
    ],
    [
      '{ events: [1] }',
      { events: [1] },
      /: events\[0\] takes an event of the model \(PASSIVE_OPEN, …, or xstate\.after\.RTO\.<state>\), got 1$/,
    ],
    [
      "{ events: ['ACTIVE_OPEN', 'NOPE'] }",
      { events: ['ACTIVE_OPEN', 'NOPE'] },
      /: events\[1\] takes an event of the model .*, got "NOPE"$/,
    ],
    ['{ events: [] }', { events: [] }, /: events is empty: a path to replay has at least one event$/],
    [
      "{ events: 'ACTIVE_OPEN' }",
      { events: 'ACTIVE_OPEN' },
      /: events takes a list of event names, got "ACTIVE_OPEN"$/,
    ],
    [
      '{ events: 10,001 × ABORT }',
      { events: Array(10_001).fill('ABORT') },
      /: events has 10001 events, more than the 10000 a fixture may replay$/,
    ],
    ['{ failedAt: 7 }', { failedAt: 7 }, /: failedAt takes a step index from -1 to 0, got 7$/],
  ] as const)(
    '--replay of a fixture with %s names the field, one line, exit code 2',
    async (_title, fields, message) => {
      const file = join(dir, 'out-of-bounds.json');
      writeFileSync(file, fixtureText(fields));
      const { code, out, err } = await run('check', '--replay', file);
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toMatch(new RegExp(`^tcp-statechart: error: ${file}: `));
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err.trimEnd()).toMatch(message);
    },
  );
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
    expect(out).toContain(
      'FAILED (states, rfc9293):\n   1. CLOSED -PASSIVE_OPEN-> LISTEN\n>> 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n',
    );
    expect(out).toContain('        MISMATCH: state ESTABLISHED, expected SYN_RECEIVED\n');
    expect(out).toContain(`  replay: tcp-statechart check --replay ${file}\n`);
  });

  test('writes each failing path as a fixture that reads back', () => {
    const files = Array.from({ length: failing }, (_, index) => `states-rfc9293-${index + 1}.json`);
    expect(
      readdirSync(failures)
        .filter((file) => file.endsWith('.json'))
        .sort(),
    ).toEqual(files.sort());
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
    expect(script).toContain(
      '// >> 2. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n+0  < S 0:0(0) win 65535 <mss 1460>\n+0  > S. 0:0(0) ack 1 <...>\n',
    );
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
    expect(io.out()).toMatch(
      /^ {3}1\. CLOSED -PASSIVE_OPEN-> LISTEN\n {3}2\. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n[\s\S]*\npassed\n$/,
    );
  });

  test("--json lists the failing paths among the report's numbers", () => {
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
    expect(() =>
      check({ suite: ['states'], failures: join(blocker, 'failures'), progress: false }, capture().streams, lyingSut),
    ).toThrow(`cannot write ${file}: a part of the path is not a directory`);
  });
});

describe('the program', () => {
  test('with no command prints the help, as --help does, exit code 0', async () => {
    const help = await run('--help');
    expect(await run()).toEqual({ code: 0, out: help.out, err: '' });
    expect(help.out).toMatch(/^Usage: tcp-statechart \[options\] \[command\]/);
    for (const command of ['table', 'pkt', 'check', 'export', 'paths'])
      expect(help.out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  test('an unknown command is one line naming the commands there are, exit code 2', async () => {
    expect(await run('bogus', 'more')).toEqual({
      code: 2,
      out: '',
      err: "tcp-statechart: error: unknown command 'bogus' (commands: table, pkt, check, export, paths, distinguish)\n",
    });
  });

  test('--version prints the version package.json gives, exit code 0', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await run('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect(await run('-V')).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  test("help COMMAND prints that command's help, as COMMAND --help does", async () => {
    const help = await run('help', 'paths');
    expect(help).toEqual({ ...(await run('paths', '--help')), code: 0 });
    expect(help.out).toMatch(/^Usage: tcp-statechart paths \[options\]/);
    expect(await run('help')).toEqual(await run('--help'));
  });

  test('help of a command that does not exist is one line naming the commands there are, exit code 2', async () => {
    expect(await run('help', 'foo')).toEqual({
      code: 2,
      out: '',
      err: "tcp-statechart: error: unknown command 'foo' (commands: table, pkt, check, export, paths, distinguish)\n",
    });
  });

  test('table runs only when named', async () => {
    const { code, out } = await run('table', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'CLOSED', event: 'PASSIVE_OPEN' })]),
    );
  });
});

describe('suites too large to finish are refused before they start (issue 10, item 5)', () => {
  test.each([
    [
      ['check', '--suite', 'states', '--suite', 'depth:12'],
      /^depth:12 is 419,925,894,879,957 input sequences, over the limit of 15,000,000 a suite may run \(depth:6 is the largest that fits\)$/,
    ],
    [
      ['check', '--suite', 'switch:4'],
      /^switch:4 is more than 15,000,000 transitions to follow, the limit a suite may run \(switch:2 /,
    ],
    [
      ['check', '--suite', 'random', '--random-runs', '10000000'],
      /^random with 10000000 runs is 400,000,000 steps at most \(runs × 40 events\), over the limit .* \(--random-runs 375000 is the largest that fits\)$/,
    ],
    [['paths', '--suite', 'switch:4'], /^switch:4 is more than 15,000,000 transitions to follow, /],
  ])('%j: one line with the figure, exit code 2, nothing run', async (args, message) => {
    const started = performance.now();
    const { code, out, err } = await run(...args);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.startsWith('tcp-statechart: error: ')).toBe(true);
    expect(err.endsWith('\n') && err.split('\n').length).toBe(2);
    expect(err.slice('tcp-statechart: error: '.length).trimEnd()).toMatch(message);
    // Only the model graph is built (about 5 s; 30 s on a machine loaded 15 deep); states, run first, never started.
    expect(err).not.toContain('running');
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});
