import type { AutosaveState } from './autosave';
import { useAutosaveView, type SaveStateSource } from './useAutosave';

const LABELS: Record<AutosaveState['status'], string> = {
  saved: 'Saved',
  pending: 'Saving…',
  saving: 'Saving…',
  retrying: 'Save failed — retrying',
  invalid: 'Not saved — check the highlighted fields',
  conflict: 'Not saved — changed elsewhere',
  failed: 'Not saved',
};

interface Shown {
  tone: 'ok' | 'busy' | 'problem';
  label: string;
  message: string | undefined;
}

const shownOf = (state: AutosaveState): Shown => ({
  tone: state.status === 'saved' ? 'ok' : state.status === 'pending' || state.status === 'saving' ? 'busy' : 'problem',
  label: LABELS[state.status],
  message: state.message,
});
const sameShown = (a: Shown, b: Shown) => a.tone === b.tone && a.label === b.label && a.message === b.message;

/**
 * The one place the save state is announced (a polite live region). It subscribes to the
 * autosave itself, so the state's several changes a second while typing re-render only this,
 * and only when what it shows changes ("pending" and "saving" look the same); the routine
 * Saving…/Saved flips render after the key that caused them, a problem at once.
 */
export function SaveStatus({ session }: { session: SaveStateSource }) {
  const shown = useAutosaveView(session, shownOf, sameShown, (next) => next.tone === 'problem');
  return (
    <p className={`save-status is-${shown.tone}`} role="status" title={shown.message}>
      <span className="save-status-dot" aria-hidden="true" />
      {shown.label}
    </p>
  );
}
