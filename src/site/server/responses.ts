import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiResponse } from '../store/requests';

/** A JSON response in the shape the API sends and Idempotency-Key replays. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** The contract's Error body. Messages are sentences for the person reading the client's log. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): ApiResponse {
  return json(status, { error: { code, message, ...extra } });
}

export function send(reply: FastifyReply, response: ApiResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body === '' ? undefined : response.body);
}

/** `$.questions[0].answer`: where in the request the first problem is. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${String(part)}`), '$');
}

/** 400 for a body or query that does not match its schema, naming the first problem and where. */
export function invalid(what: string, error: z.ZodError): ApiResponse {
  const issue = error.issues[0]!;
  const path = jsonPath(issue.path);
  return apiError(400, 'invalid_request', `${what} is not valid at ${path}: ${issue.message}`, { path });
}
