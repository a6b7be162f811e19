import type { Database } from '../db/open';
import type { Article, ArticleFields } from '../../shared/article';
import { CopydeskError } from '../../shared/errors';
import type { FieldDiff, RevisionSummary } from '../../shared/revision';
import { articleWordCount } from '../../shared/words';
import { diffArticles } from './diff';
import { RevisionRepository } from './repository';

/** Edits within this window roll into one revision; after it, the next save starts a new one. */
export const COALESCE_MS = 5 * 60 * 1000;

type Reason = RevisionSummary['reason'];

export function fieldsOf(article: ArticleFields): ArticleFields {
  const { slug, section, headline, summary, byline, tags, body, takeaways, questions, status } = article;
  return { slug, section, headline, summary, byline, tags, body, takeaways, questions, status };
}

/**
 * Revision history. Invariant: after every save, the newest revision equals the current
 * document, so restoring an old version never loses the newest edits.
 */
export class RevisionService {
  private readonly repo: RevisionRepository;

  constructor(db: Database) {
    this.repo = new RevisionRepository(db);
  }

  /** Call in the save transaction. Status changes always start a revision; edits coalesce. */
  recordSave(previous: Article | null, next: Article, time: string): void {
    if (previous && previous.status !== next.status) {
      this.snapshot(next, next.status === 'published' ? 'publish' : 'status', '', time);
      return;
    }
    const latest = this.repo.latest(next.id);
    const fresh = latest !== null && Date.parse(time) - Date.parse(latest.createdAt) < COALESCE_MS;
    if (latest && fresh && latest.reason === 'edit') this.repo.replace(latest.id, articleWordCount(next), fieldsOf(next));
    else this.snapshot(next, 'edit', '', time);
  }

  snapshot(article: Article, reason: Reason, label: string, time: string): number {
    return this.repo.insert(article.id, time, reason, label, articleWordCount(article), fieldsOf(article));
  }

  /** The newest revision's id (0 when there is none): a mark for `dropAfter`. */
  latestId(articleId: string): number {
    return this.repo.latest(articleId)?.id ?? 0;
  }

  /** Takes back the revisions recorded after `mark`, in the caller's transaction. */
  dropAfter(articleId: string, mark: number): void {
    this.repo.deleteAfter(articleId, mark);
  }

  list(articleId: string): RevisionSummary[] {
    return this.repo.list(articleId);
  }

  document(articleId: string, revisionId: number): ArticleFields {
    const doc = this.repo.document(articleId, revisionId);
    if (!doc) throw new CopydeskError('not_found', `No revision ${revisionId} for this article`);
    return doc;
  }

  /** Differences from revision `from` to revision `to` (or to the current document). */
  diff(current: Article, from: number, to: number | null): FieldDiff[] {
    const before = this.document(current.id, from);
    const after = to === null ? fieldsOf(current) : this.document(current.id, to);
    return diffArticles(before, after);
  }
}
