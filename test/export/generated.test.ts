/**
 * Every generated file in docs/ matches what the model gives now: change the
 * machine without `npm run generate` and this fails, naming the stale files.
 * And the hand-written docs point at files that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TCP_STATES } from '../../machines/tcp.machine';
import { EXPORTS, EXPORT_FORMATS } from '../../src/export/formats';
import { generatedFiles, staleGeneratedFiles, type GeneratedFile } from '../../src/export/generated';
import { prosePath, STATE_INDEX_PATH, statePagePath, TRANSITION_TABLE_PATH } from '../../src/export/statePages';
import { REPO_ROOT } from './fixtures';

let files: GeneratedFile[];

beforeAll(async () => {
  files = await generatedFiles(REPO_ROOT);
}, 30_000);

test('no generated file is missing or stale (run `npm run generate` after changing the model)', async () => {
  expect(await staleGeneratedFiles(REPO_ROOT)).toEqual([]);
}, 30_000);

test('the generated files are every export, the 11 state pages, their index and the transition table', () => {
  expect(files.map((file) => file.path).sort()).toEqual(
    [
      ...EXPORT_FORMATS.map((format) => EXPORTS[format].file),
      ...TCP_STATES.map(statePagePath),
      STATE_INDEX_PATH,
      TRANSITION_TABLE_PATH,
    ].sort(),
  );
});

test('the JSON export is written to docs/tcp.machine.json and the picture to docs/tcp-states.svg', () => {
  expect(EXPORTS.json.file).toBe('docs/tcp.machine.json');
  expect(EXPORTS.svg.file).toBe('docs/tcp-states.svg');
});

test("a state page has the machine's description, netstat's name, the ways in and out, and the seed article's scenario", () => {
  const page = files.find((file) => file.path === statePagePath('FIN_WAIT_1'))!.content;
  expect(page).toMatch(/^# FIN-WAIT-1$/m);
  expect(page).toContain('Waiting for a connection termination request from the remote TCP');
  expect(page).toContain('| `netstat -tan` | `FIN_WAIT1` |');
  expect(page).toContain('| `ss -tan` | `FIN-WAIT-1` |');
  expect(page).toMatch(/## How a connection gets in\n\n\| from \| event/);
  expect(page).toContain('| FIN_WAIT_1 | RCV_FIN_ACK | otherwise | TIME_WAIT | ACK |');
  expect(page).toContain("the article's `state_fin_wait_1.pkt`");
  expect(page).toContain('[`fin_wait_1.pkt`](../../test/pkt/scripts/fin_wait_1.pkt)');
  expect(page).toContain('+.1 close(4) = 0');
});

test("every state has a hand-written prose file with the seed article's scenario", () => {
  for (const state of TCP_STATES) {
    expect(readFileSync(join(REPO_ROOT, prosePath(state)), 'utf8')).toMatch(/^## In the seed article$/m);
  }
});

test("the RFC's segment notation in descriptions is escaped, so Markdown does not read it as HTML", () => {
  const table = files.find((file) => file.path === TRANSITION_TABLE_PATH)!.content;
  expect(table).toContain('&lt;SEQ=ISS&gt;&lt;CTL=SYN&gt;');
  expect(table).not.toContain('<SEQ=ISS>');
});

/** The relative links of a Markdown file that point into the repository. */
function localLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target));
}

test.each(['docs/architecture.md', 'docs/stately.md', 'docs/states/README.md', ...TCP_STATES.map(statePagePath)])(
  'every link in %s points to a file that exists',
  (path) => {
    const markdown = readFileSync(join(REPO_ROOT, path), 'utf8');
    const missing = localLinks(markdown)
      .map((target) => resolve(dirname(join(REPO_ROOT, path)), target))
      .filter((target) => !existsSync(target));
    expect(missing).toEqual([]);
  },
);

test('the README shows the diagram and links the state pages, the Stately guide and the architecture', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  expect(readme).toContain("![TCP's connection states, generated from the model](docs/tcp-states.svg)");
  for (const link of ['docs/states/README.md', 'docs/stately.md', 'docs/architecture.md', 'docs/transition-table.md']) {
    expect(readme).toContain(`](${link})`);
  }
  for (const format of EXPORT_FORMATS) expect(readme).toContain(`export --format ${format}`);
  expect(readme).toContain('npm run check:generated');
});

test('package.json has the generate, check:generated and docs:api scripts', () => {
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  expect(scripts.generate).toBe('tsx src/export/generate.ts');
  expect(scripts['check:generated']).toBe('tsx src/export/generate.ts --check');
  expect(scripts['docs:api']).toBe('typedoc');
});
