#!/usr/bin/env node
/**
 * `npm run test:package`: the package as a user gets it. Packs it (`npm pack`, which builds it), checks
 * what the tarball holds, installs it into a fresh package in a temporary directory, and there
 *  - type-checks consumer/usage.ts with `tsc --strict`, no skipLibCheck and no @types/node, under
 *    moduleResolution node16 (as .cts and .mts) and bundler;
 *  - loads the three entry points with `require` and with `import` under node (consumer/exercise.cjs).
 * Not part of `npm test`: it runs the npm client (the tarball's dependencies come from npm's cache, or
 * the registry on a cold cache) and a full build, and so is neither hermetic nor quick. CI runs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const FIXTURES = join(HERE, 'consumer');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// What the tarball must hold, beside the build: the licence package.json names, and the README.
const REQUIRED_FILES = ['LICENSE', 'README.md', 'package.json', 'dist/src/index.d.ts', 'dist/src/cli/main.js'];

/** A failed check; the message is the one line printed. */
class PackageCheckError extends Error {}

/** Runs a command; on failure prints its output and throws, saying which step failed. */
function run(step, command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new PackageCheckError(
      `${step} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`,
    );
  }
  console.log(`ok  ${step}`);
  return result.stdout;
}

function fail(message) {
  throw new PackageCheckError(message);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'tcp-statechart-consumer-'));
try {
  const [packed] = JSON.parse(run('npm pack', npm, ['pack', '--json', '--pack-destination', work], ROOT));
  const shipped = new Set(packed.files.map((file) => file.path));
  const missing = REQUIRED_FILES.filter((file) => !shipped.has(file));
  if (missing.length > 0) fail(`the tarball lacks ${missing.join(', ')}`);
  console.log(`ok  the tarball holds ${REQUIRED_FILES.join(', ')} (${packed.entryCount} files)`);

  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }, null, 2));
  // --prefer-offline: the dependencies' exact versions are in npm's cache after `npm ci`.
  const install = ['install', join(work, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'];
  run('npm install of the tarball', npm, [...install, '--ignore-scripts'], consumer);
  if (existsSync(join(consumer, 'node_modules', '@types', 'node'))) {
    fail('@types/node was installed with the package, so the check without it proves nothing');
  }

  for (const extension of ['ts', 'cts', 'mts']) {
    copyFileSync(join(FIXTURES, 'usage.ts'), join(consumer, `usage.${extension}`));
  }
  // TypeScript's default lib for the target, which has the DOM's types: xstate's own .d.ts names AbortSignal,
  // which comes from the DOM lib or @types/node. The NodeJS namespace is in neither.
  const compilerOptions = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022' };
  const configs = {
    node16: { module: 'node16', moduleResolution: 'node16', files: ['usage.cts', 'usage.mts'] },
    bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['usage.ts'] },
  };
  for (const [name, { files, ...resolution }] of Object.entries(configs)) {
    const config = join(consumer, `tsconfig.${name}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, files }, null, 2));
    run(`tsc --strict, moduleResolution ${name}`, process.execPath, [TSC, '-p', config], consumer);
  }

  for (const file of ['exercise.cjs', 'require.cjs', 'import.mjs'])
    copyFileSync(join(FIXTURES, file), join(consumer, file));
  run('require() of the three entry points', process.execPath, ['require.cjs'], consumer);
  run('import of the three entry points', process.execPath, ['import.mjs'], consumer);
  const version = JSON.parse(
    readFileSync(join(consumer, 'node_modules', 'tcp-statechart', 'package.json'), 'utf8'),
  ).version;
  console.log(`test:package: tcp-statechart ${version} works in a fresh package`);
} catch (error) {
  if (!(error instanceof PackageCheckError)) throw error;
  console.error(`test:package: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
