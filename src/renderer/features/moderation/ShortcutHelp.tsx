import { useId } from 'react';
import { ModalDialog } from '../history/ModalDialog';
import { SHORTCUTS } from './labels';

export interface ShortcutHelpProps {
  onDismiss(): void;
  /** The keys to list (default: moderation's). The editor's sheet passes its own. */
  shortcuts?: ReadonlyArray<{ keys: readonly string[]; label: string }>;
  note?: string;
}

/** The ? dialog: every shortcut of a screen (moderation's unless told otherwise). */
export function ShortcutHelp({
  onDismiss,
  shortcuts = SHORTCUTS,
  note = 'Shortcuts pause while you type in a field. After every decision the next comment has the focus.',
}: ShortcutHelpProps) {
  const titleId = useId();
  return (
    <ModalDialog titleId={titleId} className="mod-help" onDismiss={onDismiss}>
      <div className="modal-form">
        <h2 className="modal-title" id={titleId}>
          Keyboard shortcuts
        </h2>
        <table className="mod-help-table">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.label}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ' + ' : ''}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="modal-text">{note}</p>
        <div className="modal-actions">
          <button type="button" className="button button-primary" autoFocus onClick={onDismiss}>
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
