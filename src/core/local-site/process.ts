import { spawn } from 'node:child_process';

/**
 * How a host runs `copydesk <args>` in a process of its own: Node's child_process for the CLI and
 * the web host, Electron's utilityProcess for the desktop app. Both shapes fit this interface.
 */
export interface SiteProcess {
  readonly pid?: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  /** Asks it to stop (SIGTERM on POSIX): the site finishes requests in flight, then exits. */
  kill(): boolean;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
}

export type LaunchCli = (args: string[]) => SiteProcess;

/** Runs the `copydesk` script (bin/copydesk.js) with this process's Node. */
export function nodeCliLauncher(script: string, env: NodeJS.ProcessEnv = process.env): LaunchCli {
  return (args) => spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env, windowsHide: true });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short command (token create/revoke) to its end. */
export function runToEnd(child: SiteProcess, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('The site command did not finish in time.'));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** True while a process with this id exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
