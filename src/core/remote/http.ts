import type { z } from 'zod';
import { RemoteError, failureForStatus, networkError } from './errors';

export interface HttpOptions {
  /** Per request; a slow server counts as offline once this passes. */
  timeoutMs?: number;
  /** Cancels the request (e.g. the app is quitting). */
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const MAX_MESSAGE = 300;

/**
 * fetch with a timeout and an outer AbortSignal, turning every failure into a RemoteError and
 * every successful body into data checked by `schema`. Bodies of other statuses are read only for
 * a short server message.
 */
export async function requestJson<T>(
  what: string,
  url: URL,
  init: RequestInit,
  schema: z.ZodType<T> | null,
  options: HttpOptions = {},
  accept: (status: number) => boolean = (s) => s >= 200 && s < 300,
): Promise<HttpResponse<T>> {
  // One controller and one timer per request, both released when it settles. (AbortSignal.any
  // over the worker's long-lived signal plus AbortSignal.timeout left a dependent signal and a
  // 15 s timer behind for every request: thousands of them during a drain.)
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('timed out', 'TimeoutError'));
  }, options.timeoutMs ?? 15_000);
  const outer = options.signal;
  const cancel = () => controller.abort(outer?.reason);
  if (outer?.aborted) cancel();
  else outer?.addEventListener('abort', cancel, { once: true });
  let response: Response;
  let text: string;
  try {
    try {
      response = await (options.fetch ?? fetch)(url, { ...init, signal: controller.signal, redirect: 'error' });
    } catch (error) {
      if (outer?.aborted) throw new RemoteError('offline', `${what}: cancelled`);
      throw networkError(error, what, timedOut);
    }
    try {
      text = await response.text();
    } catch (error) {
      throw networkError(error, what, timedOut);
    }
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', cancel);
  }
  if (!accept(response.status)) {
    throw new RemoteError(failureForStatus(response.status), `${what}: HTTP ${response.status}${serverMessage(text)}`, response.status);
  }
  if (schema === null) return { status: response.status, headers: response.headers, body: undefined as T };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RemoteError('retryable', `${what}: the server answered with something that is not JSON`, response.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RemoteError('rejected', `${what}: unexpected answer (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`, response.status);
  }
  return { status: response.status, headers: response.headers, body: parsed.data };
}

/** The server's own explanation, if it gave one in a JSON error body, shortened. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown }; errors?: { message?: unknown }[] };
    const message = body.error?.message ?? body.errors?.[0]?.message;
    return typeof message === 'string' && message ? `: ${message.slice(0, MAX_MESSAGE)}` : '';
  } catch {
    return '';
  }
}

/** Appends a path to a base URL that may itself have a path (https://host/api/). */
export function endpoint(base: string, path: string, query?: Record<string, string | number | undefined>): URL {
  const root = new URL(base);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const url = new URL(path.replace(/^\//, ''), root);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}
