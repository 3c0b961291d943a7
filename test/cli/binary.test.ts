/**
 * The command line tool as a user runs it: the project is compiled once with
 * tsc (into a temporary directory, so dist/ is left alone), then the built
 * `src/cli/main.js` is spawned with node. Covers `--help`, one export format,
 * `paths`, `check` (the main job) on its smallest suite, replaying a failing
 * path's fixture, the one-line errors, and every `node dist/src/cli/main.js …`
 * command the README shows. What each command prints in every case is
 * checked in-process (./check.test.ts, ./exportPaths.test.ts): here, that the
 * build runs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFailureFixtures } from '../../src/cli/commands/check';
import { EXPORTS } from '../../src/export/formats';
import { runCheck } from '../../src/mbt/checkRun';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { REPO_ROOT } from '../export/fixtures';
import { lyingSut } from './lyingSut';
import { linuxUnavailableReason } from '../../src/linux/network';

let buildDir: string;
let workDir: string;
let mainJs: string;

beforeAll(() => {
  buildDir = mkdtempSync(join(tmpdir(), 'tcp-statechart-build-'));
  workDir = mkdtempSync(join(tmpdir(), 'tcp-statechart-work-'));
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      join(REPO_ROOT, 'tsconfig.build.json'),
      '--outDir',
      buildDir,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  mainJs = join(buildDir, 'src/cli/main.js');
  // The build directory stands for the package's root, as dist/ and node_modules/tcp-statechart/dist/ have package.json above them.
  copyFileSync(join(REPO_ROOT, 'package.json'), join(buildDir, 'package.json'));
  // Likewise native/ (the TUN addon, when `npm run build:native` built it) for check --target linux.
  symlinkSync(join(REPO_ROOT, 'native'), join(buildDir, 'native'));
  // Readable by an unprivileged user too, for the --target linux refusal run as one.
  chmodSync(buildDir, 0o755);
  chmodSync(workDir, 0o777);
}, 120_000);

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

/** How the built tool is started: in the work directory, with node_modules from the repository. */
function spawnOptions() {
  return { cwd: workDir, env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') } };
}

/** Runs the built tool and waits for it. */
function cli(...args: string[]) {
  return cliAs({}, ...args);
}

/** Runs the built tool with spawn options of its own (another user, a timeout). */
function cliAs(options: { uid?: number; gid?: number; timeout?: number }, ...args: string[]) {
  const result = spawnSync(process.execPath, [mainJs, ...args], { ...spawnOptions(), ...options, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs the built tool without blocking, so that several runs overlap. */
function cliAsync(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], {
      ...spawnOptions(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, err }));
  });
}

// One command's help besides the program's: every command's help is test/cli/check.test.ts's (in-process).
test.each([[[] as string[]], [['check']]])('%j --help prints usage and exits 0', (command) => {
  const { code, out, err } = cli(...command, '--help');
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out).toMatch(new RegExp(`^Usage: tcp-statechart ${command.join(' ')}`));
});

test('--version prints the version of the package.json above the build', () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(cli('--version')).toEqual({ code: 0, out: `${version}\n`, err: '' });
});

test('no command prints the help, as --help does, and exits 0', () => {
  expect(cli()).toEqual({ code: 0, out: cli('--help').out, err: '' });
});

// One format through the build: each format against its committed file is test/cli/exportPaths.test.ts's (in-process),
// and the README's commands below run every format through the build.
test.each([['json' as const]])('export --format %s prints what is committed in docs/', (format) => {
  const { code, out, err } = cli('export', '--format', format);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out).toBe(readFileSync(join(REPO_ROOT, EXPORTS[format].file), 'utf8'));
});

test('export --out writes the file', () => {
  const { code, out } = cli('export', '--format', 'mermaid', '--out', 'tcp.mmd');
  expect({ code, out }).toEqual({ code: 0, out: '' });
  expect(readFileSync(join(workDir, 'tcp.mmd'), 'utf8')).toMatch(/^stateDiagram-v2$/m);
});

// `paths --suite states` through the build is one of the README's commands (the last test).

describe('check', () => {
  // The text report, its coverage table and progress lines are test/cli/check.test.ts's (in-process); one check runs here.
  test('--suite states --json prints a JSON report that passed', () => {
    const { code, out, err } = cli('check', '--suite', 'states', '--json');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out) as {
      passed: boolean;
      paths: number;
      coverage: { states: { covered: number; total: number } };
    };
    expect(report.passed).toBe(true);
    expect(report.paths).toBeGreaterThan(0);
    expect(report.coverage.states).toMatchObject({ covered: 11, total: 11 });
  });

  test('--replay FILE replays a fixture that a failing run wrote', () => {
    // A lying implementation fails the path into SYN-RECEIVED; TcpConnection, which the tool checks, passes it.
    const report = runCheck(lyingSut, { suites: ['states'], profiles: [TEST_PROFILES[0]!] });
    const [written] = writeFailureFixtures(report, join(workDir, 'failures'));
    const { code, out, err } = cli('check', '--replay', written!.file);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(
      /^ {3}1\. CLOSED -PASSIVE_OPEN-> LISTEN\n {3}2\. LISTEN -RCV_SYN-> SYN_RECEIVED sends SYN-ACK\n/,
    );
    expect(out).toMatch(/\npassed\n$/);
  });
});

describe('check --target linux', () => {
  const root = process.getuid?.() === 0;
  /** nobody, where the tests run as root; otherwise the user running them, who is not root either. */
  const unprivileged = root ? { uid: 65_534, gid: 65_534 } : {};

  test('as a user who is not root: one line saying why, exit code 2', () => {
    expect(cliAs(unprivileged, 'check', '--target', 'linux', '--suite', 'states')).toEqual({
      code: 2,
      out: '',
      err: 'tcp-statechart: error: --target linux cannot run here: not root (a network namespace and a TUN device need CAP_NET_ADMIN)\n',
    });
  });

  // The kernel itself, where this machine has what it needs (root, /dev/net/tun, the addon built).
  const unavailable = linuxUnavailableReason();
  (unavailable === null ? test : test.skip)(
    `--suite states against the kernel: every path agrees, exit code 0${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
    () => {
      const { code, out, err } = cliAs({ timeout: 180_000 }, 'check', '--target', 'linux', '--suite', 'states');
      expect({ code, err }).toEqual({ code: 0, err: 'running linux (states)\n  linux (states): 35 done\n' });
      expect(out).toMatch(/^states +linux +11 +11 +0 +0$/m);
      expect(out).toMatch(
        /^Linux: 35 paths, \d+ steps checked, 35 agree, 0 stop at a documented difference, 0 disagree, \d+ stray packets; \d+\.\d s$/m,
      );
    },
    200_000,
  );
});

describe('pkt --target linux', () => {
  const root = process.getuid?.() === 0;
  const unprivileged = root ? { uid: 65_534, gid: 65_534 } : {};
  const script = join(REPO_ROOT, 'test/pkt/scripts/recv_peek.pkt');

  test('as a user who is not root: one line saying why, exit code 2, before any script plays', () => {
    expect(cliAs(unprivileged, 'pkt', '--target', 'linux', script)).toEqual({
      code: 2,
      out: '',
      err: 'tcp-statechart: error: --target linux cannot run here: not root (a network namespace and a TUN device need CAP_NET_ADMIN)\n',
    });
  });

  const unavailable = linuxUnavailableReason();
  (unavailable === null ? test : test.skip)(
    `a script and --mtu against the kernel: the SYN-ACK offers MTU - 40${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
    () => {
      const mtuScript = join(workDir, 'mtu.pkt');
      writeFileSync(
        mtuScript,
        '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n' +
          '+0 < S 0:0(0) win 65535 <mss 1460>\n+0 > S. 0:0(0) ack 1 <mss 1360>\n',
      );
      expect(cliAs({ timeout: 60_000 }, 'pkt', '--target', 'linux', '--mtu', '1400', script, mtuScript)).toEqual({
        code: 0,
        out: `PASS ${script}\nPASS ${mtuScript}\n2 scripts: 2 passed, 0 failed\n`,
        err: '',
      });
      const { code, out } = cliAs({ timeout: 60_000 }, 'pkt', '--target', 'linux', mtuScript);
      expect({ code, out }).toEqual({
        code: 1,
        out:
          `FAIL ${mtuScript}:5: outbound segment differs: mss: expected 1360, sent 1460 ` +
          '(script: "S. 0:0(0) ack 1 <mss 1360>", linux: "S. 0:0(0) ack 1 win 64240 <mss 1460>")\n1 script: 0 passed, 1 failed\n',
      });
    },
    90_000,
  );
});

test.each([
  [['export', '--format', 'png'], /^tcp-statechart: error: option '--format <format>' argument 'png' is invalid\./],
  [
    ['export', '--format', 'json', '--out', '/nonexistent-dir/x.json'],
    /^tcp-statechart: error: cannot write \/nonexistent-dir\/x\.json: no such directory$/,
  ],
  [['paths', '--suite', 'nope'], /^tcp-statechart: error: unknown suite 'nope'/],
  [['paths', '--max-retries', '-1'], /^tcp-statechart: error: /],
  [
    ['check', '--suite', 'nope'],
    /^tcp-statechart: error: unknown suite 'nope': expected one of: states, transitions, simple, sneak, switch:N \(N 0–4\), tour, w:k, wp:k, h:k \(k 0–2\), depth:D \(D 1–12\), product:D \(D 1–14\), random$/,
  ],
  [
    ['check', '--replay', '/nonexistent-dir/x.json'],
    /^tcp-statechart: error: cannot read \/nonexistent-dir\/x\.json: no such file$/,
  ],
  [
    ['bogus'],
    /^tcp-statechart: error: unknown command 'bogus' \(commands: table, pkt, check, export, paths, distinguish\)$/,
  ],
])('%j fails with one line on stderr, no stack trace, exit code 2', (args, message) => {
  const { code, out, err } = cli(...args);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err.trimEnd()).toMatch(message);
  expect(err).not.toMatch(/\n\s+at /);
});

test('every `node dist/src/cli/main.js` command in the README runs and exits 0', async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const commands = blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('node dist/src/cli/main.js '))
    .filter((line) => !/ check\b/.test(line)); // the full check takes minutes; test/mbt covers it
  expect(commands.length).toBeGreaterThanOrEqual(10);
  const results = await Promise.all(
    commands.map(async (command) => ({
      command,
      ...(await cliAsync(...command.slice('node dist/src/cli/main.js '.length).split(/\s+/))),
    })),
  );
  for (const result of results) expect(result).toEqual({ command: result.command, code: 0, err: '' });
  expect(existsSync(join(workDir, 'tcp-states.svg'))).toBe(true);
}, 180_000);
