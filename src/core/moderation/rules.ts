import type { Database } from 'better-sqlite3';
import { CopydeskError, fieldErrors } from '../../shared/errors';
import { RuleInputSchema, type Rule, type RuleAction, type RuleInput, type RuleKind, type RuleMatch } from '../../shared/moderation';
import { words } from './text';

/**
 * Moderation rules. Phrase rules are literal words or phrases, matched on whole words after
 * normalisation (NFKD, marks stripped, case folded) on both sides. The only pattern syntax is `*`
 * inside a word ("idiot*" matches "idiots", "idiotic"); a word is matched by a two-pointer glob
 * matcher that runs in O(word × pattern) and cannot backtrack catastrophically. Anything that
 * looks like a regex is refused with an error that says so.
 */

const PHRASE_KINDS: readonly RuleKind[] = ['banned_phrase', 'suspect_phrase'];
const ALLOWED_ACTIONS: Record<RuleKind, readonly RuleAction[]> = {
  banned_phrase: ['reject', 'hold'],
  suspect_phrase: ['report', 'hold'],
  max_links: ['hold', 'reject', 'report'],
  repeat_text: ['hold', 'reject', 'report'],
  new_author: ['premoderate', 'hold'],
};
const REGEX_LIKE = /[\\^$.|?+()[\]{}]/;
const MAX_STARS = 4;

export interface CompiledRule {
  rule: Rule;
  /** Phrase rules only: one matcher per word of the phrase. */
  words: ((word: string) => boolean)[];
}

/** Glob with `*` only, matched against one word: iterative, remembers just the last star. */
export function globMatcher(pattern: string): (word: string) => boolean {
  if (!pattern.includes('*')) return (word) => word === pattern;
  return (word) => {
    let p = 0;
    let w = 0;
    let star = -1;
    let mark = 0;
    while (w < word.length) {
      if (p < pattern.length && pattern[p] === word[w]) {
        p += 1;
        w += 1;
      } else if (p < pattern.length && pattern[p] === '*') {
        star = p;
        mark = w;
        p += 1;
      } else if (star !== -1) {
        p = star + 1;
        mark += 1;
        w = mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern[p] === '*') p += 1;
    return p === pattern.length;
  };
}

/** Validates a rule's input; throws `invalid_input` naming the field and what is allowed. */
export function validateRule(input: RuleInput): ReturnType<typeof RuleInputSchema.parse> {
  const result = RuleInputSchema.safeParse(input);
  if (!result.success) {
    const fields = fieldErrors(result.error.issues);
    throw new CopydeskError('invalid_input', `Invalid rule: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, fields);
  }
  const parsed = result.data;
  const fail = (field: string, message: string): never => {
    throw new CopydeskError('invalid_input', message, { [field]: message });
  };
  if (!ALLOWED_ACTIONS[parsed.kind].includes(parsed.action)) {
    fail('action', `A ${parsed.kind} rule can ${ALLOWED_ACTIONS[parsed.kind].join(' or ')}, not ${parsed.action}`);
  }
  if (PHRASE_KINDS.includes(parsed.kind)) {
    const pattern = parsed.pattern.trim();
    if (pattern === '') fail('pattern', 'Give the word or phrase to match');
    if (REGEX_LIKE.test(pattern)) {
      fail('pattern', 'Rules are plain words or phrases; regular expressions are not supported. The only wildcard is * inside a word (e.g. idiot*)');
    }
    if ((pattern.match(/\*/g) ?? []).length > MAX_STARS) fail('pattern', `At most ${MAX_STARS} wildcards per rule`);
    const tokens = patternWords(pattern);
    if (tokens.length === 0) fail('pattern', 'The pattern has no letters or digits');
    if (tokens.some((t) => t.replace(/\*/g, '').length < 2 && t.includes('*'))) {
      fail('pattern', 'A wildcard word needs at least two letters besides * (so it cannot match every word)');
    }
  } else if (parsed.kind !== 'new_author' && parsed.threshold === null) {
    fail('threshold', parsed.kind === 'max_links' ? 'Give the number of links allowed' : 'Give the window in minutes');
  }
  return parsed;
}

/** Words of a pattern in matching form, keeping `*` inside words. */
function patternWords(pattern: string): string[] {
  return pattern
    .split(/[^\p{L}\p{N}\p{M}*]+/u)
    .filter((t) => t !== '')
    .map((t) => t.split('*').map((part) => words(part).join('')).join('*'))
    .filter((t) => t.replace(/\*/g, '') !== '');
}

export function compileRule(rule: Rule): CompiledRule {
  return { rule, words: PHRASE_KINDS.includes(rule.kind) ? patternWords(rule.pattern).map(globMatcher) : [] };
}

/** Where a phrase occurs in a word list, or -1. Linear in words × phrase length. */
export function findPhrase(textWords: readonly string[], matchers: readonly ((w: string) => boolean)[]): number {
  if (matchers.length === 0) return -1;
  outer: for (let i = 0; i + matchers.length <= textWords.length; i += 1) {
    for (let j = 0; j < matchers.length; j += 1) if (!matchers[j]!(textWords[i + j]!)) continue outer;
    return i;
  }
  return -1;
}

/** The phrase-rule matches of a text (the other kinds need the database: see ingest). */
export function matchPhrases(compiled: readonly CompiledRule[], text: string, textWords: readonly string[] = words(text)): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const c of compiled) {
    if (c.words.length === 0) continue;
    const at = findPhrase(textWords, c.words);
    if (at !== -1) {
      matches.push({ ruleId: c.rule.id, kind: c.rule.kind, action: c.rule.action, detail: textWords.slice(at, at + c.words.length).join(' ') });
    }
  }
  return matches;
}

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
