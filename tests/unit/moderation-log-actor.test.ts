import { describe, expect, it } from 'vitest';
import { ingestComments } from '../../src/core/moderation/ingest';
import { ModerationService } from '../../src/core/moderation/service';
import { idOf, item, moderationWorkspace } from './moderation-helpers';

describe('moderation log: the actor filter (audit view "Actor")', () => {
  it('lists and exports only the entries of the chosen actor', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId), item(2, articleId)], 'site');
    m.act({ action: 'approve', target: { ids: [idOf(ws, 'c1')] } });
    const remote = new ModerationService(ws.db, ws.events, 'remote:desk');
    remote.act({ action: 'spam', target: { ids: [idOf(ws, 'c2')] } });

    expect(m.log({}, null, 50).entries).toHaveLength(2);
    const mine = m.log({ actor: 'moderator' }, null, 50).entries;
    expect(mine.map((e) => [e.actor, e.action])).toEqual([['moderator', 'approve']]);
    expect(m.log({ actor: 'remote:desk', action: 'spam' }, null, 50).entries).toHaveLength(1);
    expect(m.log({ actor: 'nobody' }, null, 50).entries).toEqual([]);
    const { csv, count } = m.exportLog({ actor: 'remote:desk' });
    expect(count).toBe(1);
    expect(csv).toContain('remote:desk');
    expect(csv).not.toMatch(/,moderator,/);
  });
});
