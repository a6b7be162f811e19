import { useEffect, useRef } from 'react';
import type { CheckIssue, CheckKind } from '../../../shared/prepublish';

export interface PrepublishDialogProps {
  issues: CheckIssue[];
  titles: Record<CheckKind, string>;
  onCancel(): void;
  onPublishAnyway(): void;
}

/** The checklist before publishing: a modal <dialog> listing what still looks unfinished. */
export function PrepublishDialog({ issues, titles, onCancel, onPublishAnyway }: PrepublishDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const kinds = [...new Set(issues.map((i) => i.kind))];
  return (
    <dialog
      ref={ref}
      className="prepublish-dialog"
      aria-labelledby="prepublish-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="prepublish-title" className="prepublish-title">
        Before you publish
      </h2>
      <p>This article has {issues.length === 1 ? 'one thing' : `${issues.length} things`} you may want to fix first.</p>
      {kinds.map((kind) => (
        <section key={kind} className="prepublish-group" aria-label={titles[kind]}>
          <h3 className="prepublish-group-title">{titles[kind]}</h3>
          <ul>
            {issues
              .filter((i) => i.kind === kind)
              .map((issue, index) => (
                <li key={`${issue.where}:${index}`}>
                  <strong>{issue.where}:</strong> {issue.message}
                </li>
              ))}
          </ul>
        </section>
      ))}
      <div className="prepublish-actions">
        <button type="button" className="button" autoFocus onClick={onCancel}>
          Fix first
        </button>
        <button type="button" className="button button-primary" onClick={onPublishAnyway}>
          Publish anyway
        </button>
      </div>
    </dialog>
  );
}
