import type { EditJournal } from './autosave';
import type { DocumentToSave } from './draft';
import { yieldToInput } from './yield-to-input';

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
 *
 * Building the document serializes the body, so, as a save does, it waits for pending input
 * first (unless the page is going away), and it is skipped when a newer change or an
 * acknowledgement has overtaken it meanwhile.
 */
export function articleJournal(store: PendingEditsStore, articleId: string, onError: (error: unknown) => void = () => {}): EditJournal<() => DocumentToSave> {
  interface Kept {
    version: number;
    pending: () => DocumentToSave;
    baseRevision: number;
    keptAt: number;
  }
  let kept: Kept | null = null;
  let acknowledged = 0;
  const write = (entry: Kept) => {
    store.put({ articleId, baseRevision: entry.baseRevision, doc: entry.pending(), keptAt: entry.keptAt }).catch(onError);
  };
  return {
    keep(pending, baseRevision, version, { now }) {
      const entry: Kept = { version, pending, baseRevision, keptAt: Date.now() };
      kept = entry;
      if (now) write(entry);
      else
        void yieldToInput().then(() => {
          if (kept === entry) write(entry);
        });
    },
    acknowledged(version, revision) {
      if (version <= acknowledged) return;
      acknowledged = version;
      if (!kept) return;
      if (kept.version <= version) {
        kept = null;
        store.delete(articleId).catch(onError);
      } else if (kept.baseRevision < revision) {
        kept = { ...kept, baseRevision: revision };
        write(kept);
      }
    },
  };
}
