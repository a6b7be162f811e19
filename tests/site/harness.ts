import { randomUUID } from 'node:crypto';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { SiteArticle } from '../../src/shared/remote/site-api';
import { startSiteServer, type RunningSite, type SiteServerOptions } from '../../src/site/index';
import { TokenStore, type Scope } from '../../src/site/store/tokens';

/** A site server on 127.0.0.1 with a fresh token, and a small fetch helper for its API. */
export interface SiteUnderTest {
  running: RunningSite;
  token: string;
  api: string;
  call(method: string, path: string, init?: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null }): Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
}

export async function startSite(options: SiteServerOptions, scopes?: Scope[]): Promise<SiteUnderTest> {
  const running = await startSiteServer({ logger: false, ...options });
  const { token } = await new TokenStore(running.site.db).create(`tests ${randomUUID().slice(0, 8)}`, scopes);
  const api = `${running.listening}api/`;
  return {
    running,
    token,
    api,
    async call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const bearer = init.token === undefined ? token : init.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) body = JSON.stringify(init.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      if (method !== 'GET' && !('idempotency-key' in headers)) headers['idempotency-key'] = randomUUID();
      const response = await fetch(new URL(path, api), { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: response.status, headers: response.headers, json, text };
    },
  };
}

export function siteArticle(headline: string, overrides: Partial<SiteArticle> = {}): SiteArticle {
  return {
    slug: headline.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'story',
    headline,
    section: 'World',
    summary: `About ${headline}`,
    byline: ['A. Reporter'],
    tags: ['news'],
    body: doc(paragraph(`The body of ${headline}.`)),
    takeaways: [],
    questions: [],
    publishedAt: '2026-01-12T10:00:00.000Z',
    updatedAt: '2026-01-12T10:00:00.000Z',
    html: `<h1>${headline.replace(/[<&]/g, '')}</h1>`,
    ...overrides,
  };
}

export const readerComment = (id: string, articleId: string, body = `comment ${id}`) => ({
  id,
  articleId,
  parentId: null,
  authorId: `a-${id}`,
  authorName: `Reader ${id}`,
  body,
  status: 'pending' as const,
  createdAt: '2026-01-12T10:00:00Z',
  updatedAt: '2026-01-12T10:00:00Z',
});

export const readerVote = (id: string, articleId: string) => ({
  id,
  articleId,
  voterId: `r-${id}`,
  axis: 'support' as const,
  value: true,
  voided: false,
  createdAt: '2026-01-12T10:00:00Z',
});
