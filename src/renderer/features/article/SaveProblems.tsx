import type { AutosaveState } from './autosave';
import { useAutosaveView, type SaveStateSource } from './useAutosave';

export interface SaveProblemsProps {
  session: SaveStateSource;
  /** Validation messages for paths that have no control of their own. */
  otherErrors: string[];
  onReload(): void;
  onRetry(): void;
}

/** The save state as far as problems go: routine states (saved, pending, saving) all look alike. */
const NO_PROBLEM: Pick<AutosaveState, 'status' | 'message'> = { status: 'saved' };
const problemOf = (state: AutosaveState) =>
  state.status === 'conflict' || state.status === 'failed' || state.status === 'retrying' ? { status: state.status, message: state.message } : NO_PROBLEM;
const sameProblem = (a: Pick<AutosaveState, 'status' | 'message'>, b: Pick<AutosaveState, 'status' | 'message'>) => a.status === b.status && a.message === b.message;

/** What went wrong with saving, and what the user can do about it. Re-renders only when that changes, not per save. */
export function SaveProblems({ session, otherErrors, onReload, onRetry }: SaveProblemsProps) {
  const state = useAutosaveView(session, problemOf, sameProblem);
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
