import { useEffect, useState } from 'react';
import type { LocalSiteStatus } from '../../../shared/local-site';
import { useClient } from '../../api/context';
import { errorText } from '../remote/useRemote';

export interface LocalSiteSectionProps {
  /** Called after the site started or stopped: the "Local site" target may have appeared or moved. */
  onChanged(): void;
}

/**
 * Settings → Local site: runs a Copydesk site for this workspace on this computer, so published
 * articles can be read as readers will see them, with their live votes and comments.
 */
export function LocalSiteSection({ onChanged }: LocalSiteSectionProps) {
  const client = useClient();
  const [status, setStatus] = useState<LocalSiteStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api['localsite:get']().then(
      (s) => live && setStatus(s),
      // A host that cannot run one says so in a sentence: shown instead of the controls.
      (error: unknown) => live && setFailure(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const act = async (call: 'localsite:start' | 'localsite:stop') => {
    setBusy(true);
    setFailure(null);
    if (status && call === 'localsite:start') setStatus({ ...status, state: 'starting', message: 'Starting the local site…' });
    try {
      setStatus(await client.api[call]());
      onChanged();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const running = status?.state === 'running' && status.url !== null;
  return (
    <section className="targets local-site" aria-labelledby="local-site-heading">
      <div className="targets-header">
        <div>
          <h2 id="local-site-heading" className="targets-heading">
            Local site
          </h2>
          <p className="settings-intro">
            Run a Copydesk site for this workspace on this computer, to read published articles as readers will, with their live votes and comments. Its data stays in the workspace.
          </p>
        </div>
      </div>
      {status ? (
        <div className={`local-site-card is-${status.state}`}>
          <p className="local-site-status" role="status">
            {status.message}
          </p>
          {running ? (
            <p className="local-site-url">
              <a href={status.url!} target="_blank" rel="noreferrer">
                {status.url}
              </a>
            </p>
          ) : null}
          <div className="target-actions">
            {running ? (
              <button type="button" className="button" disabled={busy} onClick={() => void act('localsite:stop')}>
                Stop the local site
              </button>
            ) : (
              <button type="button" className="button button-primary" disabled={busy || status.state === 'starting'} onClick={() => void act('localsite:start')}>
                {status.state === 'starting' ? 'Starting…' : 'Start a local site for this workspace'}
              </button>
            )}
          </div>
        </div>
      ) : null}
      {failure ? (
        <p className="form-failure" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
