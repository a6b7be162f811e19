import { useEffect, useRef, type ReactNode } from 'react';
import './modal.css';

export interface ModalDialogProps {
  titleId: string;
  className?: string;
  /** Called when the person dismisses the dialog (Escape, Cancel). */
  onDismiss(): void;
  children: ReactNode;
}

/**
 * A native modal <dialog>: the browser traps focus and makes the page behind inert. Focus goes
 * back to whatever had it before the dialog opened, even when React removes the dialog.
 */
export function ModalDialog({ titleId, className, onDismiss, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onDismissRef = useRef(onDismiss);
  useEffect(() => {
    onDismissRef.current = onDismiss;
  }, [onDismiss]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault(); // React owns whether it is shown
      onDismissRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      // Escape belongs to this dialog; it must not also close the panel behind it.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      {children}
    </dialog>
  );
}
