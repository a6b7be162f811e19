import { afterEach } from 'vitest';
import type { Workspace } from '../../src/core/workspace';
import { GhostServer } from '../fixtures/ghost-server';
import { RemoteService, type RemoteOptions } from '../../src/core/remote/service';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { keepRemoteVersion } from '../../src/core/remote/keep-remote';
import type { Article } from '../../src/shared/article';

import type { WorkerOptions } from '../../src/core/outbox/worker';

/** Fast retry timings so fault schedules play out in milliseconds. */
export const FAST: WorkerOptions = { baseDelayMs: 2, maxDelayMs: 20, offlineBaseMs: 5, offlineMaxMs: 40, idlePollMs: 20, leaseTtlMs: 2_000, maxAttempts: 50 };

export const renderPage = (article: Article): string => `<h1>${article.headline.replace(/[<&]/g, '')}</h1>`;

/** A RemoteService over the workspace's real database, credentials from a fake environment. */
export function remoteFor(ws: Workspace, env: Record<string, string>, options: Partial<RemoteOptions> = {}): RemoteService {
  return new RemoteService(ws.db, ws.events, {
    secrets: new EnvFileSecretStore(env, null),
    renderPage,
    renderHtml: () => '<p>answer</p>',
    applyRemote: keepRemoteVersion(ws.articles),
    worker: FAST,
    timeoutMs: 300,
    ...options,
  });
}

/** Creates and publishes an article through ArticleService (the hook queues its publish). */
export function publishArticle(ws: Workspace, headline: string): Article {
  const created = ws.articles.create({ headline });
  return ws.articles.save({ ...fields(created), headline, status: 'published' });
}

export function fields(a: Article) {
  const { id, slug, section, headline, summary, byline, tags, body, takeaways, questions, status } = a;
  return { id, slug, section, headline, summary, byline, tags, body, takeaways, questions, status };
}



/** Starts Ghost fixture servers for the calling test file, stopping each after its test. */
export function useGhostServers(): () => Promise<GhostServer> {
  const servers: GhostServer[] = [];
  afterEach(async () => {
    while (servers.length) await servers.pop()!.stop();
  });
  return async () => {
    const ghost = await new GhostServer().start();
    servers.push(ghost);
    return ghost;
  };
}
