import type { Article } from '../../../shared/article';
import type { Api } from '../../../shared/contract';
import type { DocumentToSave } from './draft';
import type { PendingEdit, PendingEditsStore } from './pending-edits';

/** What became of the edits this browser kept for an article, when it was opened. */
export type ReplayOutcome =
  | { kind: 'none'; article: Article }
  /** They were saved over the revision they were based on; `article` is the result. */
  | { kind: 'replayed'; article: Article; keptAt: number }
  /** The article was saved since they were made (another tab, the desktop app, an import): the writer decides. */
  | { kind: 'newer'; article: Article; pending: PendingEdit }
  /** The host refused them (e.g. a field is invalid); they stay kept until saved or discarded. */
  | { kind: 'failed'; article: Article; pending: PendingEdit; message: string };

/** The calls replaying needs (a narrow slice of the client, so it runs against any transport). */
export interface ArticlesClient {
  api: Pick<Api, 'articles:get' | 'articles:save'>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

/** True when the stored article already holds what was kept (the host saved it, but its reply was lost). */
export function alreadySaved(doc: DocumentToSave, article: Article): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  // The host trims these fields when it saves them.
  return (
    (doc.slug === '' || doc.slug === article.slug) &&
    doc.section.trim() === article.section &&
    doc.headline.trim() === article.headline &&
    doc.summary.trim() === article.summary &&
    doc.status === article.status &&
    same(doc.byline, article.byline) &&
    same(doc.tags, article.tags) &&
    same(doc.body, article.body) &&
    same(doc.takeaways, article.takeaways) &&
    same(doc.questions, article.questions)
  );
}

/** Saves kept edits over `revision` and forgets them once the host has them. */
async function saveKept(client: ArticlesClient, store: PendingEditsStore, pending: PendingEdit, revision: number): Promise<Article> {
  const saved = await client.api['articles:save']({ ...pending.doc, id: pending.articleId, expectedRevision: revision });
  await store.delete(pending.articleId);
  return saved;
}

/**
 * Replays what this browser kept for `article`, never over a newer saved version: kept edits go
 * to the host only when the stored revision is still the one they were based on.
 */
export async function replayPendingEdit(client: ArticlesClient, store: PendingEditsStore, article: Article): Promise<ReplayOutcome> {
  const pending = await store.get(article.id).catch(() => undefined);
  if (!pending) return { kind: 'none', article };
  if (alreadySaved(pending.doc, article)) {
    await store.delete(article.id);
    return { kind: 'none', article };
  }
  if (pending.baseRevision < article.revision) return { kind: 'newer', article, pending };
  try {
    return { kind: 'replayed', article: await saveKept(client, store, pending, article.revision), keptAt: pending.keptAt };
  } catch (error) {
    if (codeOf(error) === 'conflict') return { kind: 'newer', article, pending };
    return { kind: 'failed', article, pending, message: message(error) };
  }
}

/**
 * The writer chose the kept edits over the newer saved version. What is kept now is saved, not
 * the copy the notice was shown with: the view that was open may have kept later keys since.
 */
export async function saveKeptOverNewer(client: ArticlesClient, store: PendingEditsStore, pending: PendingEdit): Promise<Article> {
  const newest = (await store.get(pending.articleId).catch(() => undefined)) ?? pending;
  const current = await client.api['articles:get']({ id: pending.articleId });
  return saveKept(client, store, newest, current.revision);
}

/**
 * At start: replays every article's kept edits that can go without a question (based on the
 * stored revision), so a tab closed during an outage loses nothing even if its article is not
 * the one opened next. The rest wait for their article to be opened. An unreachable host leaves
 * everything kept for the next try; a deleted article's edits are dropped. Returns what was
 * replayed, by article id, so the writer can be told when the article opens.
 */
export async function replayAllPendingEdits(
  client: ArticlesClient,
  store: PendingEditsStore,
  /** Articles to leave alone: one open in an editor saves its own edits. */
  skip: (articleId: string) => boolean = () => false,
): Promise<Map<string, ReplayOutcome>> {
  const replayed = new Map<string, ReplayOutcome>();
  for (const pending of await store.all().catch(() => [])) {
    if (skip(pending.articleId)) continue;
    try {
      const outcome = await replayPendingEdit(client, store, await client.api['articles:get']({ id: pending.articleId }));
      if (outcome.kind === 'replayed') replayed.set(pending.articleId, outcome);
    } catch (error) {
      if (codeOf(error) === 'not_found') await store.delete(pending.articleId);
    }
  }
  return replayed;
}
