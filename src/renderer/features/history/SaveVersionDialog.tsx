import { useState, type FormEvent } from 'react';
import { ModalDialog } from './ModalDialog';

export interface SaveVersionDialogProps {
  /** Saves the version; rejects with a message to show when it could not. */
  onSave(label: string): Promise<void>;
  onClose(): void;
}

const MAX_LABEL = 120;

/** Ctrl/Cmd+S or "Save version": name the current document so it is easy to find later. */
export function SaveVersionDialog({ onSave, onClose }: SaveVersionDialogProps) {
  const [label, setLabel] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setError(null);
    try {
      await onSave(label.trim());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setSaving(false);
    }
  };

  return (
    <ModalDialog titleId="save-version-title" className="modal-small" onDismiss={onClose}>
      <form className="modal-form" onSubmit={(event) => void submit(event)}>
        <h2 id="save-version-title" className="modal-title">
          Save version
        </h2>
        <p className="modal-text">Keep the article as it is now in its history, so you can compare with it or restore it later.</p>
        <div className="field">
          <label htmlFor="version-label" className="field-label">
            Version label
          </label>
          <input
            id="version-label"
            className="input"
            value={label}
            maxLength={MAX_LABEL}
            placeholder="e.g. Sent to legal"
            autoComplete="off"
            autoFocus
            aria-describedby="version-label-hint"
            onChange={(event) => setLabel(event.target.value)}
          />
          <p id="version-label-hint" className="field-hint">
            Optional. It names this version in the history.
          </p>
        </div>
        {error ? (
          <p className="modal-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
