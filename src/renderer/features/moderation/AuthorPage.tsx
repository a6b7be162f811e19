import { useCallback, useEffect, useState } from 'react';
import { AUTHOR_ACTIONS, type AuthorSummary, type LogEntry, type QueueItem } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { LogTable } from './AuditLog';
import { authorStatusLabel, formatTime, reasonLabel } from './labels';
import { ReasonDialog } from './ReasonDialog';
import type { UndoStack } from './undo';

type AuthorAction = (typeof AUTHOR_ACTIONS)[number];
const ACTION_LABELS: Record<AuthorAction, string> = { premoderate: 'Premoderate', suspend: 'Suspend', ban: 'Ban', unban: 'Unban' };
const PAST: Record<AuthorAction, string> = { premoderate: 'Premoderated', suspend: 'Suspended', ban: 'Banned', unban: 'Unbanned' };

interface Detail {
  author: AuthorSummary;
  counts: Record<string, number>;
  recent: QueueItem[];
  history: LogEntry[];
}

/** One reader: status, counts, every recent comment with its status, and what was done to the account. */
export function AuthorPage({ authorId, undo, onBack, onShowInQueue }: { authorId: number; undo: UndoStack; onBack(): void; onShowInQueue(author: { id: number; name: string }): void }) {
  const client = useClient();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<AuthorAction | null>(null);

  const load = useCallback(() => {
    client.api['readers:get']({ id: authorId }).then(
      (d) => {
        setDetail(d);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [client, authorId]);
  useEffect(() => {
    load();
    return client.on('moderation:changed', load);
  }, [client, load]);

  if (error) return <p className="mod-error" role="alert">{error}</p>;
  if (!detail) return <p className="mod-muted">Loading…</p>;
  const { author } = detail;
  const name = author.displayName || 'Anonymous';
  const badge = authorStatusLabel(author);

  return (
    <section className="mod-panel mod-author-page" aria-label={`Author ${name}`}>
      <button type="button" className="button button-quiet mod-small" onClick={onBack}>
        ← Back
      </button>
      <header className="mod-author-head">
        <h2 className="mod-author-title">
          <bdi>{name}</bdi>
        </h2>
        {badge ? <span className={`mod-badge mod-badge-${author.status}`}>{badge}</span> : <span className="mod-badge">Active</span>}
        <span className="mod-muted">
          {author.source} · {author.remoteId}
          {author.remoteCreatedAt ? ` · account since ${formatTime(author.remoteCreatedAt)}` : ''}
        </span>
      </header>
      <p className="mod-author-counts">
        {Object.entries(detail.counts).map(([status, n]) => (
          <span key={status} className={`mod-status mod-status-${status}`}>
            {status}: {n}
          </span>
        ))}
      </p>
      <div className="mod-form-actions">
        {AUTHOR_ACTIONS.filter((a) => (a === 'unban' ? author.status !== 'active' : true)).map((a) => (
          <button key={a} type="button" className={`button${a === 'ban' ? ' button-danger' : ''}`} onClick={() => setDialog(a)}>
            {ACTION_LABELS[a]}…
          </button>
        ))}
        <button type="button" className="button button-quiet" onClick={() => onShowInQueue({ id: author.id, name })}>
          Show in queue
        </button>
      </div>

      <h3 className="mod-subtitle">Comments ({detail.recent.length} most recent)</h3>
      <ul className="mod-author-comments">
        {detail.recent.map((i) => (
          <li key={i.comment.id}>
            <span className={`mod-status mod-status-${i.comment.status}`}>{i.comment.status}</span>
            <span className="mod-muted">
              {' '}
              {formatTime(i.comment.createdAt)} on <bdi>{i.articleHeadline || 'Untitled'}</bdi>
              {i.comment.reasonCode ? ` · ${reasonLabel(i.comment.reasonCode)}` : ''}
            </span>
            <bdi className="mod-text mod-author-comment">{i.comment.body}</bdi>
          </li>
        ))}
      </ul>

      <h3 className="mod-subtitle">Actions on this account</h3>
      {detail.history.length > 0 ? <LogTable entries={detail.history} label={`Actions on ${name}`} /> : <p className="mod-muted">None yet.</p>}

      {dialog ? (
        <ReasonDialog
          title={`${ACTION_LABELS[dialog]} ${name}`}
          subject={dialog === 'unban' ? 'Their comments go through the normal rules again.' : 'This applies to their future comments.'}
          confirmLabel={ACTION_LABELS[dialog]}
          askDays={dialog === 'suspend'}
          danger={dialog === 'ban'}
          initialReason={dialog === 'unban' ? 'other' : 'abuse'}
          onDismiss={() => setDialog(null)}
          onConfirm={async (choice) => {
            const result = await client.api['readers:act']({ authorId: author.id, action: dialog, reasonCode: choice.reasonCode, note: choice.note, ...(choice.days ? { days: choice.days } : {}) });
            undo.push({ logId: result.logId, label: `${PAST[dialog]} ${name}` });
            setDialog(null);
            load();
          }}
        />
      ) : null}
    </section>
  );
}
