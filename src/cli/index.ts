import { version } from '../../package.json';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, line, UsageError, type CliIO, type Command } from './io';

export type { CliIO } from './io';

/**
 * The commands, each loaded only when it runs: import and export pull in Lexical, its markdown
 * transformers and yaml (~0.5 s and ~80 MB of a process start), which publish, list and the
 * others never use. The bundle keeps each command in its own chunk (see vite.cli.config.ts).
 */
const COMMANDS: { name: string; summary: string; load(): Promise<Command> }[] = [
  { name: 'serve', summary: 'Run Copydesk in your browser (local only)', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'import', summary: 'Import articles from JSON or Markdown files', load: async () => (await import('./commands/import')).importCommand },
  { name: 'export', summary: 'Export every article to a folder as JSON or Markdown', load: async () => (await import('./commands/export')).exportCommand },
  { name: 'list', summary: 'List the articles in the workspace', load: async () => (await import('./commands/list')).listCommand },
  { name: 'publish', summary: 'Publish the static site (copydesk publish static --out DIR)', load: async () => (await import('./commands/publish')).publishCommand },
  { name: 'outbox', summary: 'List or retry remote publishing actions (outbox list|retry)', load: async () => (await import('./commands/remote')).outboxCommand },
  { name: 'site', summary: 'Run Copydesk Site, the public site server (site serve|token|migrate)', load: async () => (await import('./commands/site-server')).siteServerCommand },
  { name: 'sync', summary: 'Pull new comments and votes from every remote target', load: async () => (await import('./commands/remote')).syncCommand },
];

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
    line(first === undefined ? io.stderr : io.stdout, target ? (await target.load()).help : HELP);
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    line(io.stdout, version);
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) {
    line(io.stderr, `copydesk: unknown ${first.startsWith('-') ? 'option' : 'command'} "${first}"\nRun "copydesk --help" for the list of commands.`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
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

/**
 * Started as the desktop app's utility process (its local site, src/main/local-site.ts): there is
 * no bin/copydesk.js in the packaged app, so the bundle runs the command it is given itself.
 */
const utilityArgs = process.env.COPYDESK_CLI_ARGS;
if (utilityArgs !== undefined && 'parentPort' in process) {
  const args = JSON.parse(utilityArgs) as unknown;
  if (Array.isArray(args) && args.every((a) => typeof a === 'string')) {
    void main(args).then((code) => process.exit(code));
  }
}
