import { useId, useState } from 'react';
import type { ConflictResolution, ConflictView } from '../../../shared/remote/outbox';
import { useClient } from '../../api/context';
import { DiffView } from '../history/DiffView';
import { ModalDialog } from '../history/ModalDialog';
import '../history/history.css';
import { errorText } from './useRemote';

export interface ConflictDialogProps {
  conflicts: ConflictView[];
  onResolved(): void;
  onClose(): void;
}

/**
 * An article changed on a target since we last published it (Ghost 409, site 412): the target's
 * version against ours, field by field, with the word diff of the history view. "Overwrite
 * remote" reads the remote afresh and sends ours; "Keep remote" drops our queued write.
 */
export function ConflictDialog({ conflicts, onResolved, onClose }: ConflictDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const conflict = conflicts[Math.min(index, conflicts.length - 1)];
  if (!conflict) return null;

  const resolve = async (resolution: ConflictResolution) => {
    setBusy(true);
    setFailure(null);
    try {
      await client.api['conflicts:resolve']({ id: conflict.id, resolution });
      onResolved();
      if (conflicts.length <= 1) onClose();
      else setIndex((i) => Math.min(i, conflicts.length - 2));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog titleId={titleId} className="modal-wide conflict-dialog" onDismiss={onClose}>
      <div className="modal-form">
        <h2 id={titleId} className="modal-title">
          “{conflict.headline || 'Untitled'}” changed on {conflict.targetName}
        </h2>
        <p className="modal-text">
          Someone edited this article on the target after Copydesk last published it
          {conflicts.length > 1 ? ` (conflict ${Math.min(index, conflicts.length - 1) + 1} of ${conflicts.length})` : ''}.
        </p>
        <p className="diff-legend">
          <span className="diff-legend-removed">Only on {conflict.targetName}</span>
          <span className="diff-legend-added">Only in Copydesk</span>
        </p>
        <div className="conflict-diff" tabIndex={0} aria-label="Remote against local">
          {conflict.diff.length > 0 ? <DiffView diffs={conflict.diff} /> : <p className="modal-text">The headline, summary, body, takeaways and questions are the same; other fields differ.</p>}
        </div>
        {failure ? (
          <p className="modal-error" role="alert">
            {failure}
          </p>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            Decide later
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void resolve('keep_remote')}>
            Keep remote
          </button>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void resolve('overwrite')}>
            Overwrite remote
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
