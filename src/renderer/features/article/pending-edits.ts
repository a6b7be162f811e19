import type { EditJournal } from './autosave';
import type { DocumentToSave, PendingDocument } from './draft';

/**
 * Edits the host has not acknowledged, kept in the browser's IndexedDB (pending-edits-idb.ts;
 * per origin, so per `copydesk serve` port) until it does: a host that is down or killed, or a
 * tab closed during an outage, then loses nothing typed more than half a second earlier. One entry per
 * article, the whole document as of the newest change: it replaces the stored article when
 * replayed, so it must be complete, and documents are small.
 */
export interface PendingEdit {
  articleId: string;
  /** The stored revision these edits build on: replayed only over that revision, never a newer one. */
  baseRevision: number;
  doc: DocumentToSave;
  /** When the newest of these edits was kept (ms since the epoch), to tell the writer. */
  keptAt: number;
}

export interface PendingEditsStore {
  put(edit: PendingEdit): Promise<void>;
  get(articleId: string): Promise<PendingEdit | undefined>;
  all(): Promise<PendingEdit[]>;
  delete(articleId: string): Promise<void>;
}

/**
 * The journal of one open article: keeps each change it is given and forgets it once the host
 * has acknowledged it (or anything newer). Edits kept but not yet acknowledged are rebased on
 * the revision of each acknowledged save, since the kept document contains that save's changes.
 */
export function articleJournal(store: PendingEditsStore, articleId: string, onError: (error: unknown) => void = () => {}): EditJournal<PendingDocument> {
  let kept: { version: number; edit: PendingEdit } | null = null;
  let acknowledged = 0;
  return {
    keep(pending, baseRevision, version) {
      kept = { version, edit: { articleId, baseRevision, doc: pending(), keptAt: Date.now() } };
      store.put(kept.edit).catch(onError);
    },
    acknowledged(version, revision) {
      if (version <= acknowledged) return;
      acknowledged = version;
      if (!kept) return;
      if (kept.version <= version) {
        kept = null;
        store.delete(articleId).catch(onError);
      } else if (kept.edit.baseRevision < revision) {
        kept = { ...kept, edit: { ...kept.edit, baseRevision: revision } };
        store.put(kept.edit).catch(onError);
      }
    },
  };
}
