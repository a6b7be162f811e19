import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultWorkspaceDir } from '../core/paths';
import { openWorkspace, type Workspace } from '../core/workspace';
import { EnvFileSecretStore } from '../core/remote/secrets';

/** Where a command writes and what it reads from its environment; tests pass their own. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  /** Aborting it stops `serve` the way SIGINT does (for tests and embedders). */
  signal?: AbortSignal | undefined;
}

export interface Command {
  name: string;
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const WORKSPACE_OPTION = { workspace: { type: 'string', short: 'w' } } as const;
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

export const WORKSPACE_HELP = `  -w, --workspace DIR  The workspace folder (default: $COPYDESK_WORKSPACE, else the app's own workspace)
  -h, --help           Show this help`;

/** node:util parseArgs, strict, with its errors turned into UsageError. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function workspaceDir(option: string | undefined, io: CliIO): string {
  return resolve(option || defaultWorkspaceDir(io.env));
}

/** Opens the workspace, runs `fn`, and closes it whatever happens. */
export async function withWorkspace<R>(option: string | undefined, io: CliIO, fn: (workspace: Workspace) => Promise<R> | R): Promise<R> {
  // Remote target credentials: COPYDESK_TARGET_<NAME>_TOKEN or the 0600 file in COPYDESK_SECRETS_FILE.
  const secrets = new EnvFileSecretStore(io.env, io.env.COPYDESK_SECRETS_FILE || null);
  const workspace = openWorkspace(workspaceDir(option, io), { remote: { secrets } });
  try {
    return await fn(workspace);
  } finally {
    workspace.close();
  }
}

export function line(stream: { write(chunk: string): unknown }, text: string): void {
  stream.write(`${text}\n`);
}
