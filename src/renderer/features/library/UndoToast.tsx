import { useEffect } from 'react';

/** How long an undo toast stays up, as for "Question removed — Undo". */
export const UNDO_TOAST_MS = 8000;

export interface UndoToastProps {
  /** What just happened, as a sentence; null shows nothing (the live region stays in place). */
  message: string | null;
  onUndo(): void;
  /** The toast timed out or was dismissed. */
  onClose(): void;
}

/**
 * A toast that offers to take back what just happened. The live region is always rendered, so
 * screen readers announce the message when it appears.
 */
export function UndoToast({ message, onUndo, onClose }: UndoToastProps) {
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(onClose, UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [message, onClose]);

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {message !== null ? (
        <div className="toast">
          <span>{message}</span>
          <button type="button" className="toast-action" onClick={onUndo}>
            Undo
          </button>
        </div>
      ) : null}
    </div>
  );
}
