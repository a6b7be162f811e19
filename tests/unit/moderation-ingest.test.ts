import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { ingestComments, ingestFile, ingestVotes } from '../../src/core/moderation/ingest';
import { approvedComments } from '../../src/core/moderation/public';
import { MAX_COMMENT_CHARS } from '../../src/shared/moderation';
import { tempDir } from './helpers';
import { idOf, item, moderationWorkspace, rows, vote } from './moderation-helpers';

describe('moderation ingest', () => {
  it('is idempotent on remote ids: a second ingest changes nothing', () => {
    const { ws, articleId } = moderationWorkspace();
    const items = Array.from({ length: 20 }, (_, i) => item(i + 1, articleId));
    expect(ingestComments(ws, items, 'site')).toEqual({ inserted: 20, updated: 0, unchanged: 0, truncated: 0 });
    const before = rows(ws, 'comments');
    expect(ingestComments(ws, items, 'site')).toEqual({ inserted: 0, updated: 0, unchanged: 20, truncated: 0 });
    expect(rows(ws, 'comments')).toEqual(before);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comment_authors').pluck().get()).toBe(7);
    // The same remote id from another source is another comment.
    expect(ingestComments(ws, items.slice(0, 1), 'other').inserted).toBe(1);
  });

  it('re-ingest updates an edit and reports but never overwrites a local moderation decision', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(ws, [item(1, articleId, { publishedOnRemote: false })], 'site');
    const id = idOf(ws, 'c1');
    m.act({ action: 'reject', target: { ids: [id] }, reasonCode: 'abuse', note: 'insult' });
    const edited = item(1, articleId, { body: 'Edited text', editedAt: '2026-01-02T00:00:00Z', publishedOnRemote: true, reports: { count: 2, reasons: ['rude'] } });
    expect(ingestComments(ws, [edited], 'site').updated).toBe(1);
    const row = ws.db.prepare('SELECT * FROM comments WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({ body: 'Edited text', edited_at: '2026-01-02T00:00:00.000Z', status: 'rejected', reason_code: 'abuse', reason_note: 'insult', published: 0, report_count: 2, reported: 1 });
  });

  it('is all-or-nothing and names the item and field of the first problem', () => {
    const { ws, articleId } = moderationWorkspace();
    const bad = [item(1, articleId), item(2, articleId), { ...item(3, articleId), createdAt: 'yesterday' }];
    expect(() => ingestComments(ws, bad, 'site')).toThrow(/\[2\]\.createdAt/);
    expect(() => ingestComments(ws, [item(1, articleId), item(2, 'no-such-article')], 'site')).toThrow(/\[1\]\.articleId: no article/);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments').pluck().get()).toBe(0);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comment_authors').pluck().get()).toBe(0);
  });

  it('NDJSON errors name the line; JSON {items} errors name the path', () => {
    const { ws, articleId } = moderationWorkspace();
    const ndjson = [JSON.stringify(item(1, articleId)), '', JSON.stringify({ ...item(2, articleId), author: { remoteId: '' } })].join('\n');
    expect(() => ingestFile(ws, 'comments', ndjson, 'site', 'feed.ndjson')).toThrow(/^feed\.ndjson:3: author\.remoteId: /);
    expect(() => ingestFile(ws, 'comments', '{"x":1}\n{oops', 'site', 'feed.ndjson')).toThrow(/^feed\.ndjson:2:2: not valid JSON: unexpected "o"/);
    const wrapped = JSON.stringify({ items: [item(1, articleId), { ...item(2, articleId), body: 5 }] });
    expect(() => ingestFile(ws, 'comments', wrapped, 'site', 'feed.json')).toThrow(/^feed\.json: items\[1\]\.body: /);
    expect(ws.db.prepare('SELECT COUNT(*) FROM comments').pluck().get()).toBe(0);
    expect(ingestFile(ws, 'comments', `${JSON.stringify(item(1, articleId))}\n`, 'site', 'ok.ndjson').inserted).toBe(1);
  });

  it('links replies that arrive before their parent', () => {
    const { ws, articleId } = moderationWorkspace();
    ingestComments(ws, [item(2, articleId, { parentRemoteId: 'c1' }), item(1, articleId)], 'site');
    expect(ws.db.prepare('SELECT parent_id FROM comments WHERE remote_id = ?').pluck().get('c2')).toBe(idOf(ws, 'c1'));
  });

  it('stores hostile bodies and names as inert plain text (script, onerror, javascript:, RTL override)', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestComments(
      ws,
      [
        item(1, articleId, { format: 'html', body: '<p>Hi <script>alert(1)</script><img src=x onerror="alert(2)">there &amp; <a href="javascript:alert(3)">link</a></p>' }),
        item(2, articleId, { body: '<script>alert(1)</script> javascript:alert(1) \u202Egnp.exe', author: { remoteId: 'evil', displayName: '<img src=x onerror=alert(1)>\u202E\u0000Eve' } }),
      ],
      'site',
    );
    const html = ws.db.prepare('SELECT body, body_original FROM comments WHERE remote_id = ?').get('c1') as { body: string; body_original: string };
    expect(html.body).toBe('Hi there & link');
    expect(html.body_original).toContain('<script>');
    const text = ws.db.prepare('SELECT body, body_original FROM comments WHERE remote_id = ?').get('c2') as { body: string; body_original: string | null };
    // Plain text stays literally what was typed (the UI escapes it), minus the bidi override.
    expect(text.body).toBe('<script>alert(1)</script> javascript:alert(1) gnp.exe');
    expect(text.body_original).toBeNull();
    expect(ws.db.prepare("SELECT display_name FROM comment_authors WHERE remote_id = 'evil'").pluck().get()).toBe('<img src=x onerror=alert(1)>Eve');
    m.act({ action: 'approve', target: { ids: [idOf(ws, 'c1'), idOf(ws, 'c2')] }, note: '' });
    expect(approvedComments(ws.db, articleId).map((c) => c.body)).toEqual(['Hi there & link', '<script>alert(1)</script> javascript:alert(1) gnp.exe']);
  });

  it('truncates a 1 MB body to the limit, flags it and keeps a capped audit copy', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const huge = `${'x'.repeat(1_048_575)}😀`;
    expect(ingestComments(ws, [item(1, articleId, { body: huge })], 'site').truncated).toBe(1);
    const row = ws.db.prepare('SELECT body, body_truncated, length(body_original) AS audit FROM comments').get() as { body: string; body_truncated: number; audit: number };
    expect(row.body.length).toBe(MAX_COMMENT_CHARS);
    expect(row.body_truncated).toBe(1);
    expect(row.audit).toBe(100_000);
    expect(m.queue({ queue: 'pending' }).items[0]!.comment.bodyTruncated).toBe(true);
    // Above the hard cap the file is rejected, naming the field.
    expect(() => ingestComments(ws, [item(2, articleId, { body: 'y'.repeat(2_000_001) })], 'site')).toThrow(/\[0\]\.body/);
  });

  it('votes are idempotent, keep a voided state on re-ingest, and are void when cast after a lock', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const votes = [vote(1, articleId), vote(2, articleId, { axis: 'support', value: 'no' })];
    expect(ingestVotes(ws, votes, 'site')).toMatchObject({ inserted: 2 });
    const id = ws.db.prepare("SELECT id FROM votes WHERE remote_id = 'v1'").pluck().get() as number;
    m.voteAct({ action: 'void', target: { ids: [id] }, reason: 'fraud' });
    expect(ingestVotes(ws, votes, 'site')).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(ws.db.prepare('SELECT state FROM votes WHERE id = ?').pluck().get(id)).toBe('void');
    m.setVotingLock(articleId, true, '');
    ingestVotes(ws, [vote(3, articleId, { votedAt: new Date(Date.now() + 60_000).toISOString() })], 'site');
    expect(ws.db.prepare("SELECT state, void_reason FROM votes WHERE remote_id = 'v3'").get()).toEqual({ state: 'void', void_reason: 'voting locked' });
  });

  it('copydesk import comments|votes ingests files and reports a rejected file', async () => {
    const { ws, articleId } = moderationWorkspace();
    const dir = tempDir();
    const good = join(dir, 'c.ndjson');
    writeFileSync(good, [item(1, articleId), item(2, articleId)].map((i) => JSON.stringify(i)).join('\n'));
    const votes = join(dir, 'v.json');
    writeFileSync(votes, JSON.stringify([vote(1, articleId)]));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ...item(3, articleId), axis: 'x' }]));
    ws.close();
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: {} };
    expect(await main(['import', 'comments', '-w', ws.dir, '--source', 'site', good], io)).toBe(0);
    expect(await main(['import', 'votes', '-w', ws.dir, votes], io)).toBe(0);
    expect(await main(['import', 'comments', '-w', ws.dir, bad], io)).toBe(1);
    expect(out.join('')).toMatch(/c\.ndjson: 2 new, 0 updated, 0 unchanged comments/);
    expect(out.join('')).toMatch(/v\.json: 1 new/);
    expect(out.join('')).toMatch(/bad\.json: \[0\]: Unrecognized key/);
  });
});
