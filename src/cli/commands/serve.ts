import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvFileSecretStore } from '../../core/remote/secrets';
import { openWorkspace } from '../../core/workspace';
import { EXIT_FAILURE, EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, workspaceDir, type CliIO, type Command } from '../io';

/**
 * The browser build of the renderer. The CLI bundle is out/cli/index.js and the web build
 * out/web, so it sits at ../web from this module once bundled; COPYDESK_WEB_DIR overrides it.
 */
export function webDir(env: CliIO['env']): string {
  return env.COPYDESK_WEB_DIR ? resolve(env.COPYDESK_WEB_DIR) : resolve(dirname(fileURLToPath(import.meta.url)), '../web');
}

export const serveCommand: Command = {
  name: 'serve',
  help: `Usage: copydesk serve [options]

Serves the Copydesk app on 127.0.0.1 and prints the link to open, which carries a one-time
access token. Runs until interrupted (Ctrl+C).

Options:
  -p, --port N         Port to listen on (default: any free port)
${WORKSPACE_HELP}

Publishing targets are delivered to in the background while it runs.

Environment:
  COPYDESK_WEB_DIR     Folder with the browser build (default: out/web next to the CLI build)
  COPYDESK_SECRETS_FILE  A 0600 JSON file where target tokens entered in the app are kept
  COPYDESK_TARGET_<NAME>_TOKEN  A target's token (wins over the file)`,

  async run(args, io) {
    const { values } = parse(args, { port: { type: 'string', short: 'p' }, ...WORKSPACE_OPTION, ...HELP_OPTION });
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(/^\d+$/.test(values.port ?? '') && port <= 65535)) {
      throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
    }
    const staticDir = webDir(io.env);
    if (!existsSync(join(staticDir, 'index.html'))) {
      line(io.stderr, `error: the browser build of Copydesk is missing (no index.html in ${staticDir}). Run \`npm run build:web\` first.`);
      return EXIT_FAILURE;
    }
    // Loaded here, not at the top: the other commands never need the HTTP host.
    const { startWebHost } = await import('../../web/server');
    // Tokens: COPYDESK_TARGET_<NAME>_TOKEN or the 0600 file in COPYDESK_SECRETS_FILE, as for the CLI.
    const secrets = new EnvFileSecretStore(io.env, io.env.COPYDESK_SECRETS_FILE || null);
    const workspace = openWorkspace(workspaceDir(values.workspace, io), { remote: { secrets } });
    try {
      const host = await startWebHost({
        workspace,
        staticDir,
        host: '127.0.0.1',
        log: (message) => line(io.stderr, message),
        ...(port !== undefined ? { port } : {}),
      });
      line(io.stdout, `Copydesk is running at ${host.url}`);
      await untilStopped(io.signal);
      await host.close();
    } finally {
      workspace.close();
    }
    return EXIT_OK;
  },
};

/** Resolves on SIGINT, SIGTERM or when `signal` aborts, and removes its listeners. */
export function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}
