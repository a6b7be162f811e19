import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A purge webhook on 127.0.0.1 (what Varnish, Fastly or a Cloudflare worker would run): records
 * every POST body, and answers as `respond` says (200 by default; tests make it fail or hang).
 */
export interface PurgeReceiver {
  url: string;
  received: { events: string[]; urls: string[]; keys: string[] }[];
  respond: (request: IncomingMessage, response: ServerResponse) => void;
  /** Resolves once `count` requests have arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>;
  /** Resolves once some request named `url` (or rejects after `ms`). */
  waitForUrl(url: string, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPurgeReceiver(): Promise<PurgeReceiver> {
  const waiting: { count: number; resolve: () => void }[] = [];
  const receiver: PurgeReceiver = {
    url: '',
    received: [],
    respond: (_request, response) => response.writeHead(200).end('purged'),
    async waitFor(count, ms = 10_000) {
      if (receiver.received.length >= count) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the purge webhook got ${receiver.received.length} request(s), expected ${count}`)), ms);
        waiting.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async waitForUrl(url, ms = 10_000) {
      for (let waited = 0; !receiver.received.some((r) => r.urls.includes(url)); waited += 20) {
        if (waited >= ms) throw new Error(`the purge webhook was not told about ${url}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.headers['content-type'] === 'application/json') {
        receiver.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PurgeReceiver['received'][number]);
      }
      for (const w of waiting.filter((w) => receiver.received.length >= w.count)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
      receiver.respond(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge?secret=s3cret`;
  return receiver;
}
