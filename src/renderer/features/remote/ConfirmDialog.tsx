import { useId } from 'react';
import { ModalDialog } from '../history/ModalDialog';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal yes/no question; Cancel is focused first so Enter never destroys anything by accident. */
export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <ModalDialog titleId={titleId} onDismiss={onCancel}>
      <div className="modal-form">
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        <p className="modal-text">{message}</p>
        <div className="modal-actions">
          <button type="button" className="button" autoFocus onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={`button ${danger ? 'button-danger' : 'button-primary'}`} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
