/**
 * `tcp-statechart export --format <format> [--out FILE]`: the machine in a
 * format other tools read, written from the machine itself, to stdout or to
 * a file.
 */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { EXPORTS, EXPORT_FORMATS, exportMachine, type ExportFormat } from '../../export/formats';
import { fileErrorMessage } from '../fileErrors';
import type { CliStreams } from '../streams';

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly out?: string;
  /** `--named-guards`: in the stately format, `and([...])` guards as one name in words. */
  readonly namedGuards?: boolean;
}

/** Writing the export failed in a way the user can act on: one line, exit code 2. */
export class ExportFailed extends Error {
  override readonly name = 'ExportFailed';
}

/** Runs `export`: prints the machine in `format`, or writes it to `out`. */
export async function runExport(options: ExportOptions, streams: CliStreams): Promise<void> {
  if (options.namedGuards && options.format !== 'stately') {
    throw new ExportFailed('--named-guards applies to --format stately only');
  }
  const text = await exportMachine(options.format, { namedGuards: options.namedGuards === true });
  if (options.out === undefined || options.out === '-') {
    streams.out(text);
    return;
  }
  try {
    writeFileSync(options.out, text);
  } catch (error) {
    throw new ExportFailed(fileErrorMessage('write', options.out, error));
  }
}

export function registerExportCommand(program: Command, streams: CliStreams): void {
  program
    .command('export')
    .description('write the machine in a format other tools read, generated from the machine itself')
    .addOption(new Option('--format <format>', 'the output format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'write to this file instead of standard output')
    .option(
      '--named-guards',
      'stately only: write and([...]) guards as one guard name in words, for tools without and()',
    )
    .addHelpText(
      'after',
      `\nFormats:\n${EXPORT_FORMATS.map((format) => `  ${format.padEnd(8)} ${EXPORTS[format].description} (committed as ${EXPORTS[format].file})`).join('\n')}\n`,
    )
    .action(async (options: ExportOptions) => {
      await runExport(options, streams);
    });
}
