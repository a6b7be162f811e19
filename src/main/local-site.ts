import type { UtilityProcess } from 'electron';
import type { LaunchCli } from '../core/local-site/process';

/** The variable that tells the CLI bundle it runs as the desktop's utility process, and with what. */
export const CLI_ARGS_ENV = 'COPYDESK_CLI_ARGS';

type Fork = (modulePath: string, args?: string[], options?: Electron.ForkOptions) => UtilityProcess;

/**
 * Runs `copydesk <args>` in an Electron utility process: the packaged app has no separate Node
 * (its runAsNode fuse is off), so the CLI bundle (out/cli/index.js, the same code as
 * `copydesk site serve`) runs in Electron's own Node. The arguments travel in an environment
 * variable, which the bundle reads when it is started this way (see src/cli/index.ts).
 */
export function utilityCliLauncher(fork: Fork, cliModule: string): LaunchCli {
  return (args) =>
    fork(cliModule, args, {
      stdio: 'pipe',
      serviceName: 'Copydesk local site',
      env: { ...process.env, [CLI_ARGS_ENV]: JSON.stringify(args) },
    });
}
