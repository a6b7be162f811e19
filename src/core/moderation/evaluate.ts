import type { Database } from 'better-sqlite3';
import type { ReasonCode, RuleKind, RuleMatch } from '../../shared/moderation';
import { changeState } from './log';
import { matchPhrases, type CompiledRule } from './rules';
import { multiRowReader } from './ingest-batch';
import { prepared } from '../db/statements';

/**
 * Rule evaluation on ingest. Every match is recorded on the comment (rule_matches + the
 * comment_rule_hits index); the resulting changes are applied set-based per distinct outcome and
 * logged with actor "rules", so a moderator can undo a rule's decision like any other.
 *
 * Precedence: reject > hold > report. "hold" keeps a comment out of public view (a comment the
 * source had already published moves from Unmoderated to Pending; the log entry tells the remote
 * sync to take it down). Comments by banned authors are rejected, by suspended or premoderated
 * authors held.
 */

export interface Candidate {
  id: number;
  authorId: number;
  text: string;
  /** words(text), when the caller already has them. */
  words?: readonly string[];
  /**
   * matchPhrases(rules, text) when the caller already has them: ingest matches phrases as each
   * comment is read, so a batch keeps a (usually empty) list per comment instead of its words
   * (millions of short strings held until the batch is written, much of ingest's GC time).
   */
  phraseMatches?: RuleMatch[];
  hash: string;
  links: number;
  createdAt: string;
  isNew: boolean;
  /** Only comments with a smaller id existed when this one arrived (ingest inserts in batches). */
  visibleBelow: number;
}

export interface Outcome {
  id: number;
  authorId: number;
  matches: RuleMatch[];
  reject: { reasonCode: ReasonCode; note: string; by: string } | null;
  hold: boolean;
  report: boolean;
  premoderateAuthor: boolean;
  isNew: boolean;
}

const REASON_BY_KIND: Record<RuleKind, ReasonCode> = {
  banned_phrase: 'abuse',
  suspect_phrase: 'abuse',
  max_links: 'spam',
  repeat_text: 'spam',
  new_author: 'other',
};

const HOURS = 3_600_000;
const MINUTES = 60_000;

const REPEAT_WHERE = 'author_id = ? AND body_hash = ? AND created_at >= ? AND created_at <= ? AND id <> ? AND id < ?';

const windowStart = (c: Candidate, minutes: number) => new Date(Date.parse(c.createdAt) - minutes * MINUTES).toISOString();

export interface Evaluator {
  (c: Candidate): Outcome;
  /**
   * Looks up the repeat_text matches of many candidates at once (one statement, candidates sorted
   * by author so comments_by_author is read in order rather than probed at random); `evaluate`
   * then uses the answers instead of one query per comment.
   */
  prime(candidates: readonly Candidate[]): void;
}

/** Prepares the statements once per batch and returns the evaluator for one comment. */
export function createEvaluator(db: Database, rules: readonly CompiledRule[]): Evaluator {
  const single = prepared(db, `SELECT id FROM comments WHERE ${REPEAT_WHERE} LIMIT 1`).pluck();
  // Bound VALUES rows, not a JSON argument: json_each re-parsed each candidate once per field.
  const many = multiRowReader<{ id: number; earlier: number | null }>(
    db,
    6,
    (values) => `SELECT v.column1 AS id, (SELECT id FROM comments WHERE author_id = v.column2 AND body_hash = v.column3 AND created_at >= v.column4
       AND created_at <= v.column5 AND id <> v.column1 AND id < v.column6 LIMIT 1) AS earlier FROM (VALUES ${values}) AS v`,
  );
  // rule id -> candidate id -> the earlier comment with the same text (null: none).
  const primed = new Map<number, Map<number, number | null>>();
  const repeat = (ruleId: number, minutes: number, c: Candidate): number | undefined => {
    const known = primed.get(ruleId)?.get(c.id);
    if (known !== undefined) return known ?? undefined;
    return single.get(c.authorId, c.hash, windowStart(c, minutes), c.createdAt, c.id, c.visibleBelow) as number | undefined;
  };
  const anotherStmt = prepared(db, 'SELECT id FROM comments WHERE author_id = ? AND id <> ? AND id < ? LIMIT 1').pluck();
  // Primed: each author's smallest comment id. A new comment is its author's first when nothing
  // older exists, i.e. when that minimum is the comment itself (its own row is already inserted).
  const firstIdOfAuthor = new Map<number, number | null>();
  const another = (c: Candidate): boolean => {
    const min = c.visibleBelow === c.id ? firstIdOfAuthor.get(c.authorId) : undefined;
    if (min !== undefined) return min !== null && min < c.id;
    return anotherStmt.get(c.authorId, c.id, c.visibleBelow) !== undefined;
  };
  const firstIds = prepared(db, 'SELECT j.value AS author, (SELECT MIN(id) FROM comments WHERE author_id = j.value) AS first FROM json_each(?) AS j');
  const author = prepared(db, 'SELECT status, suspended_until, remote_created_at FROM comment_authors WHERE id = ?');
  // An author's row does not change while a batch is evaluated (rule decisions, including
  // premoderating an author, are applied after it), so it is read once per author, not per comment.
  const authors = new Map<number, AuthorRow>();
  const authorRow = (id: number): AuthorRow => {
    let row = authors.get(id);
    if (!row) {
      row = author.get(id) as AuthorRow;
      authors.set(id, row);
    }
    return row;
  };
  const evaluator = ((c: Candidate) => evaluate(rules, c, { repeat, another, authorRow })) as Evaluator;
  const authorsMany = prepared(
    db,
    'SELECT a.id, a.status, a.suspended_until, a.remote_created_at FROM json_each(?) AS j CROSS JOIN comment_authors a ON a.id = j.value ORDER BY j.key',
  );
  evaluator.prime = (candidates) => {
    primed.clear();
    const unknown = [...new Set(candidates.map((c) => c.authorId))].filter((id) => !authors.has(id)).sort((a, b) => a - b);
    for (const row of authorsMany.all(JSON.stringify(unknown)) as (AuthorRow & { id: number })[]) {
      authors.set(row.id, { status: row.status, suspended_until: row.suspended_until, remote_created_at: row.remote_created_at });
    }
    if (rules.some(({ rule }) => rule.kind === 'new_author')) {
      firstIdOfAuthor.clear();
      const authorIds = [...new Set(candidates.map((c) => c.authorId))].sort((a, b) => a - b);
      for (const row of firstIds.all(JSON.stringify(authorIds)) as { author: number; first: number | null }[]) firstIdOfAuthor.set(row.author, row.first);
    }
    const sorted = candidates.filter((c) => c.text.trim() !== '').sort((a, b) => a.authorId - b.authorId || a.id - b.id);
    for (const { rule } of rules) {
      if (rule.kind !== 'repeat_text' || rule.threshold === null || sorted.length === 0) continue;
      const args = sorted.map((c) => [c.id, c.authorId, c.hash, windowStart(c, rule.threshold!), c.createdAt, c.visibleBelow]);
      const found = new Map<number, number | null>();
      for (const row of many(args)) found.set(row.id, row.earlier);
      primed.set(rule.id, found);
    }
  };
  return evaluator;
}

interface AuthorRow {
  status: string;
  suspended_until: string | null;
  remote_created_at: string | null;
}

interface Statements {
  repeat: (ruleId: number, minutes: number, c: Candidate) => number | undefined;
  another: (c: Candidate) => boolean;
  authorRow: (id: number) => AuthorRow;
}

function evaluate(rules: readonly CompiledRule[], c: Candidate, q: Statements): Outcome {
  const matches = c.phraseMatches ? [...c.phraseMatches] : matchPhrases(rules, c.text, c.words);
  for (const { rule } of rules) {
    if (rule.kind === 'max_links' && rule.threshold !== null && c.links > rule.threshold) {
      matches.push({ ruleId: rule.id, kind: rule.kind, action: rule.action, detail: `${c.links} links (allowed ${rule.threshold})` });
    } else if (rule.kind === 'repeat_text' && rule.threshold !== null && c.text.trim() !== '') {
      const earlier = q.repeat(rule.id, rule.threshold, c);
      if (earlier !== undefined) {
        matches.push({ ruleId: rule.id, kind: rule.kind, action: rule.action, detail: `same text as comment ${earlier} within ${rule.threshold} min` });
      }
    } else if (rule.kind === 'new_author' && c.isNew) {
      const author = q.authorRow(c.authorId).remote_created_at;
      const first = !q.another(c);
      const ageHours = author === null ? null : (Date.parse(c.createdAt) - Date.parse(author)) / HOURS;
      const young = rule.threshold !== null && rule.threshold > 0 && ageHours !== null && ageHours < rule.threshold;
      if (first || young) {
        matches.push({ ruleId: rule.id, kind: rule.kind, action: rule.action, detail: first ? 'first comment' : `account ${Math.max(0, Math.floor(ageHours!))} h old` });
      }
    }
  }
  const outcome: Outcome = { id: c.id, authorId: c.authorId, matches, reject: null, hold: false, report: false, premoderateAuthor: false, isNew: c.isNew };
  for (const m of matches) {
    if (m.action === 'reject' && outcome.reject === null) {
      outcome.reject = { reasonCode: REASON_BY_KIND[m.kind], note: `Rule ${m.ruleId} (${m.kind.replace('_', ' ')})`, by: `rule:${m.ruleId}` };
    }
    if (m.action === 'hold' || m.action === 'premoderate') outcome.hold = true;
    if (m.action === 'report') outcome.report = true;
    if (m.action === 'premoderate') outcome.premoderateAuthor = true;
  }
  if (c.isNew) {
    const author = q.authorRow(c.authorId);
    if (author.status === 'banned' && outcome.reject === null) outcome.reject = { reasonCode: 'other', note: 'The author is banned', by: 'rule:author_banned' };
    if (author.status === 'premoderated') outcome.hold = true;
    if (author.status === 'suspended' && (author.suspended_until === null || author.suspended_until > c.createdAt)) outcome.hold = true;
  }
  return outcome;
}

/** Records matches and applies every outcome, grouped so each distinct change is one UPDATE + one log entry. */
export function applyOutcomes(db: Database, outcomes: readonly Outcome[], now: string): void {
  const setMatches = prepared(db, 'UPDATE comments SET rule_matches = ? WHERE id = ?');
  const clearHits = prepared(db, 'DELETE FROM comment_rule_hits WHERE comment_id = ?');
  const addHit = prepared(db, 'INSERT OR IGNORE INTO comment_rule_hits (rule_id, comment_id) VALUES (?, ?)');
  const groups = new Map<string, { action: string; reasonCode: string | null; state: Record<string, string | number | null>; ids: number[] }>();
  const premoderate = new Set<number>();
  const publishedNow = prepared(db, 'SELECT published FROM comments WHERE id = ?').pluck();
  for (const o of outcomes) {
    if (o.matches.length > 0 || !o.isNew) {
      setMatches.run(JSON.stringify(o.matches), o.id);
      clearHits.run(o.id);
      for (const m of o.matches) addHit.run(m.ruleId, o.id);
    }
    if (o.premoderateAuthor) premoderate.add(o.authorId);
    const state: Record<string, string | number | null> = {};
    let action: string | null = null;
    if (o.report) {
      state.reported = 1;
      action = 'rule:report';
    }
    if (o.hold && publishedNow.get(o.id) === 1) {
      state.published = 0;
      action = 'rule:hold';
    }
    if (o.reject) {
      Object.assign(state, { status: 'rejected', reason_code: o.reject.reasonCode, reason_note: o.reject.note, decided_by: o.reject.by, decided_at: now, published: 0 });
      action = 'rule:reject';
    }
    if (action === null) continue;
    const key = JSON.stringify([action, state]);
    let group = groups.get(key);
    if (!group) {
      group = { action, reasonCode: o.reject?.reasonCode ?? null, state, ids: [] };
      groups.set(key, group);
    }
    group.ids.push(o.id);
  }
  for (const g of groups.values()) {
    changeState(db, 'comment', g.ids, g.state, { actor: 'rules', action: g.action, reasonCode: g.reasonCode, note: String(g.state.reason_note ?? ''), now });
  }
  if (premoderate.size > 0) {
    const active = prepared(db, "SELECT id FROM comment_authors WHERE status = 'active' AND id IN (SELECT value FROM json_each(?))")
      .pluck()
      .all(JSON.stringify([...premoderate])) as number[];
    if (active.length > 0) {
      changeState(db, 'author', active, { status: 'premoderated', suspended_until: null }, { actor: 'rules', action: 'rule:premoderate', reasonCode: 'other', note: 'New author', now });
    }
  }
}
