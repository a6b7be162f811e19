import { useAutosaveState, type SaveStateSource } from './useAutosave';

export interface SaveProblemsProps {
  session: SaveStateSource;
  /** Validation messages for paths that have no control of their own. */
  otherErrors: string[];
  onReload(): void;
  onRetry(): void;
}

/** What went wrong with saving, and what the user can do about it. */
export function SaveProblems({ session, otherErrors, onReload, onRetry }: SaveProblemsProps) {
  const state = useAutosaveState(session);
  return (
    <>
      {state.status === 'conflict' ? (
        <div className="notice notice-warning" role="alert">
          <p>
            <strong>This article was changed somewhere else.</strong> Your latest edits are still on screen but were not saved.
            Reload to get the stored version; this browser keeps your unsaved edits and offers them again after the reload.
          </p>
          <button type="button" className="button" onClick={onReload}>
            Reload
          </button>
        </div>
      ) : null}
      {state.status === 'failed' || state.status === 'retrying' ? (
        <div className="notice notice-warning" role="alert">
          <p>
            <strong>{state.status === 'retrying' ? 'Saving failed; Copydesk keeps trying.' : 'This article could not be saved.'}</strong>{' '}
            {state.message} Your edits are kept in this browser until they are saved.
          </p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
      {otherErrors.length > 0 ? (
        <div className="notice notice-warning" role="alert">
          {otherErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}
