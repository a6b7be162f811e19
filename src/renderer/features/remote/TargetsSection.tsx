import { useEffect, useState } from 'react';
import type { CredentialStore, Target } from '../../../shared/remote/outbox';
import { useClient } from '../../api/context';
import { ConfirmDialog } from './ConfirmDialog';
import { KIND_LABELS, TargetForm } from './TargetForm';
import { errorText, useTargets } from './useRemote';
import './remote.css';

type TestResult = { state: 'testing'; label?: string } | { state: 'ok' | 'failed'; message: string };

/** Settings → Publishing targets: list, add, edit, test, auto-publish and delete. */
export function TargetsSection({ refreshKey = 0 }: { refreshKey?: number }) {
  const client = useClient();
  const targets = useTargets(client);
  // Something outside this section changed the targets (the local site started or stopped).
  const { refresh } = targets;
  useEffect(() => {
    if (refreshKey > 0) refresh();
  }, [refreshKey, refresh]);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [deleting, setDeleting] = useState<Target | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  /** Pulls new reader comments and votes into moderation now, rather than at the next sync. */
  const sync = async (target: Target) => {
    setTests((t) => ({ ...t, [target.id]: { state: 'testing', label: 'Getting comments and votes…' } }));
    try {
      const [result] = await client.api['sync:run']({ targetId: target.id });
      const comments = result?.newComments ?? 0;
      const votes = result?.votes ?? 0;
      const message = `${comments === 1 ? '1 new comment' : `${comments} new comments`} and ${votes === 1 ? '1 vote' : `${votes} votes`} from the site.`;
      setTests((t) => ({ ...t, [target.id]: { state: 'ok', message } }));
    } catch (error) {
      setTests((t) => ({ ...t, [target.id]: { state: 'failed', message: errorText(error) } }));
    }
  };

  const test = async (target: Target) => {
    setTests((t) => ({ ...t, [target.id]: { state: 'testing' } }));
    try {
      const result = await client.api['targets:test']({ id: target.id });
      setTests((t) => ({ ...t, [target.id]: { state: result.ok ? 'ok' : 'failed', message: result.message } }));
    } catch (error) {
      setTests((t) => ({ ...t, [target.id]: { state: 'failed', message: errorText(error) } }));
    }
  };

  const toggleAuto = async (target: Target, autoPublish: boolean) => {
    setFailure(null);
    try {
      await client.api['targets:save']({ id: target.id, name: target.name, kind: target.kind, baseUrl: target.baseUrl, autoPublish });
      targets.refresh();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  const remove = async (target: Target) => {
    setDeleting(null);
    setFailure(null);
    try {
      await client.api['targets:delete']({ id: target.id });
      targets.refresh();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  const saved = (target: Target) => {
    setEditing(null);
    targets.refresh();
    // A new or changed target deserves a fresh test.
    void test(target);
  };

  return (
    <section className="targets" aria-labelledby="targets-heading">
      <div className="targets-header">
        <div>
          <h2 id="targets-heading" className="targets-heading">
            Publishing targets
          </h2>
          <p className="settings-intro">Sites that receive published articles and moderation decisions. Changes wait in the outbox while a site is unreachable.</p>
        </div>
        {editing !== 'new' ? (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Add target
          </button>
        ) : null}
      </div>
      <CredentialStorage />
      {failure ? (
        <p className="form-failure" role="alert">
          {failure}
        </p>
      ) : null}
      {targets.error ? <p className="form-failure" role="alert">Could not load the targets: {targets.error}</p> : null}
      {editing === 'new' ? <TargetForm target={null} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
      {targets.value.length === 0 && editing !== 'new' ? <p className="targets-empty">No publishing targets yet.</p> : null}
      <ul className="target-list" aria-label="Publishing targets">
        {targets.value.map((target) =>
          editing === target.id ? (
            <li key={target.id} className="target-card is-editing">
              <TargetForm target={target} onSaved={saved} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={target.id} className="target-card" aria-label={target.name}>
              <div className="target-main">
                <div className="target-title">
                  <strong>{target.name}</strong>
                  <span className="pill">{KIND_LABELS[target.kind]}</span>
                </div>
                <p className="target-url">{target.baseUrl}</p>
                <p className="target-meta">{target.hasCredentials ? 'Token: Stored' : 'Token: none — add one to publish'}</p>
                <label className="check check-inline">
                  <input type="checkbox" checked={target.autoPublish} onChange={(e) => void toggleAuto(target, e.target.checked)} />
                  <span>Publish here automatically</span>
                </label>
                <TestLine result={tests[target.id]} />
              </div>
              <div className="target-actions">
                <button type="button" className="button" disabled={tests[target.id]?.state === 'testing'} onClick={() => void test(target)}>
                  Test connection
                </button>
                <button type="button" className="button button-quiet" disabled={tests[target.id]?.state === 'testing'} onClick={() => void sync(target)}>
                  Get comments
                </button>
                <button type="button" className="button button-quiet" onClick={() => setEditing(target.id)}>
                  Edit
                </button>
                <button type="button" className="button button-quiet button-danger" onClick={() => setDeleting(target)}>
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          message="Its token and everything still queued for it are removed. Articles already on the site stay there."
          confirmLabel="Delete target"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}

function TestLine({ result }: { result: TestResult | undefined }) {
  return (
    <p className={`target-test${result && result.state !== 'testing' ? ` is-${result.state}` : ''}`} role="status">
      {!result ? '' : result.state === 'testing' ? (result.label ?? 'Testing the connection…') : result.state === 'ok' ? `✓ ${result.message}` : `✗ ${result.message}`}
    </p>
  );
}

/** Where tokens live on this host; on Linux without a keyring, the explicit opt-in. */
function CredentialStorage() {
  const client = useClient();
  const [store, setStore] = useState<CredentialStore | null>(null);
  useEffect(() => {
    let live = true;
    client.api['credentials:get']().then((s) => live && setStore(s), () => undefined);
    return () => {
      live = false;
    };
  }, [client]);
  if (!store) return null;
  const allow = async (allowPlaintext: boolean) => setStore(await client.api['credentials:update']({ allowPlaintext }));
  return (
    <div className={`credential-store${store.needsConsent && !store.plaintextAllowed ? ' is-warning' : ''}`}>
      <p>{store.detail}</p>
      {store.needsConsent ? (
        <label className="check">
          <input type="checkbox" checked={store.plaintextAllowed} onChange={(e) => void allow(e.target.checked)} />
          <span>
            Store credentials without an OS keyring
            <small>Anyone who can read your user folder could read the tokens.</small>
          </span>
        </label>
      ) : null}
    </div>
  );
}
