import type { AuthorSummary, CommentAction, LogEntry, Queue, ReasonCode, RuleKind } from '../../../shared/moderation';

/** Words the moderation desk shows for the core's codes, in one place. */

export const QUEUE_LABELS: Record<Queue, string> = {
  pending: 'Pending',
  reported: 'Reported',
  unmoderated: 'Unmoderated',
  approved: 'Approved',
  rejected: 'Rejected',
  spam: 'Spam',
};

/** The statement of reasons a moderator picks, in the order of the 1–6 shortcut keys. */
export const REASONS: { code: ReasonCode; label: string; hint: string }[] = [
  { code: 'spam', label: 'Spam', hint: 'Advertising, scams, link farming' },
  { code: 'abuse', label: 'Abuse', hint: 'Insults, harassment, threats' },
  { code: 'off_topic', label: 'Off-topic', hint: 'Not about this article' },
  { code: 'illegal', label: 'Illegal content', hint: 'Unlawful under applicable law' },
  { code: 'personal_data', label: 'Personal data', hint: 'Doxxing, private details' },
  { code: 'other', label: 'Other', hint: 'Explain in the note (required)' },
];

export function reasonLabel(code: string | null): string {
  return REASONS.find((r) => r.code === code)?.label ?? code ?? '';
}

const PAST: Record<CommentAction, string> = { approve: 'Approved', reject: 'Rejected', spam: 'Marked as spam', pending: 'Moved back to pending' };

export function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/** "Rejected 1 comment", for the undo toast. */
export function actionSummary(action: CommentAction, count: number): string {
  return `${PAST[action]} ${plural(count, 'comment')}`;
}

/** The queue an action moves a comment into (the one it leaves the others for). */
export const ACTION_QUEUE: Record<CommentAction, Queue> = { approve: 'approved', reject: 'rejected', spam: 'spam', pending: 'pending' };

export function authorStatusLabel(author: Pick<AuthorSummary, 'status' | 'suspendedUntil'>): string | null {
  switch (author.status) {
    case 'premoderated':
      return 'Premoderated';
    case 'suspended':
      return author.suspendedUntil ? `Suspended until ${new Date(author.suspendedUntil).toLocaleDateString()}` : 'Suspended';
    case 'banned':
      return 'Banned';
    default:
      return null;
  }
}

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  banned_phrase: 'Banned word or phrase',
  suspect_phrase: 'Suspect word or phrase',
  max_links: 'Too many links',
  repeat_text: 'Repeated text',
  new_author: 'New author',
};

export const RULE_ACTION_LABELS = { reject: 'Reject', hold: 'Hold for review', report: 'Report', premoderate: 'Premoderate author' } as const;

/** Known log actions, for the audit filter (remote sync may add others; the filter takes any). */
export const LOG_ACTIONS = [
  'approve',
  'reject',
  'spam',
  'pending',
  'author:premoderate',
  'author:suspend',
  'author:ban',
  'author:unban',
  'author:delete',
  'vote:void',
  'vote:restore',
  'voting:lock',
  'voting:unlock',
  'rule:create',
  'rule:update',
  'rule:delete',
] as const;

/** What each log action did, as the start of a sentence ("Banned author", "Voided a vote"). */
const LOG_ACTION_WORDS: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  pending: 'Moved back to pending',
  'author:premoderate': 'Put author on premoderation',
  'author:suspend': 'Suspended author',
  'author:ban': 'Banned author',
  'author:unban': 'Lifted the ban on author',
  // A reader deleted their own comment on the site (issue 14.4): it left the queues.
  'author:delete': 'Author deleted',
  'vote:void': 'Voided',
  'vote:restore': 'Counted again',
  'voting:lock': 'Closed voting on',
  'voting:unlock': 'Reopened voting on',
  'rule:create': 'Added rule',
  'rule:update': 'Changed rule',
  'rule:delete': 'Deleted rule',
};

/** The action's words; an action only a remote site knows is shown as it came, made readable. */
export function logActionWords(action: string): string {
  return LOG_ACTION_WORDS[action] ?? action.replace(/[:_]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function logActionLabel(entry: Pick<LogEntry, 'action'>): string {
  return entry.action.startsWith('undo:') ? `Undid “${logActionWords(entry.action.slice(5))}”` : logActionWords(entry.action);
}

/** The log's target types, for its filter. */
export const LOG_TARGET_LABELS = { comment: 'Comments', author: 'Readers', vote: 'Votes', article: 'Articles', rule: 'Rules' } as const;

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Every shortcut, for the ? dialog (and the source of truth for the keyboard hook's help). */
export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ['j'], label: 'Next comment' },
  { keys: ['k'], label: 'Previous comment' },
  { keys: ['a'], label: 'Approve' },
  { keys: ['r'], label: 'Reject (pick a reason with 1–6 or the arrows, then Enter)' },
  { keys: ['s'], label: 'Spam' },
  { keys: ['p'], label: 'Back to pending' },
  { keys: ['b'], label: 'Ban the author (asks for a reason)' },
  { keys: ['x'], label: 'Select or unselect the comment' },
  { keys: ['Shift', 'x'], label: 'Select every comment from the last selected one to this one' },
  { keys: ['z'], label: 'Zoom into the comment (focus mode); z or Esc leaves' },
  { keys: ['/'], label: 'Search comments' },
  { keys: ['1–6'], label: 'Switch queue: Pending, Reported, Unmoderated, Approved, Rejected, Spam' },
  { keys: ['Ctrl/⌘', 'z'], label: 'Undo the last action (several steps deep)' },
  { keys: ['Esc'], label: 'Clear the selection, leave the search box or focus mode' },
  { keys: ['?'], label: 'This list' },
];
