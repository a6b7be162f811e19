import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, classifyByCode, type EditJournal } from '../../src/renderer/features/article/autosave';

interface Doc {
  text: string;
}

interface Call {
  doc: Doc;
  expectedRevision: number;
  resolve(revision: number): void;
  reject(error: unknown): void;
}

/** A journal that records what it was given, as IndexedDB would hold it: the newest entry. */
function recordingJournal() {
  const kept: { doc: Doc; baseRevision: number; version: number; now: boolean; at: number }[] = [];
  const acks: { version: number; revision: number }[] = [];
  const journal: EditJournal<Doc> = {
    keep: (doc, baseRevision, version, { now }) => kept.push({ doc, baseRevision, version, now, at: Date.now() }),
    acknowledged: (version, revision) => acks.push({ version, revision }),
  };
  return { journal, kept, acks };
}

function setup() {
  const calls: Call[] = [];
  const recorded = recordingJournal();
  const autosave = new Autosave<Doc, { revision: number }>({
    revision: 1,
    save: (doc, expectedRevision) =>
      new Promise((resolve, reject) => calls.push({ doc, expectedRevision, resolve: (revision) => resolve({ revision }), reject })),
    revisionOf: (result) => result.revision,
    journal: recorded.journal,
  });
  return { autosave, calls, ...recorded };
}

const unreachable = () => Object.assign(new Error('Copydesk could not reach its server.'), { code: 'internal' });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave journal (issue 18.9, issue 15.4)', () => {
  it('issue 18.9: keeps every change within 500 ms while a slow save is in flight', async () => {
    const { autosave, calls, kept } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(1);
    expect(kept.map((k) => k.doc.text)).toEqual(['a']);
    // The host is slow (heavy load): the first save stays in flight while typing goes on.
    const typedAt: Record<string, number> = {};
    let text = 'a';
    for (let i = 0; i < 40; i += 1) {
      text += 'x';
      typedAt[text] = Date.now();
      autosave.update({ text });
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    expect(kept.at(-1)!.doc.text).toBe(text);
    // Each change was in the journal (itself or a newer one) at most 500 ms after it was typed.
    for (const [typed, at] of Object.entries(typedAt)) {
      const first = kept.find((k) => k.doc.text.length >= typed.length);
      expect(first!.at - at).toBeLessThanOrEqual(500);
    }
  });

  it('issue 18.9: keeps changes made while retrying and during a conflict', async () => {
    const { autosave, calls, kept } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    calls[0]!.reject(unreachable());
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.getState().status).toBe('retrying');
    autosave.update({ text: 'ab' });
    await vi.advanceTimersByTimeAsync(400);
    expect(kept.at(-1)!.doc.text).toBe('ab');

    const other = setup();
    other.autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    other.calls[0]!.reject(Object.assign(new Error('changed elsewhere'), { code: 'conflict' }));
    await vi.advanceTimersByTimeAsync(0);
    other.autosave.update({ text: 'ab' });
    await vi.advanceTimersByTimeAsync(400);
    expect(other.calls).toHaveLength(1);
    expect(other.kept.at(-1)!.doc.text).toBe('ab');
  });

  it('issue 15.4: acknowledges the version the host saved, with its revision', async () => {
    const { autosave, calls, kept, acks } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    autosave.update({ text: 'ab' });
    await vi.advanceTimersByTimeAsync(300);
    expect(kept.map((k) => [k.doc.text, k.version, k.baseRevision])).toEqual([
      ['a', 1, 1],
      ['ab', 2, 1],
    ]);
    calls[0]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(acks).toEqual([{ version: 1, revision: 2 }]);
    expect(calls[1]).toMatchObject({ doc: { text: 'ab' }, expectedRevision: 2 });
    calls[1]!.resolve(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(acks.at(-1)).toEqual({ version: 2, revision: 3 });
    expect(autosave.getState().status).toBe('saved');
  });

  it('issue 15.4: the unload save keeps the newest change first, even when the host is gone', async () => {
    const { autosave, kept } = setup();
    autosave.update({ text: 'abc' });
    autosave.flushOnUnload();
    expect(kept.at(-1)).toMatchObject({ doc: { text: 'abc' }, now: true });
  });

  it('issue 15.4: retryNow() sends at once instead of waiting out the backoff', async () => {
    const { autosave, calls } = setup();
    autosave.update({ text: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    calls[0]!.reject(unreachable());
    await vi.advanceTimersByTimeAsync(0);
    autosave.retryNow();
    expect(calls).toHaveLength(2);
    autosave.retryNow();
    expect(calls).toHaveLength(2);
  });

  it('issue 15.4: a refused sign-in is retried (the tab recovers once the link is opened again)', () => {
    expect(classifyByCode({ code: 'unauthorized' })).toBe('retry');
  });
});
