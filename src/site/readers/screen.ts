import type { Kysely, Transaction } from 'kysely';
import type { RuleMatch } from '../../shared/moderation';
import { checksRepeats, decide, linksMatch, matchPhrases, repeatMatch, type CompiledRule } from '../../shared/moderation-rules/match';
import { countLinks, sameTextKey, words } from '../../shared/moderation-rules/text';
import type { SiteRule } from '../../shared/remote/site-api';
import type { SiteDatabase } from '../db/schema';
import { currentRuleSet } from '../store/moderation-rules';

/**
 * The desktop's moderation rules applied on the site when a reader submits a comment (issue 14.3),
 * so an obvious spam comment never shows. The comment store calls this inside the transaction
 * that stores the comment; the moderation mode (pre, new readers, post) decides the baseline and
 * the screening can only make it stricter.
 *
 * Matching is the desktop's own code (shared/moderation-rules): the same words, links, globs and
 * decision table (reject > hold > report), so a comment the desktop would reject on ingest is
 * rejected here before anyone sees it.
 */
export interface CommentToScreen {
  readerId: string;
  articleId: string;
  parentId: string | null;
  /** The comment as the reader wrote it (plain text). */
  body: string;
  /** Milliseconds since the epoch. */
  now: number;
  /**
   * The comment's id when it is already inserted in this transaction, so it is not taken for an
   * earlier comment with the same text. Omit it when screening before the insert.
   */
  commentId?: string;
}

export interface Screening {
  /** publish: nothing matched; hold: keep it pending for a moderator; reject: never shown (stored as spam). */
  verdict: 'publish' | 'hold' | 'reject';
  /** A rule asked for the comment to be reported to moderators (it lands in the Reported queue). */
  report: boolean;
  /** What matched, in words a moderator reads (e.g. `banned word "xyz"`). */
  reasons: string[];
  /** The matches as the desktop records them (rule id, kind, action, what matched). */
  matches: RuleMatch[];
}

/**
 * Earlier comments a repeat is looked for among, newest first. A reader posting more than this
 * many comments inside a repeat window is stopped by the comment rate limit long before.
 */
const RECENT_LIMIT = 100;
const MINUTE = 60_000;

/** Screens one comment against the rules the desktop pushed last (none: nothing matches). */
export async function screenComment(db: Kysely<SiteDatabase> | Transaction<SiteDatabase>, comment: CommentToScreen): Promise<Screening> {
  const set = await currentRuleSet(db);
  if (set.rules.length === 0) return { verdict: 'publish', report: false, reasons: [], matches: [] };
  const bodyWords = words(comment.body);
  const matches = matchPhrases(set.rules, comment.body, bodyWords);
  const links = countLinks(comment.body);
  for (const { rule } of set.rules) {
    const match = linksMatch(rule, links);
    if (match) matches.push(match);
  }
  if (set.repeatWindowMinutes > 0 && set.rules.some(({ rule }) => checksRepeats(rule, comment.body))) {
    matches.push(...(await repeats(db, set.rules, comment, sameTextKey(bodyWords), set.repeatWindowMinutes)));
  }
  const decision = decide(matches);
  return {
    verdict: decision.reject ? 'reject' : decision.hold ? 'hold' : 'publish',
    report: decision.report,
    reasons: matches.map(reason),
    matches,
  };
}

/**
 * The repeat_text matches: the reader's newest earlier comment with the same words inside each
 * rule's window. One query over the widest window (comments_author_recent), compared in words.
 */
async function repeats(db: Kysely<SiteDatabase> | Transaction<SiteDatabase>, rules: readonly CompiledRule<SiteRule>[], comment: CommentToScreen, key: string, widest: number): Promise<RuleMatch[]> {
  let query = db
    .selectFrom('comments')
    .select(['id', 'body', 'created_at'])
    .where('author_id', '=', comment.readerId)
    .where('created_at', '>=', new Date(comment.now - widest * MINUTE).toISOString())
    .where('created_at', '<=', new Date(comment.now).toISOString());
  if (comment.commentId !== undefined) query = query.where('id', '<>', comment.commentId);
  const recent = await query.orderBy('created_at', 'desc').limit(RECENT_LIMIT).execute();
  const same = recent.filter((row) => sameTextKey(words(row.body)) === key);
  const matches: RuleMatch[] = [];
  for (const { rule } of rules) {
    if (!checksRepeats(rule, comment.body)) continue;
    const since = new Date(comment.now - rule.threshold * MINUTE).toISOString();
    const earlier = same.find((row) => row.created_at >= since);
    if (earlier) matches.push(repeatMatch(rule, earlier.id));
  }
  return matches;
}

/** One match in a sentence a moderator reads in the queue. */
function reason(match: RuleMatch): string {
  switch (match.kind) {
    case 'banned_phrase':
    case 'suspect_phrase': {
      const what = match.kind === 'banned_phrase' ? 'banned' : 'suspect';
      return `${what} ${match.detail.includes(' ') ? 'phrase' : 'word'} "${match.detail}"`;
    }
    case 'max_links':
      return match.detail;
    case 'repeat_text':
      // The shared detail reads "same text as comment <id> within <n> min".
      return `the ${match.detail.replace(/^same text as comment/, "same text as this reader's comment")}`;
    default:
      return match.detail;
  }
}
