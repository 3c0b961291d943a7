#!/usr/bin/env node
/**
 * The command line tool, `tcp-statechart [command]`. Each command lives in its
 * own file under `commands/` and registers itself on the program; this file
 * only wires them together and turns every failure into one line on stderr
 * and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check';
import { registerDistinguishCommand } from './commands/distinguish';
import { registerExportCommand } from './commands/export';
import { registerPathsCommand } from './commands/paths';
import { registerPktCommand } from './commands/pkt';
import { registerTableCommand } from './commands/table';
import { processStreams, type CliStreams } from './streams';
import { packageVersion } from './version';

export const PROGRAM_NAME = 'tcp-statechart';

/** Exit code of a usage error or a failed command. */
export const EXIT_FAILURE = 2;

/** `unknown command 'foo' (commands: table, pkt, …)`, exit code 2. */
function unknownCommand(program: Command, name: string): never {
  const commands = program.commands
    .map((command) => command.name())
    .filter((command) => command !== 'help')
    .join(', ');
  program.error(`error: unknown command '${name}' (commands: ${commands})`, {
    code: 'commander.unknownCommand',
    exitCode: EXIT_FAILURE,
  });
}

/** The program with every command registered, writing to `streams`; a command that fails sets `status.exitCode`. */
export function createProgram(streams: CliStreams, status: { exitCode: number } = { exitCode: 0 }): Command {
  const program = new Command(PROGRAM_NAME)
    .description("TCP's connection state machine (RFC 9293) as an executable XState v5 model")
    // Commander would call process.exit; throwing lets main() choose the exit code.
    .exitOverride()
    // One line per error: no "(Did you mean ...?)" line under it.
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: streams.out,
      writeErr: streams.err,
      outputError: (message, write) => write(`${PROGRAM_NAME}: ${message}`),
    });
  program.version(packageVersion(), '-V, --version', 'print the version');
  registerTableCommand(program, streams);
  registerPktCommand(program, streams, (code) => (status.exitCode = code));
  registerCheckCommand(program, streams, (code) => {
    status.exitCode = code;
  });
  registerExportCommand(program, streams);
  registerPathsCommand(program, streams);
  registerDistinguishCommand(program, streams);
  // Commander's own `help foo` prints the whole help for a command that does not exist: ours says so in one line.
  program.helpCommand(false);
  program
    .command('help [command]')
    .description('print the help of a command, or of the program')
    .action((name: string | undefined) => {
      if (name === undefined) return program.help();
      const command = program.commands.find((candidate) => candidate.name() === name && candidate.name() !== 'help');
      if (command === undefined) unknownCommand(program, name);
      command.help();
    });
  // Commander's own unknown-command error, with the commands there are.
  program.on('command:*', (operands: string[]) => unknownCommand(program, operands[0]!));
  return program;
}

/**
 * Runs the command line on `args` (the arguments after the program name) and
 * returns the exit code: 0, or 2 after printing one line on stderr. With no
 * arguments it prints the help, as `--help` does: no command is the default,
 * so a mistyped command is never taken for another command's argument.
 */
export async function main(args: readonly string[], streams: CliStreams = processStreams): Promise<number> {
  try {
    const status = { exitCode: 0 };
    await createProgram(streams, status).parseAsync(args.length === 0 ? ['--help'] : [...args], { from: 'user' });
    return status.exitCode;
  } catch (error) {
    // Commander has printed its message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_FAILURE;
    const message = error instanceof Error ? error.message : String(error);
    streams.err(`${PROGRAM_NAME}: error: ${message.split('\n')[0]}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`${PROGRAM_NAME}: error: ${error.message}\n`);
    process.exit(error.code === 'EPIPE' ? 0 : EXIT_FAILURE);
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
