import type { Database } from '../db/open';
import type { ArticleHooks } from '../articles/service';
import type { Article } from '../../shared/article';
import { enqueue } from './repository';

/** Live on a site: published and not in the trash. */
const live = (article: Article | null): boolean => article?.status === 'published' && !article.trashedAt;

/**
 * Queues remote publishing from article writes, inside the same transaction: saving a live
 * article (re)publishes it to every auto-publish target; leaving "live" (unpublishing, or moving
 * a published article to the trash) unpublishes it there, and restoring it from the trash
 * publishes it again. Queued publishes of one article coalesce (see enqueue).
 */
export function publishHook(db: Database): ArticleHooks {
  let targets: { all(): unknown[] } | null = null;
  return {
    afterWrite(previous, next) {
      const was = live(previous);
      const is = live(next);
      if (!was && !is) return;
      targets ??= db.prepare('SELECT id FROM remote_targets WHERE auto_publish = 1 ORDER BY created_at');
      for (const { id } of targets.all() as { id: string }[]) {
        if (is) enqueue(db, { targetId: id, kind: 'publish', subject: next.id, payload: { article: next } });
        else enqueue(db, { targetId: id, kind: 'unpublish', subject: next.id, payload: { articleId: next.id, slug: previous?.slug ?? next.slug } });
      }
    },
    mark() {
      return (db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM outbox').get() as { seq: number }).seq;
    },
    // Removes the rows queued for the article since the mark and not yet picked up. (A publish
    // coalesced into an older queued row keeps the newer payload: that row was going to
    // publish the article anyway.)
    undoSince(mark, id) {
      db.prepare(`DELETE FROM outbox WHERE seq > ? AND subject = ? AND state = 'queued'`).run(mark, id);
    },
  };
}
