import { CopydeskError, fieldErrors } from '../errors';
import { RuleInputSchema, type Rule, type RuleAction, type RuleInput, type RuleKind, type RuleMatch } from '../moderation';
import { words } from './text';

/**
 * Moderation rule matching, one implementation for the desktop's evaluation on ingest and the
 * site's screening at submit. Phrase rules are literal words or phrases, matched on whole words
 * after normalisation (NFKD, marks stripped, case folded) on both sides. The only pattern syntax
 * is `*` inside a word ("idiot*" matches "idiots", "idiotic"); a word is matched by a two-pointer
 * glob matcher that runs in O(word × pattern) and cannot backtrack catastrophically. Anything
 * that looks like a regex is refused with an error that says so.
 */

/** What matching needs of a rule: the desktop's stored rules and the site's pushed ones both have it. */
export type RuleCore = Pick<Rule, 'id' | 'kind' | 'pattern' | 'action' | 'threshold'>;

export const PHRASE_KINDS: readonly RuleKind[] = ['banned_phrase', 'suspect_phrase'];
export const ALLOWED_ACTIONS: Record<RuleKind, readonly RuleAction[]> = {
  banned_phrase: ['reject', 'hold'],
  suspect_phrase: ['report', 'hold'],
  max_links: ['hold', 'reject', 'report'],
  repeat_text: ['hold', 'reject', 'report'],
  new_author: ['premoderate', 'hold'],
};
const REGEX_LIKE = /[\\^$.|?+()[\]{}]/;
const MAX_STARS = 4;

export interface CompiledRule<R extends RuleCore = RuleCore> {
  rule: R;
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
  const problem = ruleProblem(parsed);
  if (problem) throw new CopydeskError('invalid_input', problem.message, { [problem.field]: problem.message });
  return parsed;
}

/**
 * What is wrong with a rule beyond its schema (an action its kind cannot take, a regex, too many
 * wildcards, a missing threshold), or null. The site checks pushed rules with it too.
 */
export function ruleProblem(rule: Pick<RuleCore, 'kind' | 'pattern' | 'action' | 'threshold'>): { field: string; message: string } | null {
  if (!ALLOWED_ACTIONS[rule.kind].includes(rule.action)) {
    return { field: 'action', message: `A ${rule.kind} rule can ${ALLOWED_ACTIONS[rule.kind].join(' or ')}, not ${rule.action}` };
  }
  if (PHRASE_KINDS.includes(rule.kind)) {
    const pattern = rule.pattern.trim();
    if (pattern === '') return { field: 'pattern', message: 'Give the word or phrase to match' };
    if (REGEX_LIKE.test(pattern)) {
      return {
        field: 'pattern',
        message: 'Rules are plain words or phrases; regular expressions are not supported. The only wildcard is * inside a word (e.g. idiot*)',
      };
    }
    if ((pattern.match(/\*/g) ?? []).length > MAX_STARS) return { field: 'pattern', message: `At most ${MAX_STARS} wildcards per rule` };
    const tokens = patternWords(pattern);
    if (tokens.length === 0) return { field: 'pattern', message: 'The pattern has no letters or digits' };
    if (tokens.some((t) => t.replace(/\*/g, '').length < 2 && t.includes('*'))) {
      return { field: 'pattern', message: 'A wildcard word needs at least two letters besides * (so it cannot match every word)' };
    }
  } else if (rule.kind !== 'new_author' && rule.threshold === null) {
    return { field: 'threshold', message: rule.kind === 'max_links' ? 'Give the number of links allowed' : 'Give the window in minutes' };
  }
  return null;
}

/** Words of a pattern in matching form, keeping `*` inside words. */
function patternWords(pattern: string): string[] {
  return pattern
    .split(/[^\p{L}\p{N}\p{M}*]+/u)
    .filter((t) => t !== '')
    .map((t) => t.split('*').map((part) => words(part).join('')).join('*'))
    .filter((t) => t.replace(/\*/g, '') !== '');
}

export function compileRule<R extends RuleCore>(rule: R): CompiledRule<R> {
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

/** The phrase-rule matches of a text (the other kinds need the database: see linksMatch and repeatMatch). */
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

/** A max_links rule's match when a text has more links than it allows, else null. */
export function linksMatch(rule: RuleCore, links: number): RuleMatch | null {
  if (rule.kind !== 'max_links' || rule.threshold === null || links <= rule.threshold) return null;
  return { ruleId: rule.id, kind: rule.kind, action: rule.action, detail: `${links} links (allowed ${rule.threshold})` };
}

/** Whether a repeat_text rule applies to a text at all: an empty comment repeats nothing. */
export function checksRepeats(rule: RuleCore, text: string): rule is RuleCore & { threshold: number } {
  return rule.kind === 'repeat_text' && rule.threshold !== null && text.trim() !== '';
}

/** A repeat_text rule's match, given the earlier comment with the same text (its id). */
export function repeatMatch(rule: RuleCore & { threshold: number }, earlier: number | string): RuleMatch {
  return { ruleId: rule.id, kind: rule.kind, action: rule.action, detail: `same text as comment ${earlier} within ${rule.threshold} min` };
}

export interface Decision {
  /** The first match whose rule rejects: rejection wins over everything. */
  reject: RuleMatch | null;
  /** Kept out of public view (hold, or premoderate which also holds the author's next comments). */
  hold: boolean;
  /** Reported to moderators (the Reported queue). */
  report: boolean;
  /** A new_author rule asked for the author to be premoderated. */
  premoderate: boolean;
}

/** The decision table of matches: reject > hold > report, each independent of the order rules were written in. */
export function decide(matches: readonly RuleMatch[]): Decision {
  const decision: Decision = { reject: null, hold: false, report: false, premoderate: false };
  for (const m of matches) {
    if (m.action === 'reject' && decision.reject === null) decision.reject = m;
    if (m.action === 'hold' || m.action === 'premoderate') decision.hold = true;
    if (m.action === 'report') decision.report = true;
    if (m.action === 'premoderate') decision.premoderate = true;
  }
  return decision;
}
