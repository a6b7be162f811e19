import { applyBodyPatch, type BodyPatch } from '../../../shared/article-patch';
import type { EditJournal } from './autosave';
import type { DocumentToSave, PendingDocument } from './draft';
import { changesSince, referenceOf, type PatchReference } from './patch-save';
import { whenIdle } from './yield-to-input';

/**
 * Edits the host has not acknowledged, kept in the browser's IndexedDB (pending-edits-idb.ts;
 * per origin, so per `copydesk serve` port) until it does: a host that is down or killed, or a
 * tab closed during an outage, then loses nothing typed more than half a second earlier. One entry per
 * article, the whole document as of the newest change: it replaces the stored article when
 * replayed, so it must be complete.
 */
export interface PendingEdit {
  articleId: string;
  /** The stored revision these edits build on: replayed only over that revision, never a newer one. */
  baseRevision: number;
  doc: DocumentToSave;
  /** When the newest of these edits was kept (ms since the epoch), to tell the writer. */
  keptAt: number;
}

/**
 * The large parts of a document, kept once per editing session (issue 17.1): the session's later
 * entries are patches against it, so keeping a change to a 20,000-word article writes a few
 * kilobytes instead of cloning ~230 KB into IndexedDB every half second.
 */
export interface KeptBase {
  articleId: string;
  /** Which base of this article; a patch names the one it was made against. */
  generation: number;
  body: DocumentToSave['body'];
  takeaways: DocumentToSave['takeaways'];
  questions: DocumentToSave['questions'];
}

/** A kept entry stored as a patch: the small fields in full, the rest as changes to its base. */
export interface KeptPatch {
  articleId: string;
  baseRevision: number;
  keptAt: number;
  /** The generation of the base it was made against. */
  base: number;
  fields: Omit<DocumentToSave, 'body' | 'takeaways' | 'questions'>;
  body?: BodyPatch;
  takeaways?: DocumentToSave['takeaways'];
  questions?: DocumentToSave['questions'];
}

/** The whole kept document a patch stands for, or undefined when its base is not the one it was made against. */
export function resolveKeptPatch(patch: KeptPatch, base: KeptBase | undefined): PendingEdit | undefined {
  if (!base || base.articleId !== patch.articleId || base.generation !== patch.base) return undefined;
  try {
    const body = patch.body ? applyBodyPatch(base.body, patch.body) : base.body;
    const doc: DocumentToSave = { ...patch.fields, body, takeaways: patch.takeaways ?? base.takeaways, questions: patch.questions ?? base.questions };
    return { articleId: patch.articleId, baseRevision: patch.baseRevision, keptAt: patch.keptAt, doc };
  } catch {
    return undefined;
  }
}

export interface PendingEditsStore {
  /** Keeps the whole document. */
  put(edit: PendingEdit): Promise<void>;
  /** Keeps a patch, writing its base too when given (in the same transaction). */
  putPatch(edit: KeptPatch, base?: KeptBase): Promise<void>;
  /** The kept document (a patch resolved against its base). */
  get(articleId: string): Promise<PendingEdit | undefined>;
  all(): Promise<PendingEdit[]>;
  /** Forgets the kept edits of an article (its base stays for the session's next patches). */
  delete(articleId: string): Promise<void>;
}

/** What a kept document's builder may also carry: the parts a patch is made from (see draft.ts). */
type Keepable = (() => DocumentToSave) & Partial<Pick<PendingDocument, 'draft' | 'bodyState'>>;

/**
 * The journal of one open article: keeps each change it is given and forgets it once the host
 * has acknowledged it (or anything newer). Edits kept but not yet acknowledged are rebased on
 * the revision of each acknowledged save, since the kept document contains that save's changes.
 *
 * The first change kept in a session writes the whole document as the session's base; later
 * ones write only their changes to it (a new base when most of the body changed). Writes wait
 * for an idle moment (at most KEEP_IDLE_MS, so a change is still kept within half a second of
 * being typed; at once when the page is going away), and are skipped when a newer change or an
 * acknowledgement has overtaken them meanwhile. An acknowledged entry that holds exactly what the
 * host acknowledged is deleted in idle time (replay would find it already saved), unless a newer
 * change replaces it first: one IndexedDB transaction instead of two. One that holds less (its
 * successor's write was skipped because the host acknowledged it first) is deleted at once: read
 * back after a reload, it would claim edits "saved since, somewhere else".
 */
/** The longest a kept change waits for an idle moment: autosave hands changes over within 400 ms of typing. */
export const KEEP_IDLE_MS = 100;
/** The longest an acknowledged entry waits to be deleted (a stale one is harmless: replay finds it already saved). */
export const FORGET_IDLE_MS = 1000;

export function articleJournal(store: PendingEditsStore, articleId: string, onError: (error: unknown) => void = () => {}): EditJournal<Keepable> {
  interface Kept {
    version: number;
    pending: Keepable;
    baseRevision: number;
    keptAt: number;
  }
  let kept: Kept | null = null;
  let acknowledged = 0;
  /** The version of the entry the store holds (or is writing); 0 when it holds none or is deleting it. */
  let written = 0;
  // Generations start at the session's start time, so a base left by an earlier session never matches.
  let generation = Date.now();
  let base: (PatchReference & { generation: number }) | null = null;
  let cancelForget: (() => void) | null = null;
  /** The entry waiting for an idle moment to be written, and how to call that off. */
  let waiting: { entry: Kept; cancel: () => void } | null = null;

  const forgetNow = () => {
    cancelForget?.();
    cancelForget = null;
    written = 0;
    store.delete(articleId).catch(onError);
  };
  const write = (entry: Kept) => {
    // This write replaces the stored entry: it need not be deleted first.
    cancelForget?.();
    cancelForget = null;
    written = entry.version;
    const { pending } = entry;
    const common = { articleId, baseRevision: entry.baseRevision, keptAt: entry.keptAt };
    if (!pending.draft || pending.bodyState === undefined) {
      store.put({ ...common, doc: pending() }).catch(onError);
      return;
    }
    const parts = pending as PendingDocument;
    const patch = base ? changesSince(base, articleId, parts) : null;
    if (base && patch) {
      const { body, takeaways, questions, ...fields } = patch;
      store.putPatch({ ...common, base: base.generation, fields, body, takeaways, questions }).catch(onError);
      return;
    }
    const { body, takeaways, questions, ...fields } = pending();
    generation += 1;
    const next = { ...referenceOf(parts), generation };
    base = next;
    store.putPatch({ ...common, base: generation, fields }, { articleId, generation, body, takeaways, questions }).catch((error: unknown) => {
      if (base === next) base = null; // patches need a base that was written: the next keep writes one again
      onError(error);
    });
  };
  return {
    keep(pending, baseRevision, version, { now }) {
      const entry: Kept = { version, pending, baseRevision, keptAt: Date.now() };
      kept = entry;
      waiting?.cancel();
      waiting = null;
      if (now) {
        write(entry);
        return;
      }
      const cancel = whenIdle(() => {
        waiting = null;
        if (kept === entry) write(entry);
      }, KEEP_IDLE_MS);
      waiting = { entry, cancel };
    },
    flush() {
      // The page may be going away: an acknowledged entry waiting to be forgotten goes now too.
      if (cancelForget) forgetNow();
      if (!waiting) return;
      const { entry, cancel } = waiting;
      waiting = null;
      cancel();
      if (kept === entry) write(entry);
    },
    acknowledged(version, revision) {
      if (version <= acknowledged) return;
      acknowledged = version;
      if (!kept) return;
      if (kept.version <= version) {
        kept = null;
        if (written === 0) return;
        if (written < version) {
          forgetNow();
          return;
        }
        cancelForget ??= whenIdle(() => {
          cancelForget = null;
          written = 0;
          store.delete(articleId).catch(onError);
        }, FORGET_IDLE_MS);
      } else if (kept.baseRevision < revision) {
        kept = { ...kept, baseRevision: revision };
        write(kept);
      }
    },
  };
}
