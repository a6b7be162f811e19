import type { Api, CallInput, CallOutput, EventPayload } from '../../shared/contract';
import type { Bridge } from '../../shared/contract/bridge';
import { BRIDGE_KEY, CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from '../../shared/contract/names';
import type { Envelope, ErrorCode } from '../../shared/errors';
import { ConnectionMonitor, type ConnectionSource } from './connection';

/** A failed call, whatever the transport: the host's error envelope, or a local transport failure. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }
}

export interface CallOptions {
  /** Let the request outlive the page (the unload flush). Only the HTTP transport needs it. */
  keepalive?: boolean;
}

/** How envelopes travel: Electron's preload bridge, or HTTP against the loopback web host. */
export interface Transport {
  call(name: CallName, input: unknown, options: CallOptions): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Whether the host is reachable, where that can change (HTTP only). */
  connection?: ConnectionSource;
}

export interface ApiClient {
  /** One typed function per contract call. */
  api: Api;
  /** The same calls with transport options (used by the unload flush). */
  call<K extends CallName>(name: K, input: CallInput<K>, options?: CallOptions): Promise<CallOutput<K>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** The host's reachability in the web build; absent in the desktop app, where it cannot go away. */
  connection?: ConnectionSource;
}

const ERROR_CODES: readonly ErrorCode[] = ['invalid_input', 'unknown_call', 'not_found', 'conflict', 'unauthorized', 'internal'];

/** Checks the envelope's shape (the host is ours, but a proxy or a crash can still send junk). */
function unwrap(raw: unknown, name: string): unknown {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const envelope = raw as Envelope<unknown>;
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false && typeof envelope.error === 'object' && envelope.error !== null) {
      const { code, message, fields } = envelope.error;
      const known = ERROR_CODES.includes(code) ? code : 'internal';
      const cleanFields = typeof fields === 'object' && fields !== null ? fields : undefined;
      throw new ApiError(known, typeof message === 'string' ? message : `${name} failed`, cleanFields);
    }
  }
  throw new ApiError('internal', `Copydesk received an unreadable reply to ${name}`);
}

export function createClient(transport: Transport): ApiClient {
  const call = async <K extends CallName>(name: K, input: CallInput<K>, options: CallOptions = {}): Promise<CallOutput<K>> => {
    const raw = await transport.call(name, input, options);
    return unwrap(raw, name) as CallOutput<K>;
  };
  const api = Object.fromEntries(CALL_NAMES.map((name) => [name, (input?: unknown) => call(name, input as never)])) as Api;
  const on = <K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): (() => void) =>
    transport.on(event, (payload) => listener(payload as EventPayload<K>));
  return transport.connection ? { api, call, on, connection: transport.connection } : { api, call, on };
}

/** Electron: the preload's `window.copydesk`. */
export function bridgeTransport(bridge: Bridge): Transport {
  return {
    async call(name, input) {
      try {
        return await bridge.calls[name](input);
      } catch (error) {
        throw new ApiError('internal', `Copydesk could not reach its main process (${error instanceof Error ? error.message : String(error)})`);
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/**
 * Browser: `POST /api/<name>` with a JSON body and the session cookie the host set when the
 * launch link was opened. The reply is always an envelope, whatever the HTTP status.
 */
export function httpTransport(base = '/api/'): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // The probe is the cheapest call with no effect; its outcome is reported like any other call's.
  const connection = new ConnectionMonitor(() => transport.call('network:get', {}, {}));

  const ensureSource = (): EventSource => {
    if (source) return source;
    source = new EventSource(`${base}events`);
    for (const event of EVENT_NAMES) {
      source.addEventListener(event, (message: MessageEvent<string>) => {
        let payload: unknown;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        for (const listener of listeners.get(event) ?? []) listener(payload);
      });
    }
    return source;
  };

  const transport: Transport = {
    connection,
    async call(name, input, options) {
      let response: Response;
      try {
        response = await fetch(`${base}${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input === undefined ? {} : input),
          credentials: 'same-origin',
          keepalive: options.keepalive === true,
        });
      } catch {
        connection.unreachable();
        throw new ApiError('internal', 'Copydesk could not reach its server. Check that the Copydesk server (copydesk serve) is still running.');
      }
      connection.replied(response.status);
      if (response.status === 401) {
        // The host restarted without this tab's sign-in (its token file was removed or is not trusted).
        throw new ApiError(
          'unauthorized',
          'The Copydesk server no longer recognises this tab. Open the link it printed when it started (“Copydesk is running at …”); your edits are kept in this browser meanwhile.',
        );
      }
      try {
        return await response.json();
      } catch {
        throw new ApiError('internal', `Copydesk's server sent an unreadable reply to ${name} (HTTP ${response.status})`);
      }
    },
    on(event, listener) {
      ensureSource();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        const remaining = [...listeners.values()].reduce((n, s) => n + s.size, 0);
        if (remaining === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
  return transport;
}

function findBridge(): Bridge | undefined {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  return typeof candidate === 'object' && candidate !== null ? (candidate as Bridge) : undefined;
}

/** Picks the transport once: the Electron bridge when present, HTTP otherwise. */
export function createDefaultClient(): ApiClient {
  const bridge = findBridge();
  return createClient(bridge ? bridgeTransport(bridge) : httpTransport());
}
