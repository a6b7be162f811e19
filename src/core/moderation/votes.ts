import type { Database } from 'better-sqlite3';
import type { SignalKind, Vote, VoteSignal, VoteSummary } from '../../shared/moderation';
import { voteTallies } from './public';

/**
 * Vote tallies, timeline and fraud signals for one article. Signals are recomputed on demand from
 * the votes (they are cheap per article thanks to the per-article indexes) so they never go stale.
 */

export interface SignalParams {
  burstCount: number;
  burstSeconds: number;
  newAccountMinutes: number;
  clusterSize: number;
}

export const DEFAULT_SIGNAL_PARAMS: SignalParams = { burstCount: 20, burstSeconds: 60, newAccountMinutes: 10, clusterSize: 3 };

interface VoteRow {
  id: number;
  remote_id: string;
  article_id: string;
  axis: Vote['axis'];
  value: Vote['value'];
  voter_id: number;
  voter_name: string;
  voter_created: string | null;
  voted_at: string;
  ip_hash: string | null;
  device_hash: string | null;
  state: Vote['state'];
  void_reason: string | null;
}

const VOTE_SELECT = `SELECT v.id, v.remote_id, v.article_id, v.axis, v.value, v.voter_id, a.display_name AS voter_name,
  a.remote_created_at AS voter_created, v.voted_at, v.ip_hash, v.device_hash, v.state, v.void_reason
  FROM votes v JOIN comment_authors a ON a.id = v.voter_id`;

function toVote(r: VoteRow): Vote {
  return {
    id: r.id,
    remoteId: r.remote_id,
    articleId: r.article_id,
    axis: r.axis,
    value: r.value,
    voterId: r.voter_id,
    voterName: r.voter_name,
    voterCreatedAt: r.voter_created,
    votedAt: r.voted_at,
    ipHash: r.ip_hash,
    deviceHash: r.device_hash,
    state: r.state,
    voidReason: r.void_reason,
  };
}

export function voteSummary(db: Database, articleId: string, bucketSeconds: number): VoteSummary {
  const tallies = voteTallies(db, articleId);
  const voided = db.prepare("SELECT COUNT(*) FROM votes WHERE article_id = ? AND state = 'void'").pluck().get(articleId) as number;
  const rows = db
    .prepare(
      `SELECT (CAST(unixepoch(voted_at) AS INTEGER) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket,
              SUM(state = 'counted' AND axis = 'interesting') AS interesting, SUM(state = 'counted' AND axis = 'support') AS support,
              SUM(state = 'void') AS voided
         FROM votes WHERE article_id = ? GROUP BY bucket ORDER BY bucket`,
    )
    .all(bucketSeconds, bucketSeconds, articleId) as { bucket: number; interesting: number; support: number; voided: number }[];
  return {
    tallies,
    voided,
    timeline: rows.map((r) => ({ start: new Date(r.bucket * 1000).toISOString(), interesting: r.interesting, support: r.support, voided: r.voided })),
  };
}

function signal(kind: SignalKind, key: string, description: string, rows: VoteRow[], voidIds?: number[]): VoteSignal {
  return { key: `${kind}:${key}`, kind, description, votes: rows.map(toVote), voidIds: voidIds ?? rows.filter((r) => r.state === 'counted').map((r) => r.id) };
}

/** Every fraud signal on one article, each listing its votes (counted and void alike). */
export function voteSignals(db: Database, articleId: string, params: SignalParams = DEFAULT_SIGNAL_PARAMS): VoteSignal[] {
  const all = db.prepare(`${VOTE_SELECT} WHERE v.article_id = ? ORDER BY v.voted_at, v.id`).all(articleId) as VoteRow[];
  const signals: VoteSignal[] = [];

  // Same voter more than once on an axis: the earliest counted vote stands, the others are voidable.
  const byVoter = new Map<string, VoteRow[]>();
  for (const v of all) {
    const key = `${v.voter_id}:${v.axis}`;
    const list = byVoter.get(key);
    if (list) list.push(v);
    else byVoter.set(key, [v]);
  }
  for (const [key, rows] of byVoter) {
    if (rows.length < 2) continue;
    const counted = rows.filter((r) => r.state === 'counted');
    signals.push(signal('duplicate_voter', key, `${rows[0]!.voter_name || 'A reader'} voted ${rows.length} times on ${rows[0]!.axis}`, rows, counted.slice(1).map((r) => r.id)));
  }

  // Bursts: maximal runs where every vote has at least burstCount votes within burstSeconds.
  const times = all.map((v) => Date.parse(v.voted_at));
  const inBurst = new Uint8Array(all.length);
  for (let start = 0, end = 0; end < all.length; end += 1) {
    while (times[end]! - times[start]! > params.burstSeconds * 1000) start += 1;
    if (end - start + 1 >= params.burstCount) inBurst.fill(1, start, end + 1);
  }
  for (let i = 0; i < all.length; ) {
    if (!inBurst[i]) {
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < all.length && inBurst[j + 1]) j += 1;
    const rows = all.slice(i, j + 1);
    signals.push(signal('burst', rows[0]!.voted_at, `${rows.length} votes between ${rows[0]!.voted_at} and ${rows.at(-1)!.voted_at}`, rows));
    i = j + 1;
  }

  // Clusters: several distinct voters sharing one IP hash or device hash.
  for (const [kind, column] of [['shared_ip', 'ip_hash'], ['shared_device', 'device_hash']] as const) {
    const groups = new Map<string, VoteRow[]>();
    for (const v of all) {
      const hash = v[column];
      if (hash === null) continue;
      const list = groups.get(hash);
      if (list) list.push(v);
      else groups.set(hash, [v]);
    }
    for (const [hash, rows] of groups) {
      const voters = new Set(rows.map((r) => r.voter_id)).size;
      if (voters >= params.clusterSize) {
        signals.push(signal(kind, hash, `${voters} readers voted from one ${kind === 'shared_ip' ? 'IP address' : 'device'}`, rows));
      }
    }
  }

  // Accounts created minutes before they voted.
  const fresh = all.filter((v) => {
    if (v.voter_created === null) return false;
    const age = Date.parse(v.voted_at) - Date.parse(v.voter_created);
    return age >= 0 && age <= params.newAccountMinutes * 60_000;
  });
  if (fresh.length > 0) {
    signals.push(signal('new_account', 'all', `${fresh.length} votes from accounts created at most ${params.newAccountMinutes} min before voting`, fresh));
  }
  return signals;
}

export function votesById(db: Database, ids: readonly number[]): Vote[] {
  return (db.prepare(`${VOTE_SELECT} WHERE v.id IN (SELECT value FROM json_each(?)) ORDER BY v.voted_at, v.id`).all(JSON.stringify(ids)) as VoteRow[]).map(toVote);
}
