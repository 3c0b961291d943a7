/**
 * The `export` and `paths` commands, run in-process through the program's
 * own `main()`: what they print, where they write, and that every error is
 * one line and exit code 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTS, EXPORT_FORMATS } from '../../src/export/formats';
import { REPO_ROOT } from '../export/fixtures';
import { run } from './io';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcp-statechart-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('export', () => {
  test.each(EXPORT_FORMATS.filter((format) => format !== 'svg').map((format) => [format]))(
    '--format %s prints the committed export',
    async (format) => {
      const { code, out, err } = await run('export', '--format', format);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toBe(readFileSync(join(REPO_ROOT, EXPORTS[format].file), 'utf8'));
    },
  );

  test('--format svg --out FILE writes the diagram to the file and prints nothing', async () => {
    const file = join(dir, 'tcp-states.svg');
    const { code, out } = await run('export', '--format', 'svg', '--out', file);
    expect({ code, out }).toEqual({ code: 0, out: '' });
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'docs/tcp-states.svg'), 'utf8'));
  }, 30_000);

  test('an unknown format is one line naming the allowed ones, exit code 2', async () => {
    const { code, out, err } = await run('export', '--format', 'png');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      "tcp-statechart: error: option '--format <format>' argument 'png' is invalid. Allowed choices are json, stately, mermaid, dot, scxml, svg.\n",
    );
  });

  test('a missing --format is one line, exit code 2', async () => {
    const { code, err } = await run('export');
    expect(code).toBe(2);
    expect(err).toBe("tcp-statechart: error: required option '--format <format>' not specified\n");
  });

  test('a file that cannot be written is one line, exit code 2, no stack trace', async () => {
    const file = join(dir, 'no-such-dir', 'tcp.json');
    const { code, err } = await run('export', '--format', 'json', '--out', file);
    expect(code).toBe(2);
    expect(err).toBe(`tcp-statechart: error: cannot write ${file}: no such directory\n`);
  });

  test('--named-guards with another format than stately is refused', async () => {
    const { code, err } = await run('export', '--format', 'dot', '--named-guards');
    expect(code).toBe(2);
    expect(err).toBe('tcp-statechart: error: --named-guards applies to --format stately only\n');
  });

  test('--help lists the formats and where their committed copies live', async () => {
    const { code, out } = await run('export', '--help');
    expect(code).toBe(0);
    for (const format of EXPORT_FORMATS) expect(out).toContain(`(committed as ${EXPORTS[format].file})`);
  });
});

describe('paths', () => {
  test('--suite states lists a shortest path to every state, one per line', async () => {
    const { code, out } = await run('paths', '--suite', 'states');
    expect(code).toBe(0);
    const { out: json } = await run('paths', '--suite', 'states', '--json');
    const paths = (JSON.parse(json) as { paths: { name: string }[] }).paths;
    expect(out.trimEnd().split('\n')).toEqual(paths.map((path) => path.name));
    expect(paths).toHaveLength(11);
    expect(out).toMatch(/^CLOSED$/m);
    expect(out).toContain('CLOSED -ACTIVE_OPEN-> SYN_SENT\n');
  });

  test('states is the default suite', async () => {
    expect((await run('paths')).out).toBe((await run('paths', '--suite', 'states')).out);
  });

  test('--json prints the suite, the model input and every path with its events', async () => {
    const { code, out } = await run('paths', '--suite', 'sneak', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      suite: string;
      input: object;
      count: number;
      paths: { name: string; events: string[] }[];
    };
    expect(report.suite).toBe('sneak');
    expect(report.input).toEqual({ maxRetries: 2 });
    expect(report.count).toBe(report.paths.length);
    expect(report.paths[0]).toEqual({ name: 'CLOSED -PASSIVE_OPEN-> LISTEN', events: ['PASSIVE_OPEN'] });
  });

  test('--max-retries and --rfc1337 change the model input', async () => {
    const { out } = await run('paths', '--suite', 'transitions', '--json', '--max-retries', '0', '--rfc1337');
    const report = JSON.parse(out) as { input: object; paths: { name: string }[] };
    expect(report.input).toEqual({ maxRetries: 0, rfc1337: true });
    // With no retries, the first RTO gives up at once: SYN-SENT never re-enters itself.
    expect(report.paths.some((path) => path.name.includes('SYN_SENT -after RTO-> SYN_SENT'))).toBe(false);
  });

  test.each([['switch:1'], ['simple']])('--suite %s lists paths from CLOSED', async (suite) => {
    const { code, out } = await run('paths', '--suite', suite);
    expect(code).toBe(0);
    for (const line of out.trimEnd().split('\n')) expect(line).toMatch(/^CLOSED( -\S.*-> [A-Z_0-9]+)*$/);
  });

  test.each([['bogus'], ['switch:9'], ['depth:3'], ['random']])(
    'a bad suite name (%s) is one line, exit code 2',
    async (suite) => {
      const { code, out, err } = await run('paths', '--suite', suite);
      expect({ code, out }).toEqual({ code: 2, out: '' });
      expect(err).toBe(
        `tcp-statechart: error: unknown suite '${suite}': expected one of: states, transitions, simple, sneak, switch:N (N 0–4), tour, w:k, wp:k, h:k (k 0–2)\n`,
      );
    },
  );

  test('a bad --max-retries is one line, exit code 2', async () => {
    const { code, err } = await run('paths', '--max-retries', 'many');
    expect(code).toBe(2);
    expect(err).toBe("tcp-statechart: error: --max-retries takes a whole number from 0 to 12, got 'many'\n");
  });
});
