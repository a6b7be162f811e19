import { z } from 'zod';
import { endpoint, requestJson, type HttpOptions } from '../http';
import { RemoteError } from '../errors';
import { CommentPageSchema } from '../../../shared/remote/site-api';

/**
 * "Test connection" for a Copydesk site: proves that the address is a Copydesk site and that the
 * token is accepted with both scopes the desk needs, without writing anything. Every failure is a
 * sentence about what to fix (the address, the token, a scope), never a status code alone.
 */

/**
 * The API root of a Copydesk site from the address a person types: the site's own address
 * (https://news.example.org/) gets its `api/`; an address already ending in /api is kept.
 */
export function siteApiRoot(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  if (!/\/api\/$/.test(url.pathname)) url.pathname += 'api/';
  return url.href;
}

/** An id no article can have (ids are letters, digits, - and _), so the read is a pure probe. */
const PROBE_ID = 'copydesk-connection-test';

const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface ConnectionOptions extends HttpOptions {
  baseUrl: string;
  token: () => string;
}

type Answer = { status: number; body: unknown } | { status: number; body: null; notJson: true };

async function ask(what: string, url: URL, token: string, options: ConnectionOptions): Promise<Answer> {
  try {
    const { status, body } = await requestJson(what, url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, z.unknown(), options, () => true);
    return { status, body };
  } catch (error) {
    // requestJson reports a body that is not JSON as retryable with the status; here it means
    // "something else answers at this address".
    if (error instanceof RemoteError && error.status !== undefined && /not JSON/.test(error.message)) return { status: error.status, body: null, notJson: true };
    throw error;
  }
}

function notASite(site: string): RemoteError {
  return new RemoteError('rejected', `Something answers at ${site}, but it is not a Copydesk site. Check the address: it is the site’s own address, such as https://news.example.org/.`);
}

/** Resolves with what the token may do, or throws a RemoteError whose message says what to fix. */
export async function testSiteConnection(options: ConnectionOptions): Promise<string> {
  const api = siteApiRoot(options.baseUrl);
  const site = new URL('..', api).href;
  let token: string;
  try {
    token = options.token();
  } catch {
    throw new RemoteError('rejected', 'There is no token for this site yet. Create one on the site (copydesk site token create --name desk) and paste it here.');
  }
  let comments: Answer;
  try {
    comments = await ask('Reading the comments feed', endpoint(api, 'comments', { limit: 1 }), token, options);
  } catch (error) {
    if (error instanceof RemoteError && error.failure === 'offline') {
      throw new RemoteError('offline', `Nothing answers at ${site}. Check the address, and that the site is running.`);
    }
    throw error;
  }
  const refusal = ErrorBodySchema.safeParse(comments.body);
  if (comments.status === 401 && refusal.success) {
    throw new RemoteError('rejected', 'The site refused the token: it is wrong or was revoked. Create a new one on the site (copydesk site token create) and paste it here.', 401);
  }
  if (comments.status === 429) throw new RemoteError('retryable', 'The site is busy with this token’s requests; try again in a minute.', 429);
  const canModerate = comments.status === 200 && CommentPageSchema.safeParse(comments.body).success;
  if (!canModerate && !(comments.status === 403 && refusal.success)) throw notASite(site);

  const article = await ask('Reading an article', endpoint(api, `articles/${PROBE_ID}`), token, options);
  const articleRefusal = ErrorBodySchema.safeParse(article.body);
  if (!articleRefusal.success) throw notASite(site);
  const canPublish = article.status === 404;
  if (!canPublish && article.status !== 403) throw notASite(site);

  if (!canPublish && !canModerate) throw new RemoteError('rejected', 'The token is accepted but may neither publish nor moderate. Create one with both scopes (--scope publish,moderate).', 403);
  if (!canPublish) throw new RemoteError('rejected', 'The token may moderate but not publish articles. Create one with the publish scope too (--scope publish,moderate).', 403);
  if (!canModerate) throw new RemoteError('rejected', 'The token may publish but not moderate comments and votes. Create one with the moderate scope too (--scope publish,moderate).', 403);
  return `Connected to the Copydesk site at ${site}: this token may publish articles and moderate comments and votes.`;
}
