/**
 * `tcp-statechart table`: the model's transition table, read from the machine
 * itself (every state, event, guard, target and segment sent, and the events
 * each state ignores), as aligned plain text, Markdown or JSON.
 */
import type { Command } from 'commander';
import { formatTableMarkdown, formatTableText, transitionTable } from '../../model/transitionTable';
import type { CliStreams } from '../streams';

export type TableFormat = 'text' | 'markdown' | 'json';

/** The options as commander parses them from `--markdown`, `--json`, `--no-descriptions`. */
export interface TableOptions {
  readonly markdown?: boolean;
  readonly json?: boolean;
  /** False with `--no-descriptions`. */
  readonly descriptions?: boolean;
}

/** The output format the options ask for; plain text unless told otherwise. */
export function tableFormat(options: TableOptions): TableFormat {
  if (options.json) return 'json';
  if (options.markdown) return 'markdown';
  return 'text';
}

/** What `table` prints with these options. */
export function renderTable(options: TableOptions = {}): string {
  const rows = transitionTable();
  const formatOptions = { descriptions: options.descriptions !== false };
  switch (tableFormat(options)) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'markdown':
      return formatTableMarkdown(rows, formatOptions);
    case 'text':
      return formatTableText(rows, formatOptions);
  }
}

/** Adds `table` to the program. */
export function registerTableCommand(program: Command, streams: CliStreams): void {
  program
    .command('table')
    .description(
      "print the model's transition table, read from the machine: every state, event, guard, target and segment sent, and the events each state ignores",
    )
    .option('--markdown', 'print a Markdown table')
    .addOption(program.createOption('--json', 'print the rows as JSON').conflicts('markdown'))
    .option('--no-descriptions', 'leave out the description column (RFC references)')
    .action((options: TableOptions) => {
      streams.out(renderTable(options));
    });
}
