import type { PublishProgress } from '../../../shared/site';

const PHASE_LABELS: Record<PublishProgress['phase'], string> = {
  checking: 'Checking the output folder',
  rendering: 'Rendering pages',
  writing: 'Writing files',
  deleting: 'Removing old files',
  done: 'Finishing',
};

/** "Writing files: 120 of 480" with a native progress bar (announced by screen readers). */
export function PublishProgressBar({ progress, label }: { progress: PublishProgress | null; label: string }) {
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  return (
    <div className="publish-progress">
      <progress className="publish-progress-bar" aria-label={label} max={total || 1} value={total ? done : undefined} />
      <p className="publish-progress-text" aria-live="polite">
        {progress && total ? `${PHASE_LABELS[progress.phase]}: ${done} of ${total} files` : 'Starting…'}
      </p>
    </div>
  );
}
