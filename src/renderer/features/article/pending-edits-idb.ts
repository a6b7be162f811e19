import { z } from 'zod';
import { resolveKeptPatch, type KeptBase, type KeptPatch, type PendingEdit, type PendingEditsStore } from './pending-edits';

const DB_NAME = 'copydesk-pending-edits';
const STORE = 'edits';
/** Version 2 (issue 17.1): the bases that patch entries in STORE are made against, by article. */
const BASES = 'bases';

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

const KeptPatchSchema = z.looseObject({
  articleId: z.string().min(1),
  baseRevision: z.number().int().nonnegative(),
  keptAt: z.number(),
  base: z.number(),
  fields: z.looseObject({ id: z.string().min(1) }),
});

const KeptBaseSchema = z.looseObject({
  articleId: z.string().min(1),
  generation: z.number(),
  body: z.looseObject({ root: z.looseObject({ children: z.array(z.unknown()) }) }),
  takeaways: z.array(z.unknown()),
  questions: z.array(z.unknown()),
});

function isPendingEdit(value: unknown): value is PendingEdit {
  const parsed = PendingEditSchema.safeParse(value);
  return parsed.success && parsed.data.doc.id === parsed.data.articleId;
}

/** A stored entry as the whole document: as it is, or a patch resolved against `base`. */
function asPendingEdit(value: unknown, base: unknown): PendingEdit | undefined {
  if (isPendingEdit(value)) return value;
  const patch = KeptPatchSchema.safeParse(value);
  if (!patch.success || patch.data.fields.id !== patch.data.articleId) return undefined;
  const kept = KeptBaseSchema.safeParse(base);
  const resolved = resolveKeptPatch(patch.data as unknown as KeptPatch, kept.success ? (kept.data as unknown as KeptBase) : undefined);
  return resolved && isPendingEdit(resolved) ? resolved : undefined;
}

/**
 * Drops the bases no kept entry needs: a base stays while its session writes patches against it,
 * and nothing else ever deletes it, so without this every article edited in this browser would
 * keep a full copy of its body here. Run once as the store opens, before any session has written
 * (every write waits for the open), so no live session's base is dropped.
 */
async function pruneBases(database: IDBDatabase): Promise<void> {
  const tx = database.transaction([STORE, BASES], 'readwrite');
  const [kept, based] = await Promise.all([request(tx.objectStore(STORE).getAllKeys()), request(tx.objectStore(BASES).getAllKeys())]);
  const needed = new Set(kept.map(String));
  for (const key of based) if (!needed.has(String(key))) tx.objectStore(BASES).delete(key);
  await committed(tx);
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
        const req = factory.open(DB_NAME, 2);
        req.onupgradeneeded = () => {
          if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'articleId' });
          if (!req.result.objectStoreNames.contains(BASES)) req.result.createObjectStore(BASES, { keyPath: 'articleId' });
        };
        req.onsuccess = () => {
          const database = req.result;
          pruneBases(database).then(
            () => resolve(database),
            () => resolve(database),
          );
        };
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
  const write = async (stores: string[], apply: (tx: IDBTransaction) => void): Promise<void> => {
    const database = await db();
    if (!database) return;
    const tx = database.transaction(stores, 'readwrite');
    apply(tx);
    await committed(tx);
  };
  /** Entries with the bases they may need, read in one transaction so the two agree. */
  const read = async (query: (edits: IDBObjectStore) => IDBRequest): Promise<{ edits: unknown[]; bases: Map<string, unknown> }> => {
    const database = await db();
    if (!database) return { edits: [], bases: new Map() };
    const tx = database.transaction([STORE, BASES], 'readonly');
    const found = await request(query(tx.objectStore(STORE)));
    const edits = (Array.isArray(found) ? found : [found]).filter((value) => value !== undefined);
    const bases = new Map<string, unknown>();
    for (const edit of edits) {
      const articleId = (edit as { articleId?: unknown; base?: unknown }).articleId;
      if (typeof articleId === 'string' && (edit as { base?: unknown }).base !== undefined) bases.set(articleId, await request(tx.objectStore(BASES).get(articleId)));
    }
    return { edits, bases };
  };
  const resolved = ({ edits, bases }: { edits: unknown[]; bases: Map<string, unknown> }): PendingEdit[] =>
    edits.flatMap((edit) => asPendingEdit(edit, bases.get((edit as { articleId?: string }).articleId ?? '')) ?? []);
  return {
    put: (edit) => write([STORE], (tx) => tx.objectStore(STORE).put(edit)),
    putPatch: (edit, base) =>
      write(base ? [STORE, BASES] : [STORE], (tx) => {
        if (base) tx.objectStore(BASES).put(base);
        tx.objectStore(STORE).put(edit);
      }),
    delete: (articleId) => write([STORE], (tx) => tx.objectStore(STORE).delete(articleId)),
    get: async (articleId) => resolved(await read((store) => store.get(articleId)))[0],
    all: async () => resolved(await read((store) => store.getAll())),
  };
}

/** This origin's store, opened on first use. */
export const pendingEditsStore: PendingEditsStore = indexedDbPendingEdits();
