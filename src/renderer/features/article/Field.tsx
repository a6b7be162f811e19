import type { ReactNode } from 'react';

export interface FieldProps {
  /** The control's id; the label points at it and the error/hint ids derive from it. */
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  /** Renders the control with the ids it must reference (aria-describedby). */
  children(describedBy: string | undefined): ReactNode;
}

/** A labelled control with an optional hint and validation message wired to it. */
export function Field({ id, label, hint, error, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(describedBy)}
      {hint && !error ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {hint && error ? (
        <p className="visually-hidden" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
