import { useState } from 'react';
import { CHECK_TITLES, type CheckIssue } from '../../../shared/prepublish';
import type { PublishSummary } from '../../../shared/site';
import type { QueuedPublish } from '../../../shared/remote/outbox';
import { useClient } from '../../api/context';
import { RemotePublishStatus } from '../remote/RemotePublishStatus';
import { PrepublishDialog } from './PrepublishDialog';
import { PublishProgressBar } from './PublishProgressBar';
import { usePublishProgress } from './usePublishProgress';
import './publishing.css';

export interface PublishArticleButtonProps {
  articleId: string;
  /** Saves pending edits first, so what is checked and published is what the editor sees. */
  flush(): Promise<unknown>;
  /** The article's status and revision changed: the view reloads it. */
  onPublished(): void;
}

type Stage = { kind: 'idle' } | { kind: 'checking' } | { kind: 'review'; issues: CheckIssue[] } | { kind: 'publishing' } | { kind: 'done'; summary: PublishSummary } | { kind: 'failed'; message: string };

/**
 * The result of the last publish, kept outside the component: publishing changes the article's
 * revision, so the article view reloads (remounts) and this button with it; the new instance
 * picks the result up and shows it.
 */
let lastResult: { articleId: string; summary: PublishSummary; queued: QueuedPublish[] } | null = null;

function takeLastResult(articleId: string): { stage: Stage; queued: QueuedPublish[] } {
  const result = lastResult?.articleId === articleId ? lastResult : null;
  lastResult = null;
  return result ? { stage: { kind: 'done', summary: result.summary }, queued: result.queued } : { stage: { kind: 'idle' }, queued: [] };
}

/** "Publish" for the open article: run the pre-publish checklist, then publish it and rebuild what it touches. */
export function PublishArticleButton({ articleId, flush, onPublished }: PublishArticleButtonProps) {
  const client = useClient();
  const [restored] = useState(() => takeLastResult(articleId));
  const [stage, setStage] = useState<Stage>(restored.stage);
  // Rows queued for the publishing targets: followed in the toast until they are delivered.
  const [queued, setQueued] = useState<QueuedPublish[]>(restored.queued);
  const progress = usePublishProgress(client, stage.kind === 'publishing');

  const publish = async () => {
    setStage({ kind: 'publishing' });
    setQueued([]);
    // Every enabled publishing target gets the article too, even if the static site fails.
    const queueRemote = () => client.api['outbox:publish']({ articleId }).catch(() => [] as QueuedPublish[]);
    try {
      const result = await client.api['publish:article']({ articleId });
      const remote = await queueRemote();
      lastResult = { articleId, summary: result, queued: remote };
      setQueued(remote);
      setStage({ kind: 'done', summary: result });
      onPublished();
    } catch (error) {
      setQueued(await queueRemote());
      setStage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const start = async () => {
    setStage({ kind: 'checking' });
    try {
      await flush();
      const issues = await client.api['publish:check']({ articleId });
      if (issues.length === 0) await publish();
      else setStage({ kind: 'review', issues });
    } catch (error) {
      setStage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const busy = stage.kind === 'checking' || stage.kind === 'publishing';
  return (
    <>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void start()}>
        {stage.kind === 'publishing' ? 'Publishing…' : 'Publish'}
      </button>
      {stage.kind === 'review' ? (
        <PrepublishDialog
          issues={stage.issues}
          titles={CHECK_TITLES}
          onCancel={() => setStage({ kind: 'idle' })}
          onPublishAnyway={() => void publish()}
        />
      ) : null}
      {stage.kind === 'publishing' ? (
        <div className="publish-toast">
          <PublishProgressBar progress={progress} label="Publishing the article" />
        </div>
      ) : null}
      {stage.kind === 'done' || stage.kind === 'failed' ? (
        <div className={`publish-toast notice ${stage.kind === 'failed' ? 'notice-warning' : 'notice-info'}`} role={stage.kind === 'failed' ? 'alert' : 'status'}>
          <p>
            {stage.kind === 'failed'
              ? `Not published: ${stage.message}`
              : `Published. ${stage.summary.written.length} files written, ${stage.summary.unchanged} unchanged, ${stage.summary.deleted.length} deleted${stage.summary.errors.length ? `, ${stage.summary.errors.length} errors` : ''}.`}
          </p>
          <RemotePublishStatus queued={queued} />
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setStage({ kind: 'idle' });
              setQueued([]);
            }}
          >
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
