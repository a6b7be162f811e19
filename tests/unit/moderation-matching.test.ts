import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { ingestComments } from '../../src/core/moderation/ingest';
import { item, moderationWorkspace } from './moderation-helpers';

describe('moderation:matching ("Select all N matching" in the queue view)', () => {
  it('counts what a queue + filter matches: the same set the bulk "all matching" target acts on', async () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(
      ws,
      Array.from({ length: 30 }, (_, i) => item(i + 1, articleId, { body: i % 3 === 0 ? `pipes are leaking ${i}` : `hello ${i}` })),
      'site',
    );
    const handlers = createHandlers(ws);
    const count = async (input: unknown) => {
      const result = await dispatch(handlers, 'moderation:matching', input);
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as { count: number }).count;
    };
    expect(await count({ queue: 'pending' })).toBe(30);
    expect(await count({ queue: 'pending', filter: { text: 'leaking' } })).toBe(10);
    expect(await count({ queue: 'approved' })).toBe(0);

    const n = await count({ queue: 'pending', filter: { text: 'leaking' } });
    expect(m.act({ action: 'approve', target: { queue: 'pending', filter: { text: 'leaking' }, expectedCount: n } }).affected).toBe(10);
    expect(await count({ queue: 'pending' })).toBe(20);
    expect(await count({ queue: 'approved', filter: { text: 'leaking' } })).toBe(10);
    const bad = await dispatch(handlers, 'moderation:matching', { queue: 'nope' });
    expect(bad.ok).toBe(false);
  });
});
