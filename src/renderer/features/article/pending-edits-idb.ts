import { z } from 'zod';
import type { PendingEdit, PendingEditsStore } from './pending-edits';

const DB_NAME = 'copydesk-pending-edits';
const STORE = 'edits';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when the transaction has committed, so a put is on disk before the entry counts as kept. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * What comes back out of IndexedDB is checked for shape only: the document itself is whatever the
 * writer had typed, valid or not, and the host validates it in full when it is saved.
 */
const PendingEditSchema = z.object({
  articleId: z.string().min(1),
  baseRevision: z.number().int().nonnegative(),
  keptAt: z.number(),
  doc: z.looseObject({ id: z.string().min(1) }),
});

function isPendingEdit(value: unknown): value is PendingEdit {
  const parsed = PendingEditSchema.safeParse(value);
  return parsed.success && parsed.data.doc.id === parsed.data.articleId;
}

/**
 * The store in this origin's IndexedDB. Where IndexedDB is missing or refuses (a private window
 * may), every operation quietly does nothing: saving to the host still works as before.
 */
export function indexedDbPendingEdits(factory: IDBFactory | undefined = globalThis.indexedDB): PendingEditsStore {
  let opened: Promise<IDBDatabase | null> | null = null;
  const db = (): Promise<IDBDatabase | null> => {
    opened ??= new Promise<IDBDatabase | null>((resolve) => {
      if (!factory) return resolve(null);
      try {
        const req = factory.open(DB_NAME, 1);
        req.onupgradeneeded = () => {
          if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'articleId' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
        req.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return opened;
  };
  // Writes go through transactions created in call order, which IndexedDB runs in that order:
  // a delete after a put is never overtaken by it.
  const write = async (apply: (store: IDBObjectStore) => void): Promise<void> => {
    const database = await db();
    if (!database) return;
    const tx = database.transaction(STORE, 'readwrite');
    apply(tx.objectStore(STORE));
    await committed(tx);
  };
  const read = async <T>(query: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> => {
    const database = await db();
    if (!database) return undefined;
    return request(query(database.transaction(STORE, 'readonly').objectStore(STORE)));
  };
  return {
    put: (edit) => write((store) => store.put(edit)),
    delete: (articleId) => write((store) => store.delete(articleId)),
    get: async (articleId) => {
      const value = await read((store) => store.get(articleId));
      return isPendingEdit(value) ? value : undefined;
    },
    all: async () => ((await read((store) => store.getAll())) ?? []).filter(isPendingEdit),
  };
}

/** This origin's store, opened on first use. */
export const pendingEditsStore: PendingEditsStore = indexedDbPendingEdits();
