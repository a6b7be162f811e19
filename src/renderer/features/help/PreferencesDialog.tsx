import { useId } from 'react';
import { ModalDialog } from '../history/ModalDialog';
import { FONT_SIZES, SPELLCHECK_LANGUAGES, THEMES, type EditorPreferences } from './preferences';

export interface PreferencesDialogProps {
  preferences: EditorPreferences;
  onChange(preferences: EditorPreferences): void;
  onDismiss(): void;
}

/** Editor preferences: each choice applies at once and is kept for this person. */
export function PreferencesDialog({ preferences, onChange, onDismiss }: PreferencesDialogProps) {
  const ids = useId();
  const titleId = `${ids}-title`;
  const set = (patch: Partial<EditorPreferences>) => onChange({ ...preferences, ...patch });
  return (
    <ModalDialog titleId={titleId} className="preferences-dialog" onDismiss={onDismiss}>
      <div className="modal-form">
        <h2 className="modal-title" id={titleId}>
          Editor preferences
        </h2>
        <fieldset className="preferences-group">
          <legend className="field-label">Theme</legend>
          {THEMES.map((theme) => (
            <label key={theme.value} className="preferences-choice">
              <input type="radio" name={`${ids}-theme`} value={theme.value} checked={preferences.theme === theme.value} onChange={() => set({ theme: theme.value })} />
              {theme.label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-font`}>
            Text size in the editor
          </label>
          <select id={`${ids}-font`} className="input select" value={preferences.fontSize} onChange={(event) => set({ fontSize: event.target.value as EditorPreferences['fontSize'] })}>
            {FONT_SIZES.map((size) => (
              <option key={size.value} value={size.value}>
                {size.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${ids}-spell`}>
            Spell check
          </label>
          <select
            id={`${ids}-spell`}
            className="input select"
            value={preferences.spellcheck}
            aria-describedby={`${ids}-spell-hint`}
            onChange={(event) => set({ spellcheck: event.target.value as EditorPreferences['spellcheck'] })}
          >
            {SPELLCHECK_LANGUAGES.map((language) => (
              <option key={language.value} value={language.value}>
                {language.label}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${ids}-spell-hint`}>
            Marks the article’s text as written in this language, so spelling is checked in it where a dictionary for it is installed.
          </p>
        </div>
        <p className="modal-text">These are yours on this computer, whichever workspace you open.</p>
        <div className="modal-actions">
          <button type="button" className="button button-primary" autoFocus onClick={onDismiss}>
            Done
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
