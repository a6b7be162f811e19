import type { Database } from 'better-sqlite3';
import type { ReasonCode, RuleKind, RuleMatch } from '../../shared/moderation';
import { changeState } from './log';
import { matchPhrases, type CompiledRule } from './rules';
import { checksRepeats, decide, linksMatch, repeatMatch } from '../../shared/moderation-rules/match';
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
   * Answers, in SQL and for a whole range at once, what evaluating the comments with ids in
   * [first, last] will ask the database: the comments were just inserted by this batch, and each
   * sees only the comments with smaller ids (its candidate's visibleBelow is its own id).
   * `evaluate` then uses the answers instead of one query per comment.
   */
  primeInserted(first: number, last: number): void;
}

/** Only rows that existed when the comment arrived (smaller ids) count as "earlier". */
const EARLIER_SAME_TEXT = `SELECT e.id FROM comments e WHERE e.author_id = n.author_id AND e.body_hash = n.body_hash
  AND e.created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', n.created_at, ?) AND e.created_at <= n.created_at AND e.id < n.id LIMIT 1`;

/** Prepares the statements once per batch and returns the evaluator for one comment. */
export function createEvaluator(db: Database, rules: readonly CompiledRule[]): Evaluator {
  const single = prepared(db, `SELECT id FROM comments WHERE ${REPEAT_WHERE} LIMIT 1`).pluck();
  // The comments of the range in author order (materialized, so the probes below walk
  // comments_by_author front to back instead of at random), each with the earlier comment by the
  // same author with the same text inside the window, computed by SQLite: the window's start is
  // strftime of the comment's own time (canonical ISO, like windowStart's toISOString).
  const earlierOfRange = prepared(
    db,
    `WITH n AS MATERIALIZED (SELECT id, author_id, body_hash, created_at FROM comments WHERE id BETWEEN ? AND ? ORDER BY author_id, id)
     SELECT n.id, (${EARLIER_SAME_TEXT}) AS earlier FROM n`,
  ).raw();
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
  const firstIds = prepared(
    db,
    `SELECT w.author_id, (SELECT MIN(id) FROM comments WHERE author_id = w.author_id)
       FROM (SELECT DISTINCT author_id FROM comments WHERE id BETWEEN ? AND ?) AS w`,
  ).raw();
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
  const authorsOfRange = prepared(
    db,
    `SELECT a.id, a.status, a.suspended_until, a.remote_created_at FROM comment_authors a
      WHERE a.id IN (SELECT author_id FROM comments WHERE id BETWEEN ? AND ?)`,
  ).raw();
  evaluator.primeInserted = (first, last) => {
    primed.clear();
    for (const [id, status, until, created] of authorsOfRange.all(first, last) as [number, string, string | null, string | null][]) {
      authors.set(id, { status, suspended_until: until, remote_created_at: created });
    }
    if (rules.some(({ rule }) => rule.kind === 'new_author')) {
      firstIdOfAuthor.clear();
      for (const [id, min] of firstIds.all(first, last) as [number, number | null][]) firstIdOfAuthor.set(id, min);
    }
    for (const { rule } of rules) {
      if (rule.kind !== 'repeat_text' || rule.threshold === null) continue;
      const found = new Map<number, number | null>();
      for (const [id, earlier] of earlierOfRange.all(first, last, `-${rule.threshold} minutes`) as [number, number | null][]) found.set(id, earlier);
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
    const links = linksMatch(rule, c.links);
    if (links) {
      matches.push(links);
    } else if (checksRepeats(rule, c.text)) {
      const earlier = q.repeat(rule.id, rule.threshold, c);
      if (earlier !== undefined) matches.push(repeatMatch(rule, earlier));
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
  const decision = decide(matches);
  const reject = decision.reject && { reasonCode: REASON_BY_KIND[decision.reject.kind], note: `Rule ${decision.reject.ruleId} (${decision.reject.kind.replace('_', ' ')})`, by: `rule:${decision.reject.ruleId}` };
  const outcome: Outcome = { id: c.id, authorId: c.authorId, matches, reject, hold: decision.hold, report: decision.report, premoderateAuthor: decision.premoderate, isNew: c.isNew };
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
