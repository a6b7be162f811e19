import { useEffect, useId, useState } from 'react';
import { useClient } from '../../api/context';
import { ModalDialog } from '../history/ModalDialog';
import { errorText } from './useRemote';

/** "View payload": what the row will send, as read-only JSON (payloads never hold credentials). */
export function PayloadDialog({ id, onClose }: { id: string; onClose(): void }) {
  const client = useClient();
  const titleId = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.api['outbox:payload']({ id }).then(
      (payload) => live && setText(JSON.stringify(payload, null, 2)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  return (
    <ModalDialog titleId={titleId} className="modal-wide" onDismiss={onClose}>
      <div className="modal-form">
        <h2 id={titleId} className="modal-title">
          Payload
        </h2>
        {error ? <p className="modal-error" role="alert">{error}</p> : null}
        {text === null && !error ? <p className="modal-text">Loading…</p> : null}
        {text !== null ? (
          <pre className="payload-json" tabIndex={0} aria-label="Payload JSON">
            {text}
          </pre>
        ) : null}
        <div className="modal-actions">
          <button type="button" className="button" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
