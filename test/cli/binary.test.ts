/**
 * The command line tool as a user runs it: the project is compiled once with
 * tsc (into a temporary directory, so dist/ is left alone), then the built
 * `src/cli/main.js` is spawned with node. Covers `--help` on every command,
 * every export format, `paths`, the one-line errors, and every
 * `node dist/src/cli/main.js …` command the README shows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTS, EXPORT_FORMATS } from '../../src/export/formats';
import { REPO_ROOT } from '../export/fixtures';

let buildDir: string;
let workDir: string;
let mainJs: string;

beforeAll(() => {
  buildDir = mkdtempSync(join(tmpdir(), 'tcp-statechart-build-'));
  workDir = mkdtempSync(join(tmpdir(), 'tcp-statechart-work-'));
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(
    process.execPath,
    [tsc, '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', buildDir, '--declaration', 'false', '--sourceMap', 'false'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  mainJs = join(buildDir, 'src/cli/main.js');
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
  const result = spawnSync(process.execPath, [mainJs, ...args], { ...spawnOptions(), encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs the built tool without blocking, so that several runs overlap. */
function cliAsync(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], { ...spawnOptions(), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, err }));
  });
}

test.each([[[] as string[]], [['export']], [['paths']], [['table']], [['check']]])('%j --help prints usage and exits 0', (command) => {
  const { code, out, err } = cli(...command, '--help');
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out).toMatch(/^Usage: tcp-statechart/);
});

test.each(EXPORT_FORMATS.map((format) => [format]))('export --format %s prints what is committed in docs/', (format) => {
  const { code, out, err } = cli('export', '--format', format);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out).toBe(readFileSync(join(REPO_ROOT, EXPORTS[format].file), 'utf8'));
});

test('export --out writes the file', () => {
  const { code, out } = cli('export', '--format', 'mermaid', '--out', 'tcp.mmd');
  expect({ code, out }).toEqual({ code: 0, out: '' });
  expect(readFileSync(join(workDir, 'tcp.mmd'), 'utf8')).toMatch(/^stateDiagram-v2$/m);
});

test('paths --suite states prints one path per line', () => {
  const { code, out } = cli('paths', '--suite', 'states');
  expect(code).toBe(0);
  expect(out.trimEnd().split('\n')).toHaveLength(11);
  expect(out).toContain('CLOSED -PASSIVE_OPEN-> LISTEN -RCV_SYN-> SYN_RECEIVED\n');
});

test.each([
  [['export', '--format', 'png'], /^tcp-statechart: error: option '--format <format>' argument 'png' is invalid\./],
  [['export', '--format', 'json', '--out', '/nonexistent-dir/x.json'], /^tcp-statechart: error: cannot write \/nonexistent-dir\/x\.json: no such directory$/],
  [['paths', '--suite', 'nope'], /^tcp-statechart: error: unknown suite 'nope'/],
  [['paths', '--max-retries', '-1'], /^tcp-statechart: error: /],
  [['nonsense'], /^tcp-statechart: error: /],
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
}, 60_000);
