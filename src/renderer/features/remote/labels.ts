import { RULE_SET_SUBJECT, type OutboxItem, type OutboxKind, type OutboxState } from '../../../shared/remote/outbox';

export const KIND_NAMES: Record<OutboxKind, string> = { publish: 'Publish', unpublish: 'Unpublish', moderation: 'Moderation', vote_void: 'Void vote' };

export const STATE_NAMES: Record<OutboxState, string> = { queued: 'Queued', in_flight: 'In flight', done: 'Done', needs_attention: 'Needs attention' };

/** What a row is about, in words: an article's headline, or the comment/author/vote it concerns. */
export function subjectText(item: OutboxItem, headlines: ReadonlyMap<string, string>): string {
  if (item.kind === 'publish' || item.kind === 'unpublish') return headlines.get(item.subject) || 'Untitled article';
  if (item.subject === RULE_SET_SUBJECT) return 'Moderation rules';
  const [what, id] = item.subject.split(/:(.*)/);
  return `${what === 'author' ? 'Reader' : what === 'vote' ? 'Vote' : 'Comment'} ${id ?? item.subject}`;
}

/** The oldest waiting row of each target (the one its worker sends next). */
export function headsOf(items: OutboxItem[]): Set<string> {
  const heads = new Map<string, OutboxItem>();
  for (const item of items) {
    if (item.state !== 'queued' && item.state !== 'in_flight') continue;
    const head = heads.get(item.targetId);
    if (!head || item.seq < head.seq) heads.set(item.targetId, item);
  }
  return new Set([...heads.values()].map((i) => i.id));
}

/** "in 12 s", "now", or a clock time further out: when the worker will try this row next. */
export function nextAttemptText(item: OutboxItem, behind: boolean, now = Date.now()): string {
  if (item.state === 'done' || item.state === 'needs_attention') return '—';
  if (item.state === 'in_flight') return 'Sending…';
  // Each target's rows go out in order: only the oldest has a time of its own.
  if (behind) return 'After earlier changes';
  const wait = Date.parse(item.nextAttemptAt) - now;
  if (wait <= 1_000) return 'Now';
  if (wait < 60_000) return `in ${Math.ceil(wait / 1000)} s`;
  if (wait < 3_600_000) return `in ${Math.ceil(wait / 60_000)} min`;
  return new Date(item.nextAttemptAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
