import { version } from '../../package.json';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { publishCommand } from './commands/publish';
import { outboxCommand, syncCommand } from './commands/remote';
import { serveCommand } from './commands/serve';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, line, UsageError, type CliIO, type Command } from './io';

export type { CliIO } from './io';

const COMMANDS: Command[] = [serveCommand, importCommand, exportCommand, listCommand, publishCommand, outboxCommand, syncCommand];

const HELP = `Usage: copydesk <command> [options]

Copydesk: an offline-first editorial workstation for newsrooms.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Options:
  -h, --help      Show this help (or a command's: copydesk <command> --help)
  -v, --version   Print the version

Every command takes --workspace DIR; the default is $COPYDESK_WORKSPACE, else the desktop app's
own workspace, so the CLI and the app see the same articles.`;

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 usage error. It never calls
 * process.exit, so tests can run it in-process; bin/copydesk.js sets the process's exit code.
 */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    line(first === undefined ? io.stderr : io.stdout, target ? target.help : HELP);
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    line(io.stdout, version);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    line(io.stderr, `copydesk: unknown ${first.startsWith('-') ? 'option' : 'command'} "${first}"\nRun "copydesk --help" for the list of commands.`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      line(io.stderr, `copydesk ${command.name}: ${error.message}\nRun "copydesk ${command.name} --help" for usage.`);
      return EXIT_USAGE;
    }
    line(io.stderr, `copydesk ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}
