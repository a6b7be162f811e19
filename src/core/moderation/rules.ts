import type { Database } from 'better-sqlite3';
import { CopydeskError } from '../../shared/errors';
import type { Rule, RuleAction, RuleInput, RuleKind } from '../../shared/moderation';
import { compileRule, validateRule, type CompiledRule as SharedCompiledRule } from '../../shared/moderation-rules/match';

/**
 * Moderation rules as the desktop stores them. Matching (words, globs, phrases, the decision
 * table) lives in shared/moderation-rules, which the site's screening at submit uses too.
 */

export { compileRule, findPhrase, globMatcher, matchPhrases, validateRule } from '../../shared/moderation-rules/match';

export type CompiledRule = SharedCompiledRule<Rule>;

interface RuleRow {
  id: number;
  kind: RuleKind;
  pattern: string;
  action: RuleAction;
  threshold: number | null;
  enabled: number;
  note: string;
  created_at: string;
  updated_at: string;
}

function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    kind: r.kind,
    pattern: r.pattern,
    action: r.action,
    threshold: r.threshold,
    enabled: r.enabled === 1,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Rules CRUD. Writes are logged by the caller (ModerationService) in the same transaction. */
export class RuleRepository {
  constructor(private readonly db: Database) {}

  list(): Rule[] {
    return (this.db.prepare('SELECT * FROM moderation_rules ORDER BY id').all() as RuleRow[]).map(toRule);
  }

  get(id: number): Rule {
    const row = this.db.prepare('SELECT * FROM moderation_rules WHERE id = ?').get(id) as RuleRow | undefined;
    if (!row) throw new CopydeskError('not_found', `No moderation rule ${id}`);
    return toRule(row);
  }

  enabled(): CompiledRule[] {
    return (this.db.prepare('SELECT * FROM moderation_rules WHERE enabled = 1 ORDER BY id').all() as RuleRow[]).map((r) => compileRule(toRule(r)));
  }

  create(input: RuleInput, now: string): Rule {
    const r = validateRule(input);
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO moderation_rules (kind, pattern, action, threshold, enabled, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.kind, r.pattern.trim(), r.action, r.threshold, r.enabled ? 1 : 0, r.note, now, now);
    return this.get(Number(lastInsertRowid));
  }

  update(id: number, input: RuleInput, now: string): Rule {
    this.get(id);
    const r = validateRule(input);
    this.db
      .prepare('UPDATE moderation_rules SET kind = ?, pattern = ?, action = ?, threshold = ?, enabled = ?, note = ?, updated_at = ? WHERE id = ?')
      .run(r.kind, r.pattern.trim(), r.action, r.threshold, r.enabled ? 1 : 0, r.note, now, id);
    return this.get(id);
  }

  delete(id: number): Rule {
    const rule = this.get(id);
    this.db.prepare('DELETE FROM moderation_rules WHERE id = ?').run(id);
    this.db.prepare('DELETE FROM comment_rule_hits WHERE rule_id = ?').run(id);
    return rule;
  }
}
