import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { EVENT_NAMES } from '../shared/contract';
import type { Envelope, ErrorCode } from '../shared/errors';
import { createHandlers } from '../core/api/handlers';
import { dispatch } from '../core/api/dispatch';
import type { Workspace } from '../core/workspace';
import type { LocalSite } from '../core/local-site/local-site';
import { checkOrigin, presentedToken, SECURITY_HEADERS, TOKEN_COOKIE, tokensEqual } from './security';
import { serveStatic } from './static';
import { serveWorkspaceAsset, WORKSPACE_ASSETS_PREFIX } from './assets';

export interface WebHostOptions {
  workspace: Workspace;
  /** The renderer built for the browser (out/web). */
  staticDir: string;
  /** 0 or absent: pick a free port. */
  port?: number;
  host?: '127.0.0.1';
  token?: string;
  log?: (line: string) => void;
  /** "Start a local site": runs while the host runs, stopped when it closes. */
  localSite?: LocalSite;
}

export interface WebHost {
  /** Opens the app already authorised: the token is in the query and becomes a cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The largest API request body; images travel as assets, so real calls are far smaller. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_BODY_LABEL = `${MAX_BODY_BYTES / (1024 * 1024)} MB`;

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_call: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  internal: 500,
};

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, message: string, headers?: OutgoingHttpHeaders): void {
  sendJson(res, status, { ok: false, error: { code, message } }, headers);
}

class BodyTooLargeError extends Error {}

/** Past the limit, how much more of a body is read and dropped before the 413 goes out anyway. */
const DRAIN_MAX_BYTES = 256 * 1024 * 1024;
const DRAIN_MAX_MS = 30_000;

/**
 * Reads a request body of at most MAX_BODY_BYTES. A larger one is refused (by its declared length
 * before any of it is kept, or as soon as it passes the limit), but only once the client has
 * finished sending: the 413 goes out with `Connection: close`, and closing a socket the client is
 * still writing to resets the connection, so the client would see a reset instead of our answer.
 * The rest is read and dropped, never kept, within DRAIN_MAX_BYTES and DRAIN_MAX_MS (a client
 * that sends without end gets the 413 and the close then).
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const refuseOnceSent = (): void => {
      let dropped = 0;
      const refuse = (): void => {
        clearTimeout(timer);
        reject(new BodyTooLargeError());
      };
      const timer = setTimeout(refuse, DRAIN_MAX_MS);
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > DRAIN_MAX_BYTES) refuse();
      });
      req.on('end', refuse);
      req.on('error', refuse);
      req.resume();
    };
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      refuseOnceSent();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      req.off('data', keep);
      req.off('end', finish);
      refuseOnceSent();
    };
    const finish = (): void => resolveBody(Buffer.concat(chunks).toString('utf8'));
    req.on('data', keep);
    req.on('end', finish);
    req.on('error', reject);
  });
}

/**
 * The request target as a URL, or null when it is not a well-formed path: an address `new URL`
 * cannot parse, or a percent-escape that does not decode (`%E0%A4%A`, `%ZZ`, overlong UTF-8).
 * Checked once for every route, so no later decode can throw.
 */
function parseRequestTarget(target: string | undefined, origin: string): URL | null {
  try {
    const url = new URL(target ?? '/', origin);
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

const UNAUTHORISED_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Copydesk</title>
<body><h1>Open Copydesk from its link</h1><p>This Copydesk server only opens from the link it printed when it started
(<code>Copydesk is running at …</code>). Copy that whole link into the address bar.</p></body></html>`;

/**
 * The loopback host: the same renderer and the same parse-then-dispatch as Electron's IPC, for a
 * browser. Bound to 127.0.0.1 only, guarded by a per-launch token, Host and Origin checks.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = resolve(options.staticDir);
  const handlers = createHandlers(options.workspace, options.localSite ? { localSite: options.localSite } : {});
  const log = options.log ?? (() => {});
  const streams = new Set<ServerResponse>();
  let port = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      refuse(res, 405, 'invalid_input', 'API calls use POST');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      refuse(res, 415, 'invalid_input', 'API calls must send Content-Type: application/json');
      return;
    }
    let input: unknown;
    try {
      const text = await readBody(req);
      input = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // Connection: close once the reply is out, so the dropped rest of the body ends there.
        refuse(res, 413, 'invalid_input', `This request is larger than Copydesk accepts: at most ${MAX_BODY_LABEL}.`, { Connection: 'close' });
        return;
      }
      refuse(res, 400, 'invalid_input', 'Request body is not valid JSON');
      return;
    }
    const result = await dispatch(handlers, name, input, {
      onInternalError: (call, error) => log(`error in ${call}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const problem = checkOrigin(req, port);
    if (problem) {
      refuse(res, 403, 'unauthorized', problem);
      return;
    }
    const url = parseRequestTarget(req.url, `http://127.0.0.1:${port}`);
    if (url === null) {
      refuse(res, 400, 'invalid_input', 'This address is not a valid Copydesk path.');
      return;
    }
    const authorised = tokensEqual(presentedToken(req), token);

    if (url.searchParams.has('token') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!tokensEqual(url.searchParams.get('token') ?? undefined, token)) {
        res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(UNAUTHORISED_PAGE);
        return;
      }
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
      });
      res.end();
      return;
    }
    if (!authorised) {
      if (url.pathname.startsWith('/api/')) refuse(res, 401, 'unauthorized', 'Missing or wrong Copydesk token');
      else res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(UNAUTHORISED_PAGE);
      return;
    }
    if (url.pathname === '/api/events' && req.method === 'GET') {
      handleEvents(req, res);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname.startsWith(WORKSPACE_ASSETS_PREFIX)) {
      await serveWorkspaceAsset(options.workspace.dir, url.pathname, res, req.method);
      return;
    }
    serveStatic(staticDir, url.pathname, res, req.method);
  };

  const server = createServer((req, res) => {
    // Whatever a request carries, its failure ends that request only, never the process.
    handleRequest(req, res).catch((error: unknown) => {
      log(`request failed (${req.method ?? '?'}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (res.headersSent) res.destroy();
      else refuse(res, 500, 'internal', 'Copydesk could not complete the request.', { Connection: 'close' });
    });
  });

  const unsubscribers = EVENT_NAMES.map((name) =>
    options.workspace.events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    }),
  );
  // Keeps idle event streams open through proxies and tells us when a tab has gone.
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 25_000);
  heartbeat.unref();

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  // The outbox workers deliver queued remote effects while the host runs (one per target).
  options.workspace.remote.start();

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    close: async () => {
      // Stopped first: an in-flight request is aborted and its row stays in flight for the next start.
      await options.workspace.remote.stop();
      // The local site never outlives the host that started it.
      await options.localSite?.stop();
      clearInterval(heartbeat);
      unsubscribers.forEach((off) => off());
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
