import type { AutosaveState } from './autosave';

const LABELS: Record<AutosaveState['status'], string> = {
  saved: 'Saved',
  pending: 'Saving…',
  saving: 'Saving…',
  retrying: 'Save failed — retrying',
  invalid: 'Not saved — check the highlighted fields',
  conflict: 'Not saved — changed elsewhere',
  failed: 'Not saved',
};

/** The one place the save state is announced (a polite live region). */
export function SaveStatus({ state }: { state: AutosaveState }) {
  const tone = state.status === 'saved' ? 'ok' : state.status === 'pending' || state.status === 'saving' ? 'busy' : 'problem';
  return (
    <p className={`save-status is-${tone}`} role="status" title={state.message}>
      <span className="save-status-dot" aria-hidden="true" />
      {LABELS[state.status]}
    </p>
  );
}

