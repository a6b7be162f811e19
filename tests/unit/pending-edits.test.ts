import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/shared/article';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import type { Api } from '../../src/shared/contract';
import { CALL_NAMES } from '../../src/shared/contract/names';
import { ConnectionMonitor, PROBE_INTERVAL_MS, RECONNECTED_NOTICE_MS } from '../../src/renderer/api/connection';
import { toDocument, toDraft, type DocumentToSave } from '../../src/renderer/features/article/draft';
import { articleJournal, resolveKeptPatch, type KeptBase, type PendingEdit, type PendingEditsStore } from '../../src/renderer/features/article/pending-edits';
import { replayAllPendingEdits, replayPendingEdit, saveKeptOverNewer } from '../../src/renderer/features/article/replay';
import { tempWorkspace } from './helpers';

/** IndexedDB is a browser API; the e2e tests use the real one. Here: the same contract over a Map. */
function memoryStore(): PendingEditsStore & { entries: Map<string, PendingEdit> } {
  const entries = new Map<string, PendingEdit>();
  const bases = new Map<string, KeptBase>();
  return {
    entries,
    put: async (edit) => void entries.set(edit.articleId, structuredClone(edit)),
    putPatch: async (edit, base) => {
      if (base) bases.set(base.articleId, structuredClone(base));
      const kept = resolveKeptPatch(structuredClone(edit), bases.get(edit.articleId));
      if (kept) entries.set(edit.articleId, kept);
    },
    get: async (id) => entries.get(id),
    all: async () => [...entries.values()],
    delete: async (id) => void entries.delete(id),
  };
}

/**
 * The contract's calls over the real core (real SQLite in a temp folder) through dispatch, with
 * envelopes unwrapped into values and errors as the renderer's client does.
 */
function clientFor(): { api: Api } {
  const handlers = createHandlers(tempWorkspace());
  const call = async (name: string, input: unknown) => {
    const envelope = await dispatch(handlers, name, input);
    if (envelope.ok) return envelope.value;
    throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  };
  return { api: Object.fromEntries(CALL_NAMES.map((name) => [name, (input?: unknown) => call(name, input ?? {})])) as Api };
}

function edited(article: Article, headline: string): DocumentToSave {
  return { ...toDocument(article.id, toDraft(article)), headline };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('kept edits replayed on reopen (issue 15.4)', () => {
  it('issue 15.4: edits based on the stored revision are saved and then forgotten', async () => {
    const client = clientFor();
    const store = memoryStore();
    const article = await client.api['articles:create']({});
    await store.put({ articleId: article.id, baseRevision: article.revision, doc: edited(article, 'Typed while the host was down'), keptAt: 1 });

    const outcome = await replayPendingEdit(client, store, article);
    expect(outcome.kind).toBe('replayed');
    expect((await client.api['articles:get']({ id: article.id })).headline).toBe('Typed while the host was down');
    expect(store.entries.size).toBe(0);
  });

  it('issue 15.4: never overwrites a version saved after the edits were kept; the writer may choose them', async () => {
    const client = clientFor();
    const store = memoryStore();
    const article = await client.api['articles:create']({});
    await store.put({ articleId: article.id, baseRevision: article.revision, doc: edited(article, 'Kept in the browser'), keptAt: 1 });
    const elsewhere = await client.api['articles:save']({ ...edited(article, 'Saved from another tab'), expectedRevision: article.revision });

    const outcome = await replayPendingEdit(client, store, elsewhere);
    expect(outcome.kind).toBe('newer');
    expect((await client.api['articles:get']({ id: article.id })).headline).toBe('Saved from another tab');
    expect(store.entries.size).toBe(1);

    if (outcome.kind !== 'newer') throw new Error('unreachable');
    await saveKeptOverNewer(client, store, outcome.pending);
    expect((await client.api['articles:get']({ id: article.id })).headline).toBe('Kept in the browser');
    expect(store.entries.size).toBe(0);
  });

  it('issue 15.4: "Use my kept edits" saves what is kept when it is chosen, with keys kept after the notice was shown', async () => {
    const client = clientFor();
    const store = memoryStore();
    const article = await client.api['articles:create']({});
    await store.put({ articleId: article.id, baseRevision: article.revision, doc: edited(article, 'Kept, more from the'), keptAt: 1 });
    await client.api['articles:save']({ ...edited(article, 'Saved from another desk'), expectedRevision: article.revision });
    const outcome = await replayPendingEdit(client, store, await client.api['articles:get']({ id: article.id }));
    if (outcome.kind !== 'newer') throw new Error(`expected newer, got ${outcome.kind}`);
    // The view that was open keeps its last keys after the notice read the older copy.
    await store.put({ articleId: article.id, baseRevision: article.revision, doc: edited(article, 'Kept, more from the first desk.'), keptAt: 2 });

    await saveKeptOverNewer(client, store, outcome.pending);
    expect((await client.api['articles:get']({ id: article.id })).headline).toBe('Kept, more from the first desk.');
    expect(store.entries.size).toBe(0);
  });

  it('issue 15.4: edits the host saved before its reply was lost are just forgotten', async () => {
    const client = clientFor();
    const store = memoryStore();
    const article = await client.api['articles:create']({});
    const doc = edited(article, 'Saved, reply lost');
    await client.api['articles:save']({ ...doc, expectedRevision: article.revision });
    await store.put({ articleId: article.id, baseRevision: article.revision, doc, keptAt: 1 });

    const current = await client.api['articles:get']({ id: article.id });
    expect((await replayPendingEdit(client, store, current)).kind).toBe('none');
    expect(store.entries.size).toBe(0);
  });

  it('issue 15.4: at start every replayable article is saved, and edits of deleted articles are dropped', async () => {
    const client = clientFor();
    const store = memoryStore();
    const a = await client.api['articles:create']({});
    const b = await client.api['articles:create']({});
    await store.put({ articleId: a.id, baseRevision: a.revision, doc: edited(a, 'First'), keptAt: 1 });
    await store.put({ articleId: b.id, baseRevision: b.revision, doc: edited(b, 'Second'), keptAt: 1 });
    const gone = await client.api['articles:create']({});
    await store.put({ articleId: gone.id, baseRevision: gone.revision, doc: edited(gone, 'Gone'), keptAt: 1 });
    await client.api['articles:trash']({ id: gone.id });
    await client.api['articles:purge']({ id: gone.id });

    const replayed = await replayAllPendingEdits(client, store);
    expect([...replayed.keys()].sort()).toEqual([a.id, b.id].sort());
    expect((await client.api['articles:get']({ id: b.id })).headline).toBe('Second');
    expect(store.entries.size).toBe(0);
  });

  it('issue 15.4: replaying after a reconnection leaves the open article to its own editor', async () => {
    const client = clientFor();
    const store = memoryStore();
    const open = await client.api['articles:create']({});
    const other = await client.api['articles:create']({});
    await store.put({ articleId: open.id, baseRevision: open.revision, doc: edited(open, 'Open in the editor'), keptAt: 1 });
    await store.put({ articleId: other.id, baseRevision: other.revision, doc: edited(other, 'Closed earlier'), keptAt: 1 });

    const replayed = await replayAllPendingEdits(client, store, (id) => id === open.id);
    expect([...replayed.keys()]).toEqual([other.id]);
    expect((await client.api['articles:get']({ id: open.id })).revision).toBe(open.revision);
    expect([...store.entries.keys()]).toEqual([open.id]);
  });
});

describe('article journal (issue 18.9)', () => {
  it('issue 18.9: forgets kept edits once acknowledged, and rebases newer ones on the saved revision', async () => {
    const store = memoryStore();
    // The journal stores documents as given; only the headline matters here.
    const doc = (headline: string) => () => ({ id: 'a1', headline }) as DocumentToSave;
    const journal = articleJournal(store, 'a1');
    const settled = () => new Promise((resolve) => setTimeout(resolve, 5));
    journal.keep(doc('v1'), 3, 1, { now: false });
    journal.keep(doc('v2'), 3, 2, { now: false });
    await settled();
    expect(store.entries.get('a1')).toMatchObject({ baseRevision: 3, doc: { headline: 'v2' } });
    journal.acknowledged(1, 4);
    await settled();
    expect(store.entries.get('a1')).toMatchObject({ baseRevision: 4, doc: { headline: 'v2' } });
    journal.acknowledged(2, 5);
    await settled();
    expect(store.entries.size).toBe(0);
    // A late answer to an older save (the unload save) does not bring anything back.
    journal.acknowledged(1, 4);
    await settled();
    expect(store.entries.size).toBe(0);
  });

  it('issue 18.9: a keep overtaken by its acknowledgement writes nothing; an unload keep writes at once', async () => {
    const store = memoryStore();
    const journal = articleJournal(store, 'a1');
    journal.keep(() => ({ id: 'a1', headline: 'v1' }) as DocumentToSave, 3, 1, { now: false });
    journal.acknowledged(1, 4);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.entries.size).toBe(0);

    journal.keep(() => ({ id: 'a1', headline: 'v2' }) as DocumentToSave, 4, 2, { now: true });
    await Promise.resolve();
    expect(store.entries.get('a1')).toMatchObject({ doc: { headline: 'v2' } });
  });
});

describe('article journal in idle time (issue 17.1)', () => {
  it('issue 17.1: a keep waiting for an idle moment is written at once by flush (before a reload reads the journal back)', async () => {
    const store = memoryStore();
    const journal = articleJournal(store, 'a1');
    journal.keep(() => ({ id: 'a1', headline: 'v1' }) as DocumentToSave, 3, 1, { now: false });
    expect(store.entries.size).toBe(0);
    journal.flush?.();
    await Promise.resolve();
    expect(store.entries.get('a1')).toMatchObject({ doc: { headline: 'v1' } });
  });
});

describe('connection monitor (issue 15.4)', () => {
  it('issue 15.4: unreachable until a probe gets a reply, then reconnected, then connected', async () => {
    vi.useFakeTimers();
    let hostUp = false;
    const monitor: ConnectionMonitor = new ConnectionMonitor(async () => (hostUp ? monitor.replied(200) : monitor.unreachable()));
    const seen: string[] = [];
    monitor.subscribe(() => seen.push(monitor.getState().status));

    monitor.unreachable();
    expect(monitor.getState().status).toBe('unreachable');
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 3);
    expect(monitor.getState().status).toBe('unreachable');
    hostUp = true;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    expect(monitor.getState().status).toBe('reconnected');
    await vi.advanceTimersByTimeAsync(RECONNECTED_NOTICE_MS);
    expect(seen).toEqual(['unreachable', 'reconnected', 'connected']);
  });

  it('issue 15.4: a refused sign-in (401) is an outage too, not "Online"', () => {
    vi.useFakeTimers();
    const monitor = new ConnectionMonitor(async () => undefined);
    monitor.replied(401);
    expect(monitor.getState().status).toBe('signed_out');
  });
});
