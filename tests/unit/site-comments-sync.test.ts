import { afterEach, describe, expect, it } from 'vitest';
import { ModerationService } from '../../src/core/moderation/service';
import { moderationIngest } from '../../src/core/sync/moderation-ingest';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';
import { castVote, commentRequest, signedInReader } from '../site/readers';
import { tempWorkspace } from './helpers';
import { remoteFor } from './remote-helpers';

/**
 * Issue 14.3/14.4: what readers write on the site reaches the desktop's queues through
 * `copydesk sync` (comments, replies, edits, reports into Reported, deletions out of every
 * queue), and the desktop's decisions come back and change what the page shows.
 */

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

describe.each(ENGINES)('reader comments synced with the desktop ($name)', (engine) => {
  it('issue 14.4: comments, replies, reports, edits and deletions reach the desktop; its approval shows the comment', async () => {
    const s = await startSite({ storage: await engine.storage(), readers: { commentModeration: { mode: 'new', trustAfter: 1 } } });
    sites.push(s);
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Commented on' });
    expect((await s.call('PUT', `articles/${article.id}`, { body: siteArticle('Commented on') })).status).toBe(200);
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });
    const bob = await signedInReader(s.running.site.db, { name: 'Bob' });
    const post = async (reader: typeof ann, path: string, body: Record<string, unknown> = {}) =>
      (await (await commentRequest(url, article.id, reader, path, body)).json()) as { comment: { id: string } };
    // Ann is trusted (one approved comment already, decided through the API); Bob is new.
    const earlier = await post(ann, '', { body: 'My first.' });
    expect((await s.call('POST', 'moderation', { body: { decisions: [{ action: 'approve', commentId: earlier.comment.id }] } })).status).toBe(200);
    const shown = await post(ann, '', { body: 'Shown at once.' });
    const held = await post(bob, '', { body: 'Held for review.', parentId: shown.comment.id });
    await commentRequest(url, article.id, bob, `/${shown.comment.id}/report`, { reason: 'abuse', note: 'Rude.' });

    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: s.token }, { ingest: moderationIngest(ws.db), timeoutMs: 5_000 });
    const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: s.api });
    await remote.sync();
    const row = (remoteId: string) =>
      ws.db
        .prepare('SELECT c.id, c.body, c.queue, c.reported, c.report_count AS reports, c.report_reasons AS reasons, c.edited_at AS edited, c.decided_by AS decidedBy, p.remote_id AS parent FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.remote_id = ?')
        .get(remoteId) as { id: number; body: string; queue: string; reported: number; reports: number; reasons: string; edited: string | null; decidedBy: string | null; parent: string | null };
    expect(row(shown.comment.id)).toMatchObject({ queue: 'unmoderated', reported: 1, reports: 1, reasons: '["abuse: Rude."]', edited: null });
    expect(row(held.comment.id)).toMatchObject({ queue: 'pending', parent: shown.comment.id, body: 'Held for review.' });

    // Bob edits his pending reply: the desktop gets the new words and the edit time.
    await post(bob, `/${held.comment.id}/edit`, { body: 'Held, and edited.' });
    await remote.sync();
    expect(row(held.comment.id)).toMatchObject({ queue: 'pending', body: 'Held, and edited.' });
    expect(row(held.comment.id).edited).not.toBeNull();

    // The moderator approves Bob's reply on the desktop: the site shows it.
    const moderation = new ModerationService(ws.db, ws.events);
    moderation.act({ action: 'approve', target: { ids: [row(held.comment.id).id] } });
    remote.pushModeration();
    await remote.drain(target.id);
    const live = async () => ((await (await fetch(new URL(`live/${article.id}.json`, url))).json()) as { comments: { id: string }[] }).comments.map((c) => c.id).sort();
    expect(await live()).toEqual([earlier.comment.id, shown.comment.id, held.comment.id].sort());

    // Ann deletes hers: it leaves the page, and the desktop stops asking about it.
    await commentRequest(url, article.id, ann, `/${shown.comment.id}/delete`);
    expect(await live()).toEqual([earlier.comment.id, held.comment.id].sort());
    await remote.sync();
    expect(row(shown.comment.id)).toMatchObject({ queue: 'rejected', reported: 0, decidedBy: 'author' });
  });

  it('issue 14.4: the desktop undoes approve, reject, ban and void on the site, and the page follows', async () => {
    const s = await startSite({ storage: await engine.storage(), readers: { commentModeration: { mode: 'pre', trustAfter: 0 } } });
    sites.push(s);
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Undone' });
    expect((await s.call('PUT', `articles/${article.id}`, { body: siteArticle('Undone') })).status).toBe(200);
    const url = s.running.listening;
    const ann = await signedInReader(s.running.site.db, { name: 'Ann' });
    const first = ((await (await commentRequest(url, article.id, ann, '', { body: 'First.' })).json()) as { comment: { id: string } }).comment;
    await castVote(url, article.id, ann, 'support', 'yes');

    const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: s.token }, { ingest: moderationIngest(ws.db), timeoutMs: 5_000 });
    const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: s.api });
    await remote.sync();
    const moderation = new ModerationService(ws.db, ws.events);
    const push = async () => {
      remote.pushModeration();
      await remote.drain(target.id);
    };
    const live = async () =>
      (await (await fetch(new URL(`live/${article.id}.json`, url))).json()) as { comments: { id: string }[]; votes: { support: { yes: number; total: number } } };
    const local = ws.db.prepare('SELECT id FROM comments WHERE remote_id = ?').pluck().get(first.id) as number;

    // Approve, then undo: the comment is shown, then back to pending and off the page.
    const approved = moderation.act({ action: 'approve', target: { ids: [local] } });
    await push();
    expect((await live()).comments.map((c) => c.id)).toEqual([first.id]);
    moderation.undo(approved.logId!);
    await push();
    expect((await live()).comments).toEqual([]);
    const status = async () => (await s.running.site.db.selectFrom('comments').select('status').where('id', '=', first.id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe('pending');

    // Reject, then undo: pending again on the site (not left rejected).
    const rejected = moderation.act({ action: 'reject', target: { ids: [local] }, reasonCode: 'off_topic' });
    await push();
    expect(await status()).toBe('rejected');
    moderation.undo(rejected.logId!);
    await push();
    expect(await status()).toBe('pending');

    // Ban, then undo: Ann is refused, then may comment again.
    const author = ws.db.prepare('SELECT id FROM comment_authors WHERE remote_id = ?').pluck().get(ann.id) as number;
    const banned = moderation.authorAct({ authorId: author, action: 'ban', reasonCode: 'abuse' });
    await push();
    expect((await commentRequest(url, article.id, ann, '', { body: 'Banned?' })).status).toBe(403);
    moderation.undo(banned.logId!);
    await push();
    expect((await commentRequest(url, article.id, ann, '', { body: 'Welcome back.' })).status).toBe(201);

    // Void a vote, then undo: the tally drops, then counts it again.
    const vote = ws.db.prepare('SELECT id FROM votes').pluck().get() as number;
    const voided = moderation.voteAct({ action: 'void', target: { ids: [vote] }, reason: 'Fraud ring' });
    await push();
    expect((await live()).votes.support).toMatchObject({ yes: 0, total: 0 });
    moderation.undo(voided.logId!);
    await push();
    expect((await live()).votes.support).toMatchObject({ yes: 1, total: 1 });
  });
});
