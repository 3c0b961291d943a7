/**
 * Every file in `docs/` that is generated from the model, and the two jobs
 * on them: write them all (`npm run generate`) and report the ones whose
 * committed copy differs from what the model gives now
 * (`npm run check:generated`, and the jest test that fails when one is stale).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TcpState } from '../../machines/tcp.machine';
import { EXPORTS, EXPORT_FORMATS } from './formats';
import { docPages, prosePath } from './statePages';

export interface GeneratedFile {
  /** Relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/** The hand-written prose of each state that has a prose file under `root`. */
function proseReader(root: string): (state: TcpState) => string | undefined {
  return (state) => {
    const file = join(root, prosePath(state));
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}

/** What every generated file should hold, given the repository at `root` (for the prose files). */
export async function generatedFiles(root: string): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const format of EXPORT_FORMATS) {
    files.push({ path: EXPORTS[format].file, content: await EXPORTS[format].render() });
  }
  for (const [path, content] of docPages(proseReader(root))) files.push({ path, content });
  return files;
}

/** Writes every generated file under `root`; returns the paths that changed. */
export async function writeGeneratedFiles(root: string): Promise<string[]> {
  const changed: string[] = [];
  for (const file of await generatedFiles(root)) {
    const target = join(root, file.path);
    if (existsSync(target) && readFileSync(target, 'utf8') === file.content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    changed.push(file.path);
  }
  return changed;
}

export interface StaleFile {
  readonly path: string;
  readonly reason: 'missing' | 'stale';
}

/** The generated files under `root` that are missing or differ from what the model gives now. */
export async function staleGeneratedFiles(root: string): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const file of await generatedFiles(root)) {
    const target = join(root, file.path);
    if (!existsSync(target)) stale.push({ path: file.path, reason: 'missing' });
    else if (readFileSync(target, 'utf8') !== file.content) stale.push({ path: file.path, reason: 'stale' });
  }
  return stale;
}
