/**
 * `npm run generate` writes every generated file in `docs/`;
 * `npm run check:generated` (this script with `--check`) writes nothing,
 * lists the files that are missing or stale, and exits 1 if there is one.
 * Both work on the repository in the current directory.
 */
import { staleGeneratedFiles, writeGeneratedFiles } from './generated';

export async function generate(args: readonly string[], root: string = process.cwd()): Promise<number> {
  if (args.includes('--check')) {
    const stale = await staleGeneratedFiles(root);
    if (stale.length === 0) {
      process.stdout.write('generated files are up to date\n');
      return 0;
    }
    for (const file of stale) process.stderr.write(`${file.reason}: ${file.path}\n`);
    process.stderr.write(`${stale.length} generated file(s) out of date: run \`npm run generate\`\n`);
    return 1;
  }
  const changed = await writeGeneratedFiles(root);
  process.stdout.write(
    changed.length === 0 ? 'generated files are up to date\n' : changed.map((path) => `wrote ${path}\n`).join(''),
  );
  return 0;
}

if (require.main === module) {
  generate(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`generate: error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
