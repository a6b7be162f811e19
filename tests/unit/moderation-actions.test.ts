import { describe, expect, it } from 'vitest';
import { ingestComments, ingestVotes } from '../../src/core/moderation/ingest';
import { csvCell } from '../../src/core/moderation/log';
import type { ActInput } from '../../src/shared/moderation';
import { idOf, item, moderationWorkspace, rows, vote } from './moderation-helpers';

describe('moderation actions and undo', () => {
  it('each comment action and its undo restore the exact previous rows, several steps deep', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId, { publishedOnRemote: true, reports: { count: 2, reasons: ['x'] } }), item(2, articleId)], 'site');
    const ids = [idOf(ws, 'c1'), idOf(ws, 'c2')];
    const states = [rows(ws, 'comments')];
    const logs: number[] = [];
    const actions: ActInput[] = [
      { action: 'approve', target: { ids } },
      { action: 'reject', target: { ids: [ids[0]!] }, reasonCode: 'personal_data', note: 'phone number' },
      { action: 'spam', target: { ids } },
      { action: 'pending', target: { ids: [ids[1]!] } },
      { action: 'reject', target: { ids }, reasonCode: 'other', note: 'see ticket 4' },
    ];
    for (const action of actions) {
      logs.push(m.act(action).logId!);
      states.push(rows(ws, 'comments'));
    }
    expect(rows(ws, 'comments', [ids[0]!])[0]).toMatchObject({ status: 'rejected', reason_code: 'other', reason_note: 'see ticket 4', decided_by: 'moderator', published: 0, reported: 0 });
    // An older entry cannot be undone while a later action still holds its targets.
    expect(() => m.undo(logs[1]!)).toThrow(/changed afterwards.*Undo the later action first/);
    for (let i = logs.length - 1; i >= 0; i -= 1) {
      m.undo(logs[i]!);
      expect(rows(ws, 'comments')).toEqual(states[i]);
    }
    expect(() => m.undo(logs[0]!)).toThrow(/already undone/);
    // Every action and every undo is in the log.
    const entries = m.log({}, null, 100).entries;
    expect(entries).toHaveLength(10);
    expect(entries.filter((e) => e.action.startsWith('undo:'))).toHaveLength(5);
    expect(entries.every((e) => !e.pushedToRemote)).toBe(true);
    // An undo can itself be undone (redo).
    const redo = entries[0]!;
    m.undo(redo.id);
    expect(rows(ws, 'comments')).toEqual(states[1]);
  });

  it('reject needs a reason code and "other" needs a note', () => {
    const { m } = moderationWorkspace();
    expect(() => m.act({ action: 'reject', target: { ids: [1] } })).toThrow(/reasonCode/);
    expect(() => m.act({ action: 'reject', target: { ids: [1] }, reasonCode: 'other' })).toThrow(/note/);
  });

  it('bulk-approves 10,000 comments matching a query in one transaction and one log entry, and undoes it', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, Array.from({ length: 10_000 }, (_, i) => item(i + 1, articleId)), 'site');
    const before = rows(ws, 'comments');
    const result = m.act({ action: 'approve', target: { queue: 'pending', filter: { articleId }, expectedCount: 10_000 } });
    expect(result.affected).toBe(10_000);
    expect(m.counts()).toMatchObject({ pending: 0, approved: 10_000 });
    expect(m.log({}, null, 10).entries).toHaveLength(1);
    expect(m.log({}, null, 10).entries[0]).toMatchObject({ action: 'approve', targetCount: 10_000 });
    expect(() => m.act({ action: 'spam', target: { queue: 'approved', filter: {}, expectedCount: 9_999 } })).toThrow(/selection changed/);
    expect(m.counts().approved).toBe(10_000);
    m.undo(result.logId!);
    expect(rows(ws, 'comments')).toEqual(before);
    // Ingesting 10,000 comments on a shared, busy machine can take a while.
  }, 120_000);

  it('a failing bulk action leaves nothing half-done', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, Array.from({ length: 50 }, (_, i) => item(i + 1, articleId)), 'site');
    const before = rows(ws, 'comments');
    ws.db.exec("CREATE TRIGGER boom BEFORE INSERT ON moderation_log BEGIN SELECT RAISE(ABORT, 'log full'); END");
    expect(() => m.act({ action: 'approve', target: { queue: 'pending' } })).toThrow(/log full/);
    expect(rows(ws, 'comments')).toEqual(before);
  });

  it('author actions (premoderate, suspend N days, ban, unban) are logged with reasons and undo exactly', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId)], 'site');
    const authorId = ws.db.prepare('SELECT author_id FROM comments').pluck().get() as number;
    const states = [rows(ws, 'comment_authors')];
    const logs = [
      m.authorAct({ authorId, action: 'premoderate', reasonCode: 'off_topic' }).logId,
      m.authorAct({ authorId, action: 'suspend', days: 7, reasonCode: 'abuse', note: 'insults' }).logId,
    ];
    states.push(rows(ws, 'comment_authors'));
    const suspended = m.author(authorId).author;
    expect(suspended.status).toBe('suspended');
    expect(Date.parse(suspended.suspendedUntil!) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    logs.push(m.authorAct({ authorId, action: 'ban', reasonCode: 'illegal' }).logId, m.authorAct({ authorId, action: 'unban', reasonCode: 'other', note: 'appeal' }).logId);
    expect(m.author(authorId).author).toMatchObject({ status: 'active', suspendedUntil: null });
    for (const id of logs.slice(1).reverse()) m.undo(id);
    expect(rows(ws, 'comment_authors')[0]).toMatchObject({ status: 'premoderated', suspended_until: null });
    m.undo(logs[0]!);
    expect(rows(ws, 'comment_authors')).toEqual(states[0]);
    const history = m.author(authorId).history;
    expect(history.map((e) => e.action)).toEqual(['undo:author:premoderate', 'undo:author:suspend', 'undo:author:ban', 'undo:author:unban', 'author:unban', 'author:ban', 'author:suspend', 'author:premoderate']);
    expect(history.at(-1)!.reasonCode).toBe('off_topic');
  });

  it('vote void/restore and the voting lock are logged and undo exactly', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestVotes(ws, [vote(1, articleId), vote(2, articleId)], 'site');
    const before = rows(ws, 'votes');
    const ids = (rows(ws, 'votes') as { id: number }[]).map((v) => v.id);
    const voided = m.voteAct({ action: 'void', target: { ids }, reason: 'bought votes' });
    expect(m.tallies(articleId).interesting).toEqual({ yes: 0, total: 0 });
    const restored = m.voteAct({ action: 'restore', target: { ids: [ids[0]!] }, reason: 'legit' });
    expect(m.tallies(articleId).interesting.total).toBe(1);
    m.undo(restored.logId!);
    m.undo(voided.logId!);
    expect(rows(ws, 'votes')).toEqual(before);
    const lock = m.setVotingLock(articleId, true, 'brigading');
    expect(lock.votingOpen).toBe(false);
    m.undo(lock.logId);
    expect(m.tallies(articleId).votingOpen).toBe(true);
  });

  it('exports the log as CSV with formula injection neutralised', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId)], 'site');
    m.act({ action: 'reject', target: { ids: [idOf(ws, 'c1')] }, reasonCode: 'other', note: '=HYPERLINK("http://evil","x")' });
    m.act({ action: 'approve', target: { ids: [idOf(ws, 'c1')] }, note: '+1, "fine"\nnext line' });
    const { csv, count } = m.exportLog({});
    expect(count).toBe(2);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,created_at,actor,action,target_type,target_count,target_ids,reason_code,note,undoes_id,undone_by_id,pushed_to_remote,pushed_at');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain(`"'+1, ""fine""\nnext line"`);
    for (const bad of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(bad).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell('plain')).toBe('plain');
  });

  it('remote sync marks log entries pushed', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId)], 'site');
    const { logId } = m.act({ action: 'approve', target: { ids: [idOf(ws, 'c1')] } });
    expect(m.unpushed().map((e) => e.id)).toEqual([logId]);
    expect(m.markPushed([logId!])).toBe(1);
    expect(m.unpushed()).toEqual([]);
    expect(m.log({}, null, 1).entries[0]).toMatchObject({ pushedToRemote: true });
  });
});
