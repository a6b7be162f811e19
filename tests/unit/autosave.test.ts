import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from '../../src/renderer/features/article/autosave';

interface Doc {
  text: string;
}

interface Call {
  doc: Doc;
  expectedRevision: number;
  keepalive: boolean;
  resolve(revision: number): void;
  reject(error: unknown): void;
}

/** A save function whose calls the test answers by hand, so "in flight" is observable. */
function fakeServer() {
  const calls: Call[] = [];
  const save = (doc: Doc, expectedRevision: number, { keepalive }: { keepalive: boolean }) =>
    new Promise<{ revision: number }>((resolve, reject) => {
      calls.push({ doc, expectedRevision, keepalive, resolve: (revision) => resolve({ revision }), reject });
    });
  return { calls, save };
}

function apiError(code: string, message: string, fields?: Record<string, string>) {
  return Object.assign(new Error(message), { code, fields });
}

function setup(revision = 1) {
  const server = fakeServer();
  const saved: Doc[] = [];
  const autosave = new Autosave<Doc, { revision: number }>({
    revision,
    save: server.save,
    revisionOf: (result) => result.revision,
    onSaved: (_result, doc) => saved.push(doc),
  });
  return { autosave, server, saved };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves a pause 300 ms after the last change', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(299);
    expect(server.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(1);
  });

  it('saves at most 500 ms after the first unsaved change, once, with the newest document', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(250);
    autosave.update({ text: 'ab' });
    await vi.advanceTimersByTimeAsync(249);
    expect(server.calls).toHaveLength(0);
    expect(autosave.getState().status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({ doc: { text: 'ab' }, expectedRevision: 1, keepalive: false });
    expect(autosave.getState().status).toBe('saving');
    server.calls[0]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.getState().status).toBe('saved');
    expect(autosave.savedRevision).toBe(2);
  });

  it('never leaves a change unsaved for more than 500 ms during continuous typing', async () => {
    const { autosave, server } = setup();
    const sentAt: number[] = [];
    for (let i = 0; i < 80; i += 1) {
      autosave.update({ text: `t${i}` });
      await vi.advanceTimersByTimeAsync(100);
      while (sentAt.length < server.calls.length) {
        sentAt.push(i * 100 + 100);
        server.calls[sentAt.length - 1]!.resolve(sentAt.length + 1);
        await vi.advanceTimersByTimeAsync(0);
      }
    }
    // 8 s of typing: a save at least every 500 ms.
    expect(server.calls.length).toBeGreaterThanOrEqual(15);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
  });

  it('keeps one request in flight and sends only the latest queued document after it', async () => {
    const { autosave, server, saved } = setup(5);
    autosave.update({ text: 'one' });
    await vi.advanceTimersByTimeAsync(500);
    expect(server.calls).toHaveLength(1);
    autosave.update({ text: 'two' });
    autosave.update({ text: 'three' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toHaveLength(1); // still waiting for the first reply
    expect(autosave.getState().status).toBe('saving');
    server.calls[0]!.resolve(6);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]).toMatchObject({ doc: { text: 'three' }, expectedRevision: 6 });
    server.calls[1]!.resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved.map((d) => d.text)).toEqual(['one', 'three']);
    expect(autosave.getState().status).toBe('saved');
  });

  it('retries a failed save with backoff and sends the latest document, never dropping it', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'draft' });
    await vi.advanceTimersByTimeAsync(500);
    server.calls[0]!.reject(apiError('internal', 'Copydesk could not reach its server.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.getState()).toMatchObject({ status: 'retrying', failures: 1 });
    expect(autosave.hasUnsavedChanges).toBe(true);
    autosave.update({ text: 'draft, edited while offline' });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.doc.text).toBe('draft, edited while offline');
    server.calls[1]!.reject(apiError('internal', 'still down'));
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.calls).toHaveLength(2); // second wait is longer
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(3);
    server.calls[2]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.getState()).toMatchObject({ status: 'saved', failures: 0 });
    expect(autosave.hasUnsavedChanges).toBe(false);
  });

  it('stops on a validation error, reports the fields, and tries again after the next edit', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'Bad Slug!' });
    await vi.advanceTimersByTimeAsync(500);
    server.calls[0]!.reject(apiError('invalid_input', 'Invalid input', { slug: 'Use lowercase letters' }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls).toHaveLength(1);
    expect(autosave.getState()).toMatchObject({ status: 'invalid', fields: { slug: 'Use lowercase letters' } });
    autosave.update({ text: 'good-slug' });
    await vi.advanceTimersByTimeAsync(500);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.doc.text).toBe('good-slug');
  });

  it('stops on a conflict and keeps the document in memory', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'mine' });
    await vi.advanceTimersByTimeAsync(500);
    server.calls[0]!.reject(apiError('conflict', 'changed elsewhere'));
    await vi.advanceTimersByTimeAsync(0);
    autosave.update({ text: 'mine, more' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls).toHaveLength(1);
    expect(autosave.getState().status).toBe('conflict');
    expect(autosave.hasUnsavedChanges).toBe(true);
  });

  it('flush() saves at once and resolves when the save settles', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'switching away' });
    const flushed = autosave.flush();
    expect(server.calls).toHaveLength(1);
    let done = false;
    void flushed.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);
    server.calls[0]!.resolve(2);
    await expect(flushed).resolves.toMatchObject({ status: 'saved' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(1); // the cancelled debounce does not save again
  });

  it('flush() with nothing pending resolves immediately without saving', async () => {
    const { autosave, server } = setup();
    await expect(autosave.flush()).resolves.toMatchObject({ status: 'saved' });
    expect(server.calls).toHaveLength(0);
  });

  it('flush() waits for a queued document behind the one in flight', async () => {
    const { autosave, server } = setup();
    autosave.update({ text: 'first' });
    await vi.advanceTimersByTimeAsync(500);
    autosave.update({ text: 'second' });
    const flushed = autosave.flush();
    server.calls[0]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls).toHaveLength(2);
    server.calls[1]!.resolve(3);
    await expect(flushed).resolves.toMatchObject({ status: 'saved' });
    expect(autosave.savedRevision).toBe(3);
  });

  it('flushOnUnload() sends the pending document with keepalive, based on the in-flight revision', async () => {
    const { autosave, server } = setup(3);
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(500);
    autosave.update({ text: 'ab' });
    autosave.flushOnUnload();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]).toMatchObject({ doc: { text: 'ab' }, expectedRevision: 4, keepalive: true });
    server.calls[0]!.resolve(4);
    server.calls[1]!.resolve(5);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.calls).toHaveLength(2);
    expect(autosave.savedRevision).toBe(5);
    expect(autosave.getState().status).toBe('saved');
  });
});

describe('autosave state', () => {
  it('does not notify listeners when a keystroke leaves the state unchanged', async () => {
    vi.useFakeTimers();
    const { autosave } = setup();
    let notified = 0;
    autosave.subscribe(() => (notified += 1));
    autosave.update({ text: 'a' });
    const afterFirst = notified;
    const state = autosave.getState();
    for (let i = 0; i < 20; i += 1) autosave.update({ text: `a${i}` });
    expect(notified).toBe(afterFirst);
    expect(autosave.getState()).toBe(state);
  });
});

