import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ReasonCode } from '../../../shared/moderation';
import { ModalDialog } from '../history/ModalDialog';
import { REASONS } from './labels';

export interface ReasonChoice {
  reasonCode: ReasonCode;
  note: string;
  days?: number;
}

export interface ReasonDialogProps {
  title: string;
  /** What the decision applies to, e.g. "1 comment by Greg". */
  subject: string;
  confirmLabel: string;
  /** Suspend asks for a number of days too. */
  askDays?: boolean;
  danger?: boolean;
  initialReason?: ReasonCode;
  onConfirm(choice: ReasonChoice): Promise<void>;
  onDismiss(): void;
}

/**
 * The statement of reasons (in the spirit of the EU DSA, art. 17): one of six reason codes plus
 * an optional note ("Other" needs one). Keyboard first: 1–6 picks a reason, the arrow keys move
 * between them (native radios), Enter confirms, Esc cancels.
 */
export function ReasonDialog({ title, subject, confirmLabel, askDays = false, danger = false, initialReason = 'abuse', onConfirm, onDismiss }: ReasonDialogProps) {
  const titleId = useId();
  const [reason, setReason] = useState<ReasonCode>(initialReason);
  const [note, setNote] = useState('');
  const [days, setDays] = useState('7');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const radios = useRef<Map<ReasonCode, HTMLInputElement>>(new Map());

  const submit = async () => {
    if (busy) return;
    if (reason === 'other' && note.trim() === '') {
      setError('“Other” needs a note explaining the decision.');
      noteRef.current?.focus();
      return;
    }
    const n = Number(days);
    if (askDays && (!Number.isInteger(n) || n < 1 || n > 3650)) {
      setError('Suspend for 1 to 3650 days.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm({ reasonCode: reason, note: note.trim(), ...(askDays ? { days: n } : {}) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const inText = event.target instanceof HTMLTextAreaElement || (event.target instanceof HTMLInputElement && event.target.type !== 'radio');
    if (!inText && /^[1-6]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const picked = REASONS[Number(event.key) - 1]!.code;
      setReason(picked);
      radios.current.get(picked)?.focus();
      if (picked === 'other') window.setTimeout(() => noteRef.current?.focus(), 0);
      return;
    }
    // Enter confirms from anywhere but the note (where Ctrl/⌘+Enter does).
    if (event.key === 'Enter' && (!(event.target instanceof HTMLTextAreaElement) || event.ctrlKey || event.metaKey)) {
      if (event.target instanceof HTMLButtonElement) return;
      event.preventDefault();
      void submit();
    }
  };

  return (
    <ModalDialog titleId={titleId} className="mod-reason-dialog" onDismiss={onDismiss}>
      <form
        className="modal-form"
        onKeyDown={onKeyDown}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 className="modal-title" id={titleId}>
          {title}
        </h2>
        <p className="modal-text">{subject}</p>
        <fieldset className="mod-reasons">
          <legend className="mod-legend">Reason (1–6)</legend>
          {REASONS.map((r, i) => (
            <label key={r.code} className={`mod-reason${reason === r.code ? ' is-picked' : ''}`}>
              <input
                ref={(el) => {
                  if (el) radios.current.set(r.code, el);
                  else radios.current.delete(r.code);
                }}
                type="radio"
                name="reason"
                value={r.code}
                checked={reason === r.code}
                autoFocus={reason === r.code}
                onChange={() => setReason(r.code)}
              />
              <kbd>{i + 1}</kbd>
              <span className="mod-reason-label">{r.label}</span>
              <span className="mod-reason-hint">{r.hint}</span>
            </label>
          ))}
        </fieldset>
        {askDays ? (
          <label className="mod-field">
            <span>Days</span>
            <input className="input" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        ) : null}
        <label className="mod-field">
          <span>Note {reason === 'other' ? '(required)' : '(optional, shown in the audit log)'}</span>
          <textarea ref={noteRef} className="input" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={error !== null && reason === 'other' && note.trim() === ''} />
        </label>
        {error ? (
          <p className="modal-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={onDismiss}>
            Cancel
          </button>
          <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy}>
            {confirmLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
