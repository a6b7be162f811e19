import type { Database } from '../db/open';
import { prepared } from '../db/statements';
import type { Conflict, ConflictResolution } from '../../shared/remote/outbox';
import type { RemoteRef, RemoteSnapshot } from './target';

/** SQL for remote_refs and remote_conflicts. */
export class RemoteRefRepository {
  constructor(private readonly db: Database) {}

  /** The target's copies of our articles (remote ids), in a stable order. */
  postsOf(targetId: string): { articleId: string; postId: string }[] {
    return this.db.prepare('SELECT article_id AS articleId, remote_id AS postId FROM remote_refs WHERE target_id = ? ORDER BY article_id').all(targetId) as {
      articleId: string;
      postId: string;
    }[];
  }

  /** Replies held per pulled comment of one article from one source (parent remote id → count). */
  repliesKnown(source: string, articleId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT p.remote_id AS parent, COUNT(*) AS n FROM comments c JOIN comments p ON p.id = c.parent_id
         WHERE c.source = ? AND c.article_id = ? GROUP BY p.remote_id`,
      )
      .all(source, articleId) as { parent: string; n: number }[];
    return new Map(rows.map((r) => [r.parent, r.n]));
  }

  /** Where the target keeps an image we uploaded before (by the SHA-256 of its bytes), or null. */
  uploadedUrl(targetId: string, contentHash: string): string | null {
    const row = prepared(this.db, 'SELECT url FROM remote_uploads WHERE target_id = ? AND content_hash = ?').get(targetId, contentHash) as { url: string } | undefined;
    return row?.url ?? null;
  }

  rememberUpload(targetId: string, contentHash: string, url: string): void {
    prepared(this.db, 'INSERT INTO remote_uploads (target_id, content_hash, url, uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT (target_id, content_hash) DO UPDATE SET url = excluded.url, uploaded_at = excluded.uploaded_at').run(
      targetId,
      contentHash,
      url,
      new Date().toISOString(),
    );
  }

  get(targetId: string, articleId: string): RemoteRef | null {
    return (
      (prepared(this.db, 'SELECT remote_id AS remoteId, version, content_hash AS contentHash FROM remote_refs WHERE target_id = ? AND article_id = ?').get(targetId, articleId) as
        | RemoteRef
        | undefined) ?? null
    );
  }

  set(targetId: string, articleId: string, ref: RemoteRef | null): void {
    if (ref === null) {
      prepared(this.db, 'DELETE FROM remote_refs WHERE target_id = ? AND article_id = ?').run(targetId, articleId);
      return;
    }
    // Once per delivered publish: prepared once per connection.
    prepared(
      this.db,
      `INSERT INTO remote_refs (target_id, article_id, remote_id, version, content_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (target_id, article_id) DO UPDATE SET remote_id = excluded.remote_id, version = excluded.version,
           content_hash = excluded.content_hash, updated_at = excluded.updated_at`,
      )
      .run(targetId, articleId, ref.remoteId, ref.version, ref.contentHash, new Date().toISOString());
  }

  addConflict(input: { targetId: string; outboxId: string; articleId: string; remote: RemoteSnapshot | null; local: Record<string, unknown> }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO remote_conflicts (target_id, outbox_id, article_id, remote_version, remote_snapshot, local_snapshot, detected_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.targetId,
          input.outboxId,
          input.articleId,
          input.remote?.version ?? null,
          JSON.stringify(input.remote?.snapshot ?? {}),
          JSON.stringify(input.local),
          new Date().toISOString(),
        ).lastInsertRowid,
    );
  }

  openConflicts(): Conflict[] {
    const rows = this.db
      .prepare(
        `SELECT id, target_id AS targetId, outbox_id AS outboxId, article_id AS articleId, remote_version AS remoteVersion,
                remote_snapshot AS remote, local_snapshot AS local, detected_at AS detectedAt
         FROM remote_conflicts WHERE resolved_at IS NULL ORDER BY id`,
      )
      .all() as (Omit<Conflict, 'remote' | 'local'> & { remote: string; local: string })[];
    return rows.map((r) => ({ ...r, remote: JSON.parse(r.remote) as Record<string, unknown>, local: JSON.parse(r.local) as Record<string, unknown> }));
  }

  conflict(id: number): Conflict | null {
    return this.openConflicts().find((c) => c.id === id) ?? null;
  }

  resolve(id: number, resolution: ConflictResolution): void {
    this.db.prepare('UPDATE remote_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?').run(new Date().toISOString(), resolution, id);
  }
}
