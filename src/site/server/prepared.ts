import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, type CachedResponse } from './cache';

/**
 * Responses prepared once and sent many times (cached pages, live JSON, assets): the bytes, a
 * gzip copy for clients that accept it (every browser does; it is what makes a 110 KB live JSON
 * of 200 comments cheap to send), and each copy's ETag and headers, all computed when the entry
 * is built rather than per request.
 */

/** Bodies smaller than this are sent as they are: gzip would save less than its headers cost. */
const GZIP_FROM_BYTES = 1_024;

/** `headers` are the response's own (content-type, cache-control, CSP...); ETag and Vary are added here. */
export function prepareResponse(body: string, headers: Record<string, string>): CachedResponse {
  const bytes = Buffer.from(body);
  const etag = etagOf(bytes);
  if (bytes.length < GZIP_FROM_BYTES) return { body: bytes, etag, headers: { ...headers, etag }, gzip: null };
  const zipped = gzipSync(bytes, { level: 6 });
  // A strong ETag names one representation: the gzip copy gets its own.
  const gzipEtag = `${etag.slice(0, -1)}-gz"`;
  return {
    body: bytes,
    etag,
    headers: { ...headers, etag, vary: 'accept-encoding' },
    gzip: { body: zipped, etag: gzipEtag, headers: { ...headers, etag: gzipEtag, vary: 'accept-encoding', 'content-encoding': 'gzip' } },
  };
}

/** True when an Accept-Encoding header allows gzip (named, or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/** Sends a prepared response in the encoding the client accepts; 304 when it already holds it. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, response: CachedResponse): FastifyReply {
  const variant = response.gzip && acceptsGzip(request.headers['accept-encoding']) ? response.gzip : response;
  reply.headers(variant.headers);
  const match = request.headers['if-none-match'];
  if (match !== undefined && (match === variant.etag || match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === variant.etag))) {
    return reply.code(304).removeHeader('content-type').removeHeader('content-encoding').send();
  }
  return reply.code(200).send(variant.body);
}
