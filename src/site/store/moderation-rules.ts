import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { compileRule, type CompiledRule } from '../../shared/moderation-rules/match';
import { SiteRuleSchema, type ModerationRuleSet, type SiteRule, type StoredRuleSet } from '../../shared/remote/site-api';
import type { SiteDatabase } from '../db/schema';

/**
 * The rule set the desktop pushed (PUT /api/moderation/rules), stored as one row, and its
 * compiled form cached per process.
 *
 * Freshness: every screening reads the row's digest (one primary-key read in the transaction
 * that stores the comment) and compiles only when it has not seen that digest. A short TTL would
 * save that read but let a process apply an old set for the TTL after a push; the read costs
 * microseconds beside the comment's own insert, and with it every process on one PostgreSQL
 * applies a new set from the first comment that commits after the push. Compiled sets are keyed
 * by digest (content), not by version, so two sites served from one process never mix.
 */

type Db = Kysely<SiteDatabase> | Transaction<SiteDatabase>;

export interface CompiledRuleSet {
  digest: string;
  rules: CompiledRule<SiteRule>[];
  /** The widest repeat_text window, in minutes (0: no repeat rule), so one query serves them all. */
  repeatWindowMinutes: number;
}

const EMPTY: CompiledRuleSet = { digest: '', rules: [], repeatWindowMinutes: 0 };

/** The rules in one canonical form (by id, fixed keys): equal sets give equal text and digest. */
function canonical(set: ModerationRuleSet): string {
  const rules = [...set.rules]
    .sort((a, b) => a.id - b.id)
    .map(({ id, kind, pattern, action, threshold }) => ({ id, kind, pattern: pattern.trim(), action, threshold }));
  return JSON.stringify(rules);
}

function toStored(row: { version: number; rules: string; updated_at: string } | undefined): StoredRuleSet {
  if (!row) return { rules: [], version: 0, updatedAt: null };
  return { rules: SiteRuleSchema.array().parse(JSON.parse(row.rules)), version: Number(row.version), updatedAt: row.updated_at };
}

/** The set as stored: version 0 and no rules before the first push. */
export async function readRuleSet(db: Db): Promise<StoredRuleSet> {
  const row = await db.selectFrom('moderation_rule_sets').select(['version', 'rules', 'updated_at']).where('id', '=', 1).executeTakeFirst();
  return toStored(row);
}

/**
 * Replaces the set. The same content again keeps the row as it is (version and time), so a
 * desktop that pushes on every sync changes nothing; a different one raises the version by one.
 */
export async function replaceRuleSet(trx: Transaction<SiteDatabase>, set: ModerationRuleSet, now: string): Promise<StoredRuleSet> {
  const rules = canonical(set);
  const digest = createHash('sha256').update(rules).digest('base64url');
  await sql`INSERT INTO moderation_rule_sets (id, version, digest, rules, updated_at) VALUES (1, 1, ${digest}, ${rules}, ${now})
    ON CONFLICT (id) DO UPDATE SET version = moderation_rule_sets.version + 1, digest = excluded.digest, rules = excluded.rules, updated_at = excluded.updated_at
    WHERE moderation_rule_sets.digest <> excluded.digest`.execute(trx);
  return readRuleSet(trx);
}

/**
 * Compiled sets by digest; a handful at most (one per site this process serves, plus the one
 * being replaced). The promise is cached, not its result: the many screenings that arrive at
 * once after a push (or at start) wait for one read and one compile instead of each doing both.
 */
const compiled = new Map<string, Promise<CompiledRuleSet>>();
const MAX_CACHED = 8;

/** The set to screen with now: one small read, and a compile only when the set changed. */
export async function currentRuleSet(db: Db): Promise<CompiledRuleSet> {
  const head = await db.selectFrom('moderation_rule_sets').select('digest').where('id', '=', 1).executeTakeFirst();
  if (!head) return EMPTY;
  let set = compiled.get(head.digest);
  if (!set) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    set = compile(db, head.digest);
    compiled.set(head.digest, set);
    // A failed read must not stay cached: the next screening tries again.
    set.catch(() => compiled.delete(head.digest));
  }
  return set;
}

async function compile(db: Db, digest: string): Promise<CompiledRuleSet> {
  const row = await db.selectFrom('moderation_rule_sets').select(['digest', 'rules']).where('id', '=', 1).executeTakeFirst();
  // Replaced between the two reads (another transaction committed): screen with the newer set
  // this once; it is cached under its own digest when a screening next sees that digest.
  if (!row) return EMPTY;
  const rules = SiteRuleSchema.array().parse(JSON.parse(row.rules)).map((rule) => compileRule(rule));
  if (row.digest !== digest) compiled.delete(digest);
  return {
    digest: row.digest,
    rules,
    repeatWindowMinutes: Math.max(0, ...rules.map(({ rule }) => (rule.kind === 'repeat_text' ? (rule.threshold ?? 0) : 0))),
  };
}
