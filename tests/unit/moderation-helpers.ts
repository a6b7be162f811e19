import type { CommentIngestItem, VoteIngestItem } from '../../src/shared/moderation';
import { ModerationService } from '../../src/core/moderation/service';
import type { Workspace } from '../../src/core/workspace';
import { tempWorkspace } from './helpers';

/** A workspace with one article (no sample data) and its moderation service. */
export function moderationWorkspace(): { ws: Workspace; m: ModerationService; articleId: string } {
  const ws = tempWorkspace({ seed: false });
  const article = ws.articles.create({ headline: 'Pipes' });
  return { ws, m: new ModerationService(ws.db, ws.events), articleId: article.id };
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export function item(n: number, articleId: string, extra: Partial<CommentIngestItem> = {}): CommentIngestItem {
  return {
    remoteId: `c${n}`,
    articleId,
    author: { remoteId: `a${n % 7}`, displayName: `Reader ${n % 7}`, createdAt: '2020-01-01T00:00:00.000Z' },
    body: `Comment number ${n}`,
    createdAt: at(n),
    ...extra,
  };
}

export function vote(n: number, articleId: string, extra: Partial<VoteIngestItem> = {}): VoteIngestItem {
  return {
    remoteId: `v${n}`,
    articleId,
    axis: 'interesting',
    value: 'yes',
    voter: { remoteId: `voter${n}`, createdAt: '2020-01-01T00:00:00.000Z' },
    votedAt: at(n * 600),
    ...extra,
  };
}

/** Every column of the given comments, for exact before/after comparisons. */
export function rows(ws: Workspace, table: string, ids?: readonly (number | string)[]): unknown[] {
  const key = table === 'article_voting' ? 'article_id' : 'id';
  return ids === undefined
    ? ws.db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all()
    : ws.db.prepare(`SELECT * FROM ${table} WHERE ${key} IN (SELECT value FROM json_each(?)) ORDER BY ${key}`).all(JSON.stringify(ids));
}

export function idOf(ws: Workspace, remoteId: string): number {
  return ws.db.prepare('SELECT id FROM comments WHERE remote_id = ?').pluck().get(remoteId) as number;
}
