import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LOCAL_SITE_TARGET, type LocalSiteStatus } from '../../shared/local-site';
import { CopydeskError } from '../../shared/errors';
import type { RemoteService } from '../remote/service';
import { SiteSettingsStore } from '../publish/settings';
import type { Workspace } from '../workspace';
import { isAlive, runToEnd, type LaunchCli, type SiteProcess } from './process';

/**
 * "Start a local site for this workspace". Runs `copydesk site serve` (the same code as on a
 * server) as a child process on 127.0.0.1 with its database in <workspace>/site/, gives the desk
 * a publish+moderate token for it (kept in the host's SecretStore, never in the workspace
 * database), and points the "local_site" target at it, so publishing, sync and moderation go
 * through the outbox exactly as for any Copydesk site.
 *
 * One server per workspace: the host stops it on quit, and a server left behind by a crash is
 * found by its record file (pid + address, checked by /healthz) and stopped before a new start.
 */

export const LOCAL_SITE_DIR = 'site';
const RECORD_FILE = 'desktop-server.json';
/** The site's name for the desk's token (one active token per name on the site). */
const TOKEN_NAME = 'Copydesk desktop';
const RUNNING_LINE = /Copydesk site is running at (\S+)/;

const RecordSchema = z.object({ pid: z.number().int().positive(), url: z.url() });

export interface LocalSiteOptions {
  workspaceDir: string;
  remote: RemoteService;
  /** Runs `copydesk <args>` (see process.ts). */
  launch: LaunchCli;
  /** The site's name on its pages (the workspace's site title), read at each start. */
  title?: () => string;
  /** How long the server may take to print its address (a cold start on a busy machine). */
  startTimeoutMs?: number;
  fetch?: typeof fetch;
}

export class LocalSite {
  private child: SiteProcess | null = null;
  private url: string | null = null;
  private state: LocalSiteStatus['state'] = 'stopped';
  private message = 'Not running. Start it to read your published articles as readers will.';
  private starting: Promise<LocalSiteStatus> | null = null;
  private stopping: Promise<void> | null = null;
  readonly dataDir: string;

  constructor(private readonly options: LocalSiteOptions) {
    this.dataDir = join(options.workspaceDir, LOCAL_SITE_DIR);
  }

  status(): LocalSiteStatus {
    return { state: this.state, url: this.url, targetId: this.target()?.id ?? null, dataDir: this.dataDir, message: this.message };
  }

  /** Starts the server (or returns the running one) and points the local target at it. */
  start(): Promise<LocalSiteStatus> {
    if (this.state === 'running' && this.child) return Promise.resolve(this.status());
    this.starting ??= this.run().finally(() => (this.starting = null));
    return this.starting;
  }

  /**
   * Stops the server. The signal goes out before the first await, so a host that cannot wait
   * (Electron's will-quit) still stops it by calling this.
   */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.stopping ??= (async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      const inTime = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
      if (!inTime && child.pid !== undefined && isAlive(child.pid)) process.kill(child.pid, 'SIGKILL');
      this.removeRecord();
      this.child = null;
      this.url = null;
      this.state = 'stopped';
      this.message = 'Stopped. Your published articles stay in the site’s data; start it again to read them.';
    })().finally(() => (this.stopping = null));
    return this.stopping;
  }

  private target() {
    return this.options.remote.targets.rows().find((t) => t.name === LOCAL_SITE_TARGET) ?? null;
  }

  private async run(): Promise<LocalSiteStatus> {
    this.state = 'starting';
    this.message = 'Starting the local site…';
    try {
      try {
        mkdirSync(this.dataDir, { recursive: true });
      } catch {
        throw new Error(`The local site could not start: its data folder ${this.dataDir} cannot be made (is a file in its place?).`);
      }
      await this.stopLeftover();
      const url = await this.serve();
      const token = await this.usableToken(url);
      this.pointTarget(url, token);
      this.state = 'running';
      this.message = 'Running on this computer only. Articles you publish appear here.';
    } catch (error) {
      await this.stop();
      this.state = 'failed';
      this.message = error instanceof CopydeskError || error instanceof Error ? error.message : 'The local site could not start.';
    }
    return this.status();
  }

  /** Starts `copydesk site serve`, on the last run's port when free so the address stays put. */
  private async serve(): Promise<string> {
    const previous = this.target()?.baseUrl;
    const port = previous ? Number(new URL(previous).port) || 0 : 0;
    try {
      return await this.spawnServe(port);
    } catch (error) {
      if (port === 0 || !(error instanceof PortTaken)) throw error;
      return this.spawnServe(0);
    }
  }

  private spawnServe(port: number): Promise<string> {
    const title = this.options.title?.().trim().slice(0, 120);
    const args = ['site', 'serve', '--data', this.dataDir, '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn', ...(title ? ['--title', title] : [])];
    const child = this.options.launch(args);
    this.child = child;
    this.url = null;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error('The local site did not start in time. Try again; if it keeps failing, the details are in the app’s log.')), this.options.startTimeoutMs ?? 30_000);
      child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = RUNNING_LINE.exec(out);
        if (!match || this.url) return;
        clearTimeout(timer);
        this.url = match[1]!;
        if (child.pid !== undefined) this.writeRecord(child.pid, this.url);
        resolve(this.url);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        if (this.child === child) {
          this.child = null;
          this.removeRecord();
        }
        if (this.url === null) {
          reject(/already in use/.test(err) ? new PortTaken() : new Error(`The local site could not start: ${lastSentence(err)}`));
          return;
        }
        // It ended without being asked to: say so rather than show a dead link.
        if (this.state !== 'stopped' && !this.stopping) {
          this.url = null;
          this.state = 'failed';
          this.message = 'The local site stopped unexpectedly. Start it again to bring it back.';
        }
      });
    });
  }

  /** The stored token when the site accepts it with both scopes, else a new one. */
  private async usableToken(url: string): Promise<string | null> {
    const target = this.target();
    const stored = target ? this.options.remote.targets.credential(target) : null;
    if (stored !== null && (await this.accepts(url, stored))) return null;
    // The old token (lost or revoked) goes first: the site allows one active token per name.
    await runToEnd(this.options.launch(['site', 'token', 'revoke', TOKEN_NAME, '--data', this.dataDir]), 30_000);
    const created = await runToEnd(this.options.launch(['site', 'token', 'create', '--name', TOKEN_NAME, '--scope', 'publish,moderate', '--data', this.dataDir]), 30_000);
    const token = created.stdout.trim().split('\n').find((line) => /^cds_\S+$/.test(line));
    if (created.code !== 0 || !token) throw new Error(`The local site could not make a token for the desk: ${lastSentence(created.stderr)}`);
    return token;
  }

  private async accepts(url: string, token: string): Promise<boolean> {
    try {
      const response = await (this.options.fetch ?? fetch)(new URL('api/comments?limit=1', url), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Adds or updates the "local_site" target; a new token goes to the SecretStore only. */
  private pointTarget(url: string, token: string | null): void {
    const target = this.target();
    if (target && target.baseUrl === url && token === null) return;
    this.options.remote.saveTarget({
      ...(target ? { id: target.id } : {}),
      name: LOCAL_SITE_TARGET,
      kind: 'site',
      baseUrl: url,
      autoPublish: target?.autoPublish ?? true,
      ...(token !== null ? { credential: token } : {}),
    });
  }

  /** A server a crashed host left running on this workspace's data is stopped first. */
  private async stopLeftover(): Promise<void> {
    const record = this.readRecord();
    if (!record) return;
    if (isAlive(record.pid) && (await this.isOurSite(record.url))) {
      process.kill(record.pid, 'SIGTERM');
      for (let waited = 0; waited < 10_000 && isAlive(record.pid); waited += 100) await delay(100);
    }
    this.removeRecord();
  }

  /** The recorded address still answers as a Copydesk site (so the pid was not reused by another program). */
  private async isOurSite(url: string): Promise<boolean> {
    try {
      const response = await (this.options.fetch ?? fetch)(new URL('healthz', url), { signal: AbortSignal.timeout(3_000) });
      const body = (await response.json()) as unknown;
      return response.ok && z.object({ status: z.literal('ok') }).safeParse(body).success;
    } catch {
      return false;
    }
  }

  private get recordFile(): string {
    return join(this.dataDir, RECORD_FILE);
  }

  private readRecord(): z.infer<typeof RecordSchema> | null {
    if (!existsSync(this.recordFile)) return null;
    try {
      const parsed = RecordSchema.safeParse(JSON.parse(readFileSync(this.recordFile, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private writeRecord(pid: number, url: string): void {
    writeFileSync(this.recordFile, `${JSON.stringify({ pid, url })}\n`, { mode: 0o600 });
  }

  private removeRecord(): void {
    rmSync(this.recordFile, { force: true });
  }
}

class PortTaken extends Error {}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The CLI's own last line ("copydesk site: <sentence>"), without its prefix. */
function lastSentence(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('{'));
  return (lines.at(-1) ?? 'it ended without saying why.').replace(/^copydesk site(?: \w+)?: /, '');
}

/** The local site of an open workspace: its targets, and its site title on the pages. */
export function localSiteFor(workspace: Workspace, launch: LaunchCli): LocalSite {
  const settings = new SiteSettingsStore(workspace.db);
  return new LocalSite({ workspaceDir: workspace.dir, remote: workspace.remote, launch, title: () => settings.get().title });
}
