/**
 * How a remote call failed, which decides what the outbox does next:
 * - offline: connection refused, DNS failure, timeout — pause the target, probe, resume by itself;
 *   not counted as an attempt.
 * - retryable: 5xx, 429, a connection dropped mid-response — back off with jitter, counted.
 * - conflict: the remote changed since our last read (412, Ghost 409) — needs a person.
 * - rejected: auth failure or a request the server will never accept — needs a person.
 *
 * Messages are built from status codes, error codes and the server's own (zod-parsed, truncated)
 * message; never from request headers, so a credential cannot leak into last_error or logs.
 */
export type RemoteFailure = 'offline' | 'retryable' | 'conflict' | 'rejected';

export class RemoteError extends Error {
  constructor(
    readonly failure: RemoteFailure,
    message: string,
    readonly status?: number,
    /** For conflicts: what the target holds now. */
    readonly remote?: { version: string | null; snapshot: Record<string, unknown> },
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export function failureForStatus(status: number): RemoteFailure {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
  if (status === 409 || status === 412) return 'conflict';
  return 'rejected';
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Maps what fetch threw onto a RemoteError. `timedOut` is set when our own timer aborted it. */
export function networkError(error: unknown, what: string, timedOut: boolean): RemoteError {
  if (error instanceof RemoteError) return error;
  if (timedOut) return new RemoteError('offline', `${what}: no answer in time`);
  const code = errorCode(error);
  if (code && OFFLINE_CODES.has(code)) return new RemoteError('offline', `${what}: cannot connect (${code})`);
  // A reset or a half-closed socket may come after the server committed: retry with the same key.
  return new RemoteError('retryable', `${what}: connection failed${code ? ` (${code})` : ''}`);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
