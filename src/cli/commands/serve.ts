import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvFileSecretStore } from '../../core/remote/secrets';
import { openWorkspace } from '../../core/workspace';
import type { WebHost } from '../../web/server';
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

Serves the Copydesk app on 127.0.0.1 and prints the link to open, which carries an access
token. Runs until interrupted (Ctrl+C).

The token and the port are kept in the workspace (web-host.json, readable by you only), so a
browser tab left open across a restart of the server reconnects by itself and saves the edits it
kept meanwhile.

Options:
  -p, --port N         Port to listen on (default: the port of the last run on this workspace
                       if it is free, else any free port; 0: any free port)
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
    const { newToken, readLaunchRecord, writeLaunchRecord } = await import('../../web/launch-record');
    const { localSiteFor } = await import('../../core/local-site/local-site');
    const { nodeCliLauncher } = await import('../../core/local-site/process');
    // Tokens: COPYDESK_TARGET_<NAME>_TOKEN or the 0600 file in COPYDESK_SECRETS_FILE, as for the CLI.
    const secrets = new EnvFileSecretStore(io.env, io.env.COPYDESK_SECRETS_FILE || null);
    const dir = workspaceDir(values.workspace, io);
    const workspace = openWorkspace(dir, { remote: { secrets } });
    try {
      const record = readLaunchRecord(dir);
      const token = record?.token ?? newToken();
      // "Start a local site" runs `copydesk site serve` with the same command as this one.
      const localSite = localSiteFor(workspace, nodeCliLauncher(cliScript()));
      const start = (listenPort: number) =>
        startWebHost({ workspace, staticDir, host: '127.0.0.1', token, port: listenPort, log: (message) => line(io.stderr, message), localSite });
      let host: WebHost;
      if (port === undefined && record?.port) {
        // The last run's port, so open tabs find the server again; taken meanwhile: any port.
        host = await start(record.port).catch((error: unknown) => {
          if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
          return start(0);
        });
      } else {
        host = await start(port ?? 0);
      }
      writeLaunchRecord(dir, { token, port: host.port });
      line(io.stdout, `Copydesk is running at ${host.url}`);
      await untilStopped(io.signal);
      await host.close();
    } finally {
      workspace.close();
    }
    return EXIT_OK;
  },
};

/**
 * The `copydesk` script. The bundle is out/cli/*.js, so bin/copydesk.js is at ../../bin from this
 * module once bundled; otherwise the script this process was started with.
 */
function cliScript(): string {
  const beside = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/copydesk.js');
  return existsSync(beside) ? beside : resolve(process.argv[1] ?? 'bin/copydesk.js');
}

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
