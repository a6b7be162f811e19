import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AppliedWrite, Fault, SiteApiServerOptions } from '../fixtures/site-api-server';

/**
 * The fault schedule of tests/fixtures/site-api-server.ts, in front of a real site server: the
 * same faults with the same meaning ('drop_after_commit' lets the real server commit, then cuts
 * the connection), so the desktop's outbox and sync tests run unchanged against either. It
 * records what the fixture records: requests, the writes the server really applied (a replay is
 * marked by the server's Idempotent-Replayed header), and requests the server refused as outside
 * the contract (400 or 422), as `violations`.
 */
export class FaultProxy {
  readonly violations: string[] = [];
  readonly applied: AppliedWrite[] = [];
  requests = 0;
  faults: NonNullable<SiteApiServerOptions['faults']>;
  port = 0;
  private server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly upstream: string,
    private readonly options: SiteApiServerOptions = {},
  ) {
    this.faults = options.faults ?? [];
    this.server = this.makeServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  private makeServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  async goOffline(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server = this.makeServer();
  }

  async goOnline(): Promise<void> {
    if (this.server.listening) return;
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextFault(method: string, path: string): Fault {
    const n = this.requests++;
    if (typeof this.faults === 'function') return this.faults({ method, path, n });
    return this.faults.shift() ?? 'none';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/api/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const fault = this.nextFault(method, path);
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'refuse') {
      req.socket.destroy();
      await this.goOffline();
      setTimeout(() => void this.goOnline(), this.options.offlineMs ?? 200);
      return;
    }
    if (fault === 'hang') return;
    if (fault === '500' || fault === '503') {
      res.writeHead(Number(fault), { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 'unavailable', message: 'try later' } }));
    }
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(new URL(req.url!.replace(/^\//, ''), this.upstream), { method, headers, body: body.length > 0 ? body : undefined });
    const text = await upstream.text();
    this.record(method, path, headers, body, upstream, text);
    if (fault === 'drop_after_commit') return void res.socket?.destroy();
    if (fault === 'commit_then_hang') return;
    const reply = () => {
      if (res.destroyed) return;
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(name)) out[name] = value;
      });
      res.writeHead(upstream.status, out);
      res.end(text);
    };
    if (fault === 'slow') return void setTimeout(reply, this.options.slowMs ?? 50);
    reply();
  }

  private record(method: string, path: string, headers: Record<string, string>, body: Buffer, response: Response, text: string): void {
    if (response.status === 400 || response.status === 422) this.violations.push(`${method} ${path} refused by the site: ${text}`);
    if (method === 'GET' || response.status >= 300 || response.headers.get('idempotent-replayed') === 'true') return;
    const key = headers['idempotency-key'] ?? '';
    const id = /^\/articles\/([^/]+)$/.exec(path)?.[1] ?? '';
    if (method === 'PUT' && path === '/moderation/rules') this.applied.push({ op: 'rules', id: '', key, rules: (JSON.parse(body.toString('utf8')) as { rules: unknown[] }).rules });
    else if (method === 'PUT') this.applied.push({ op: 'put', id, key, headline: (JSON.parse(body.toString('utf8')) as { headline: string }).headline });
    else if (method === 'DELETE') this.applied.push({ op: 'delete', id, key });
    else this.applied.push({ op: 'moderate', id: '', key, decisions: (JSON.parse(body.toString('utf8')) as { decisions: unknown[] }).decisions });
  }
}
