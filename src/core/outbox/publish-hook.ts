import type { Database } from '../db/open';
import type { ArticleHooks } from '../articles/service';
import { enqueue } from './repository';

/**
 * Queues remote publishing from article writes, inside the same transaction: saving a
 * published article (re)publishes it to every auto-publish target; leaving "published"
 * unpublishes it there. Queued publishes of one article coalesce (see enqueue).
 */
export function publishHook(db: Database): ArticleHooks {
  let targets: { all(): unknown[] } | null = null;
  return {
    afterWrite(previous, next) {
      const was = previous?.status === 'published';
      const is = next.status === 'published';
      if (!was && !is) return;
      targets ??= db.prepare('SELECT id FROM remote_targets WHERE auto_publish = 1 ORDER BY created_at');
      for (const { id } of targets.all() as { id: string }[]) {
        if (is) enqueue(db, { targetId: id, kind: 'publish', subject: next.id, payload: { article: next } });
        else enqueue(db, { targetId: id, kind: 'unpublish', subject: next.id, payload: { articleId: next.id, slug: previous?.slug ?? next.slug } });
      }
    },
  };
}
