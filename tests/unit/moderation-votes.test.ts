import { describe, expect, it } from 'vitest';
import { ingestVotes } from '../../src/core/moderation/ingest';
import { at, moderationWorkspace, vote } from './moderation-helpers';

describe('votes: tallies and fraud signals', () => {
  it('tallies counted votes per axis and buckets a timeline', () => {
    const { ws, m, articleId } = moderationWorkspace();
    ingestVotes(ws, [vote(1, articleId), vote(2, articleId, { value: 'no' }), vote(3, articleId, { axis: 'support' }), vote(10, articleId)], 'site');
    const summary = m.votes(articleId, 3600);
    expect(summary.tallies).toEqual({ interesting: { yes: 2, total: 3 }, support: { yes: 1, total: 1 }, votingOpen: true });
    expect(summary.timeline).toEqual([
      { start: '2026-01-01T00:00:00.000Z', interesting: 2, support: 1, voided: 0 },
      { start: '2026-01-01T01:00:00.000Z', interesting: 1, support: 0, voided: 0 },
    ]);
  });

  it('finds every signal on constructed data and voids/restores a whole signal reversibly', () => {
    const { ws, m, articleId } = moderationWorkspace();
    const votes = [
      vote(1, articleId, { voter: { remoteId: 'twice', createdAt: null } }),
      vote(2, articleId, { voter: { remoteId: 'twice', createdAt: null } }),
      vote(3, articleId, { axis: 'support', voter: { remoteId: 'twice', createdAt: null } }),
      ...[0, 1, 2].map((i) => vote(10 + i, articleId, { ipHash: 'ip-x', deviceHash: 'dev-y' })),
      vote(20, articleId, { voter: { remoteId: 'fresh', createdAt: at(20 * 600 - 120) } }),
      ...Array.from({ length: 5 }, (_, i) => vote(100 + i, articleId, { votedAt: at(100_000 + i * 5) })),
    ];
    ingestVotes(ws, votes, 'site');
    const signals = m.voteSignals(articleId, { burstCount: 5, burstSeconds: 30, newAccountMinutes: 5, clusterSize: 3 });
    const byKind = Object.fromEntries(signals.map((s) => [s.kind, s]));
    expect(Object.keys(byKind).sort()).toEqual(['burst', 'duplicate_voter', 'new_account', 'shared_device', 'shared_ip']);
    expect(byKind.duplicate_voter!.votes.map((v) => v.remoteId)).toEqual(['v1', 'v2']);
    expect(byKind.duplicate_voter!.voidIds).toEqual([byKind.duplicate_voter!.votes[1]!.id]);
    expect(byKind.burst!.votes.map((v) => v.remoteId)).toEqual(['v100', 'v101', 'v102', 'v103', 'v104']);
    expect(byKind.shared_ip!.votes).toHaveLength(3);
    expect(byKind.shared_device!.votes).toHaveLength(3);
    expect(byKind.new_account!.votes.map((v) => v.remoteId)).toEqual(['v20']);
    // Below the thresholds nothing is flagged.
    expect(m.voteSignals(articleId, { burstCount: 6, burstSeconds: 30, newAccountMinutes: 1, clusterSize: 4 }).map((s) => s.kind)).toEqual(['duplicate_voter']);

    const total = m.tallies(articleId).interesting.total;
    const voided = m.voteAct({ action: 'void', target: { articleId, signalKey: byKind.burst!.key, params: { burstCount: 5, burstSeconds: 30 } }, reason: 'burst' });
    expect(voided.affected).toBe(5);
    expect(m.tallies(articleId).interesting.total).toBe(total - 5);
    const restored = m.voteAct({ action: 'restore', target: { articleId, signalKey: byKind.burst!.key, params: { burstCount: 5, burstSeconds: 30 } }, reason: 'false alarm' });
    expect(restored.affected).toBe(5);
    m.undo(restored.logId!);
    expect(m.tallies(articleId).interesting.total).toBe(total - 5);
    m.undo(voided.logId!);
    expect(m.tallies(articleId).interesting.total).toBe(total);
  });

  it('locks and unlocks voting, logged', () => {
    const { m, articleId } = moderationWorkspace();
    expect(m.setVotingLock(articleId, true, 'raid').votingOpen).toBe(false);
    expect(m.setVotingLock(articleId, false, '').votingOpen).toBe(true);
    expect(m.log({}, null, 5).entries.map((e) => e.action)).toEqual(['voting:unlock', 'voting:lock']);
    expect(() => m.setVotingLock('nope', true, '')).toThrow(/No article/);
  });
});
