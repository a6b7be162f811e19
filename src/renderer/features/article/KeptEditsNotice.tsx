import { useState } from 'react';
import type { Article } from '../../../shared/article';
import type { ReplayOutcome } from './replay';

export interface KeptEditsNoticeProps {
  outcome: Exclude<ReplayOutcome, { kind: 'none' }>;
  /** Save the kept edits over whatever is stored now; resolves with the saved article. */
  onUseKept(): Promise<Article>;
  onDiscard(): Promise<void>;
  onDone(article: Article | null): void;
}

const time = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Tells the writer what became of edits this browser kept while the Copydesk server did not have
 * them, and, when they cannot simply be saved, lets the writer choose.
 */
export function KeptEditsNotice({ outcome, onUseKept, onDiscard, onDone }: KeptEditsNoticeProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = (action: () => Promise<Article | null>) => {
    setBusy(true);
    setError(null);
    action().then(
      (article) => onDone(article),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  if (outcome.kind === 'replayed') {
    return (
      <div className="notice notice-info main-notice" role="status">
        <p>Edits you made at {time(outcome.keptAt)} had not reached the Copydesk server. This browser kept them, and they are now saved.</p>
        <button type="button" className="button button-quiet" onClick={() => onDone(null)}>
          Dismiss
        </button>
      </div>
    );
  }

  const { pending } = outcome;
  return (
    <div className="notice notice-warning main-notice" role="alert">
      {outcome.kind === 'newer' ? (
        <p>
          <strong>This browser kept edits you made at {time(pending.keptAt)} that were never saved,</strong> but this article has been saved
          since, somewhere else. The article below is the saved version. Use your kept edits to replace it, or discard them.
        </p>
      ) : (
        <p>
          <strong>This browser kept edits you made at {time(pending.keptAt)}, but they could not be saved.</strong> {outcome.message}
        </p>
      )}
      {error ? <p>{error}</p> : null}
      <button type="button" className="button" disabled={busy} onClick={() => act(onUseKept)}>
        {outcome.kind === 'newer' ? 'Use my kept edits' : 'Try again'}
      </button>
      <button type="button" className="button button-quiet" disabled={busy} onClick={() => act(async () => (await onDiscard(), null))}>
        Discard them
      </button>
    </div>
  );
}
