import { useId } from 'react';
import { ModalDialog } from '../history/ModalDialog';
import { SHORTCUTS } from './labels';

/** The ? dialog: every moderation shortcut. */
export function ShortcutHelp({ onDismiss }: { onDismiss(): void }) {
  const titleId = useId();
  return (
    <ModalDialog titleId={titleId} className="mod-help" onDismiss={onDismiss}>
      <div className="modal-form">
        <h2 className="modal-title" id={titleId}>
          Keyboard shortcuts
        </h2>
        <table className="mod-help-table">
          <tbody>
            {SHORTCUTS.map((s) => (
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
        <p className="modal-text">Shortcuts pause while you type in a field. After every decision the next comment has the focus.</p>
        <div className="modal-actions">
          <button type="button" className="button button-primary" autoFocus onClick={onDismiss}>
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
