import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { LogEntry, QueueItem } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { LogTable, NotSent } from './AuditLog';
import { authorStatusLabel, formatTime, plural, reasonLabel, RULE_ACTION_LABELS, RULE_KIND_LABELS } from './labels';

export type CardCommand =
  | { type: 'focus' }
  | { type: 'select'; range: boolean }
  | { type: 'act'; action: 'approve' | 'reject' | 'spam' | 'pending' }
  | { type: 'ban' }
  | { type: 'author' }
  | { type: 'onlyAuthor' };

export interface CommentCardProps {
  item: QueueItem;
  focused: boolean;
  selected: boolean;
  /** Focus mode: the thread and the history are open. */
  zoomed?: boolean;
  /**
   * One stable function for every card, keyed by comment id (not position): a j/k press or a
   * removed comment re-renders only the cards whose focus changed, not every card below.
   */
  onCommand(commentId: number, command: CardCommand): void;
}

/** Untrusted text: a React text node (escaped), <bdi> so a direction override cannot leak out. */
function Text({ children, className }: { children: string; className?: string }) {
  return (
    <bdi className={className} dir="auto">
      {children}
    </bdi>
  );
}

interface Thread {
  replies: QueueItem[];
  parent: QueueItem | null;
  history: LogEntry[];
}

function useThread(id: number, open: boolean): { thread: Thread | null; error: string | null } {
  const client = useClient();
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    client.api['moderation:comment']({ id }).then(
      (detail) => live && setThread({ replies: detail.replies, parent: detail.parent, history: detail.history }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [client, id, open]);
  return { thread, error };
}

function Reply({ item }: { item: QueueItem }) {
  return (
    <li className="mod-reply">
      <span className="mod-reply-meta">
        <Text className="mod-reply-author">{item.author.displayName || 'Anonymous'}</Text> · <span className={`mod-status mod-status-${item.comment.status}`}>{item.comment.status}</span>
      </span>
      <Text className="mod-text mod-reply-text">{item.comment.body}</Text>
    </li>
  );
}

export const CommentCard = memo(function CommentCard({ item, focused, selected, zoomed = false, onCommand }: CommentCardProps) {
  const { comment, author } = item;
  const ref = useRef<HTMLElement>(null);
  const [threadOpen, setThreadOpen] = useState(false);
  const { thread, error } = useThread(comment.id, threadOpen || zoomed);
  const badge = authorStatusLabel(author);
  const name = author.displayName || 'Anonymous';

  // Roving focus: the focused card takes the keyboard focus unless someone is typing elsewhere.
  useEffect(() => {
    const el = ref.current;
    if (!focused || !el) return;
    const active = document.activeElement;
    const typing = active instanceof HTMLElement && (active.matches('input, textarea, select, [contenteditable="true"]') || active.closest('dialog') !== null);
    if (!typing && !el.contains(active)) el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
  }, [focused]);

  const command = (c: CardCommand) => (event: MouseEvent) => {
    event.stopPropagation();
    onCommand(comment.id, c);
  };

  return (
    <article
      ref={ref}
      className={`mod-card${focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}${zoomed ? ' is-zoomed' : ''}`}
      tabIndex={focused ? 0 : -1}
      aria-label={`Comment by ${name}`}
      aria-current={focused ? 'true' : undefined}
      data-comment-id={comment.id}
      onClick={() => onCommand(comment.id, { type: 'focus' })}
    >
      <header className="mod-card-head">
        <input
          type="checkbox"
          className="mod-check"
          checked={selected}
          aria-label={`Select comment by ${name}`}
          tabIndex={-1}
          onClick={(event) => {
            event.stopPropagation();
            onCommand(comment.id, { type: 'select', range: event.shiftKey });
          }}
          onChange={() => {}}
        />
        <div className="mod-author">
          <button type="button" className="mod-author-name" onClick={command({ type: 'author' })} title="Open the author's history">
            <Text>{name}</Text>
          </button>
          {badge ? <span className={`mod-badge mod-badge-${author.status}`}>{badge}</span> : null}
          <span className="mod-author-history" title="This author's decided comments">
            {author.approvedCount} approved · {author.rejectedCount} rejected
          </span>
        </div>
        {item.unsent ? <NotSent title="This decision has not reached the remote site yet; the outbox sends it when the site is reachable" /> : null}
        <span className={`mod-status mod-status-${comment.status}`}>{comment.status}</span>
      </header>

      <p className="mod-context">
        <span>on </span>
        <Text className="mod-headline">{item.articleHeadline || 'Untitled article'}</Text>
        <span className="mod-time"> · {formatTime(comment.createdAt)}</span>
        {comment.editedAt ? <span className="mod-time"> · edited</span> : null}
      </p>

      {item.parentExcerpt !== null ? (
        <blockquote className="mod-parent">
          <span className="mod-parent-label">In reply to</span>
          <Text className="mod-text">{item.parentExcerpt}</Text>
        </blockquote>
      ) : null}

      <p className="mod-body">
        <Text className="mod-text">{comment.body}</Text>
      </p>

      {comment.reportCount > 0 || comment.ruleMatches.length > 0 || comment.bodyTruncated || comment.convertedFromHtml || comment.reasonCode ? (
        <ul className="mod-flags" aria-label="Why this comment is here">
          {comment.reportCount > 0 ? (
            <li className="mod-flag mod-flag-report">
              {plural(comment.reportCount, 'report')}
              {comment.reportReasons.length > 0 ? ': ' : ''}
              {comment.reportReasons.map((r, i) => (
                <Text key={i}>{`${i > 0 ? ', ' : ''}${r}`}</Text>
              ))}
            </li>
          ) : null}
          {comment.ruleMatches.map((m, i) => (
            <li key={`${m.ruleId}:${i}`} className="mod-flag mod-flag-rule" title={RULE_KIND_LABELS[m.kind]}>
              Rule: {RULE_KIND_LABELS[m.kind]} — <Text>{m.detail}</Text> → {RULE_ACTION_LABELS[m.action]}
            </li>
          ))}
          {comment.bodyTruncated ? <li className="mod-flag">Truncated (too long)</li> : null}
          {comment.convertedFromHtml ? <li className="mod-flag">Converted from HTML</li> : null}
          {comment.reasonCode ? (
            <li className="mod-flag">
              Reason: {reasonLabel(comment.reasonCode)}
              {comment.reasonNote ? ' — ' : ''}
              {comment.reasonNote ? <Text>{comment.reasonNote}</Text> : null}
            </li>
          ) : null}
        </ul>
      ) : null}

      {threadOpen || zoomed ? (
        <div className="mod-thread">
          {error ? <p className="mod-error">{error}</p> : null}
          {zoomed && thread?.parent ? (
            <div className="mod-thread-parent">
              <span className="mod-parent-label">Parent comment</span>
              <ul className="mod-replies">
                <Reply item={thread.parent} />
              </ul>
            </div>
          ) : null}
          {thread ? (
            thread.replies.length > 0 ? (
              <ul className="mod-replies" aria-label="Replies">
                {thread.replies.map((r) => (
                  <Reply key={r.comment.id} item={r} />
                ))}
              </ul>
            ) : (
              <p className="mod-muted">No replies.</p>
            )
          ) : (
            <p className="mod-muted">Loading thread…</p>
          )}
          {zoomed && thread ? (
            <div className="mod-history">
              <span className="mod-parent-label">History</span>
              {thread.history.length > 0 ? <LogTable entries={thread.history} label="History of this comment" /> : <p className="mod-muted">No decisions yet.</p>}
            </div>
          ) : null}
        </div>
      ) : null}

      <footer className="mod-card-foot">
        {item.replyCount > 0 && !zoomed ? (
          <button
            type="button"
            className="button button-quiet mod-small"
            aria-expanded={threadOpen}
            onClick={(event) => {
              event.stopPropagation();
              setThreadOpen((open) => !open);
              onCommand(comment.id, { type: 'focus' });
            }}
          >
            {threadOpen ? 'Hide replies' : `Show ${item.replyCount === 1 ? '1 reply' : `${item.replyCount} replies`}`}
          </button>
        ) : (
          <span />
        )}
        <div className="mod-actions" role="group" aria-label="Decide">
          <button type="button" className="button mod-act mod-act-approve" onClick={command({ type: 'act', action: 'approve' })} disabled={comment.status === 'approved'}>
            Approve <kbd>a</kbd>
          </button>
          <button type="button" className="button mod-act mod-act-reject" onClick={command({ type: 'act', action: 'reject' })}>
            Reject <kbd>r</kbd>
          </button>
          <button type="button" className="button mod-act" onClick={command({ type: 'act', action: 'spam' })} disabled={comment.status === 'spam'}>
            Spam <kbd>s</kbd>
          </button>
          {comment.status !== 'pending' ? (
            <button type="button" className="button button-quiet mod-act" onClick={command({ type: 'act', action: 'pending' })}>
              Back to pending <kbd>p</kbd>
            </button>
          ) : null}
          <button type="button" className="button button-quiet mod-act" onClick={command({ type: 'ban' })} disabled={author.status === 'banned'}>
            Ban author <kbd>b</kbd>
          </button>
        </div>
      </footer>
    </article>
  );
});
