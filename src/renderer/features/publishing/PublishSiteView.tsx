import { useState } from 'react';
import type { PublishSummary } from '../../../shared/site';
import { ApiError } from '../../api/client';
import { useClient } from '../../api/context';
import { PublishProgressBar } from './PublishProgressBar';
import { PublishSummaryView } from './PublishSummaryView';
import { usePublishProgress } from './usePublishProgress';
import './publishing.css';

/** The publishing screen: publish (or dry-run) the whole site, watch progress, cancel, read the summary. */
export function PublishSiteView({ onOpenSettings }: { onOpenSettings(): void }) {
  const client = useClient();
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState<PublishSummary | null>(null);
  const [error, setError] = useState<{ message: string; folderNotOurs: boolean } | null>(null);
  const progress = usePublishProgress(client, running);

  const publish = async (dryRun: boolean, force = false) => {
    setRunning(true);
    setError(null);
    setSummary(null);
    try {
      setSummary(await client.api['publish:site']({ dryRun, force }));
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : String(e), folderNotOurs: e instanceof ApiError && e.code === 'conflict' && e.fields?.outputDir !== undefined });
    } finally {
      setRunning(false);
    }
  };

  const forcePublish = () => {
    if (window.confirm('Publish into this folder even though it has files Copydesk did not write? Those files are left alone, but files with the same names are replaced.')) {
      void publish(false, true);
    }
  };

  return (
    <section className="publishing" aria-labelledby="publishing-heading">
      <h1 id="publishing-heading" className="publishing-heading">
        Publishing
      </h1>
      <p className="publishing-intro">
        Builds the static site from every published article and writes only the files that changed. The output folder and the site’s
        address are in{' '}
        <button type="button" className="link-button" onClick={onOpenSettings}>
          Settings
        </button>
        .
      </p>
      <div className="publishing-actions">
        <button type="button" className="button button-primary" disabled={running} onClick={() => void publish(false)}>
          Publish site
        </button>
        <button type="button" className="button" disabled={running} onClick={() => void publish(true)}>
          Dry run
        </button>
        {running ? (
          <button type="button" className="button button-quiet" onClick={() => void client.api['publish:cancel']()}>
            Cancel
          </button>
        ) : null}
      </div>
      {running ? <PublishProgressBar progress={progress} label="Publishing the site" /> : null}
      {error ? (
        <div className="notice notice-warning" role="alert">
          <p>{error.message}</p>
          {error.folderNotOurs ? (
            <button type="button" className="button" onClick={forcePublish}>
              Publish anyway
            </button>
          ) : null}
        </div>
      ) : null}
      {summary ? <PublishSummaryView summary={summary} /> : null}
    </section>
  );
}
