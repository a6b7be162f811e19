import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import type { LogEntry } from '../../src/shared/moderation';
import { tempWorkspace } from './helpers';

describe('issue 15.13: words, not internals', () => {
  it('input refused by its schema is explained as a sentence about the field, without call names or keys', async () => {
    const handlers = createHandlers(tempWorkspace());
    const result = await dispatch(handlers, 'site:update', { outputDir: 'relative/folder' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { outputDir: expect.any(String) } } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toBe('Check the output folder: Enter an absolute folder path, e.g. /home/me/site.');
    expect(message).not.toMatch(/site:update|outputDir|Invalid input/);
  });

  it('the audit log names what was acted on: a comment by its opening words, a reader by name, votes by article', async () => {
    const ws = tempWorkspace({ seed: true });
    const handlers = createHandlers(ws);
    const run = async <T>(name: string, input: unknown): Promise<T> => {
      const result = await dispatch(handlers, name, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as T;
    };
    const comment = ws.db.prepare("SELECT id, author_id AS authorId FROM comments WHERE body LIKE 'What idiots run%'").get() as { id: number; authorId: number };
    const vote = ws.db.prepare('SELECT id FROM votes ORDER BY id LIMIT 1').pluck().get() as number;
    await run('moderation:act', { action: 'reject', target: { ids: [comment.id] }, reasonCode: 'abuse' });
    await run('readers:act', { authorId: comment.authorId, action: 'ban', reasonCode: 'abuse' });
    await run('votes:act', { action: 'void', target: { ids: [vote] }, reason: 'Same voter twice' });

    const { entries } = await run<{ entries: LogEntry[] }>('moderation:log', { filter: {}, cursor: null, limit: 3 });
    expect(entries.map((e) => [e.action, e.targetLabel])).toEqual([
      ['vote:void', '1 vote on “Harbor City council approves $1.2 billion plan to replace every lead water pipe by 2031”'],
      ['author:ban', 'Greg'],
      ['reject', '“What idiots run this council”'],
    ]);
  });

  it('Settings tells editors what happens to a token, not the host’s environment variable names', () => {
    for (const store of [new EnvFileSecretStore({}, null), new EnvFileSecretStore({}, '/tmp/copydesk-credentials.json')]) {
      expect(store.describe().detail).not.toMatch(/COPYDESK_|<NAME>/);
    }
    expect(() => new EnvFileSecretStore({}, null).set({ id: 't1', name: 'site' }, 'secret')).toThrow(/^This copy of Copydesk cannot keep tokens/);
  });

  it('the output folder has a picker where the host has one (the desktop app), and a sentence where it has not', async () => {
    const ws = tempWorkspace();
    const desktop = createHandlers(ws, { chooseFolder: async () => '/home/editor/site' });
    expect(await dispatch(desktop, 'dialog:chooseFolder', {})).toEqual({ ok: true, value: { path: '/home/editor/site' } });
    const cancelled = createHandlers(ws, { chooseFolder: async () => null });
    expect(await dispatch(cancelled, 'dialog:chooseFolder', undefined)).toEqual({ ok: true, value: { path: null } });
    const browser = await dispatch(createHandlers(ws), 'dialog:chooseFolder', {});
    expect(browser).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Type the folder’s full path here/) } });
  });
});

describe('issue 15.13: every action the desk writes to the audit log reads as words of its own', () => {
  it('author:delete (a reader deleted their comment on the site, issue 14.4) and the rest have their own words, not a spelled-out code', async () => {
    const { logActionWords, LOG_ACTIONS } = await import('../../src/renderer/features/moderation/labels');
    expect(logActionWords('author:delete')).toBe('Author deleted');
    for (const action of LOG_ACTIONS) expect(logActionWords(action), action).not.toBe(action.replace(/[:_]/g, ' ').replace(/^./, (c) => c.toUpperCase()));
  });
});
