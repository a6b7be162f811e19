import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldDiff, RevisionSummary } from '../../../shared/revision';
import { useClient } from '../../api/context';
import { fullTime } from '../library/relativeTime';
import { DiffView, diffStats } from './DiffView';
import { REASON_LABELS, revisionTitle, versionTime } from './labels';
import { ModalDialog } from './ModalDialog';
import { RevisionList } from './RevisionList';

export type CompareWith = 'current' | 'previous';

export interface HistoryPanelProps {
  articleId: string;
  /** Saves pending edits first, so the list and "current document" include them. */
  prepare(): Promise<void>;
  /** Bumped when a version was saved from outside the panel. */
  refreshKey: number;
  onRestore(revision: RevisionSummary): Promise<void>;
  onClose(): void;
}

type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Google Docs-style version history: the changes on the left, the versions on the right. */
export function HistoryPanel({ articleId, prepare, refreshKey, onRestore, onClose }: HistoryPanelProps) {
  const client = useClient();
  const [list, setList] = useState<Load<RevisionSummary[]>>({ state: 'loading' });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [compare, setCompare] = useState<CompareWith>('current');
  const [diff, setDiff] = useState<Load<FieldDiff[]> | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const prepareRef = useRef(prepare);
  useEffect(() => {
    prepareRef.current = prepare;
  }, [prepare]);

  const loadList = useCallback(async () => {
    try {
      await prepareRef.current();
      const revisions = await client.api['revisions:list']({ articleId });
      setList({ state: 'ready', value: revisions });
      setSelectedId((current) => (current !== null && revisions.some((r) => r.id === current) ? current : (revisions[0]?.id ?? null)));
    } catch (error) {
      setList({ state: 'error', message: message(error) });
    }
  }, [client, articleId]);

  useEffect(() => {
    void loadList();
  }, [loadList, refreshKey]);

  // Edits made elsewhere (another window, the CLI) show up while the panel is open.
  useEffect(
    () =>
      client.on('articles:changed', ({ ids }) => {
        if (ids.includes(articleId)) void loadList();
      }),
    [client, articleId, loadList],
  );

  const revisions = list.state === 'ready' ? list.value : [];
  const index = revisions.findIndex((r) => r.id === selectedId);
  const selected = revisions[index];
  const previous = index >= 0 ? revisions[index + 1] : undefined;
  const isCurrent = index === 0;
  const listKey = revisions.map((r) => r.id).join(',');

  useEffect(() => {
    if (!selected) return;
    if (compare === 'previous' && !previous) {
      setDiff(null);
      return;
    }
    let live = true;
    setDiff({ state: 'loading' });
    const input = compare === 'current' ? { articleId, from: selected.id, to: null } : { articleId, from: previous!.id, to: selected.id };
    client.api['revisions:diff'](input).then(
      (value) => live && setDiff({ state: 'ready', value }),
      (error: unknown) => live && setDiff({ state: 'error', message: message(error) }),
    );
    return () => {
      live = false;
    };
    // listKey: a new revision changes what "current" is, so the diff is fetched again.
  }, [client, articleId, selected, previous, compare, listKey]);

  const restore = async () => {
    if (!selected) return;
    setRestoreError(null);
    try {
      await onRestore(selected);
    } catch (error) {
      setConfirming(false);
      setRestoreError(message(error));
    }
  };

  const stats = diff?.state === 'ready' ? diffStats(diff.value) : null;
  const heading = selected ? `${revisionTitle(selected)}, ${versionTime(selected.createdAt)}` : 'Version history';

  return (
    <section className="history" id="version-history" aria-labelledby="history-title">
      <div className="history-main">
        <div className="history-toolbar">
          <div className="history-heading">
            <h2 className="history-version-title">{heading}</h2>
            {selected ? (
              <p className="history-version-sub">
                {REASON_LABELS[selected.reason]} · {fullTime(selected.createdAt)} · {selected.wordCount.toLocaleString()} words
              </p>
            ) : null}
          </div>
          <button
            type="button"
            className="button button-primary"
            disabled={!selected || isCurrent}
            title={isCurrent ? 'This is already the current version' : undefined}
            onClick={() => setConfirming(true)}
          >
            Restore this version
          </button>
        </div>

        <div className="history-compare">
          <fieldset className="segmented">
            <legend className="field-label">Compare with</legend>
            {(['current', 'previous'] as const).map((value) => (
              <label key={value} className={`segmented-option${compare === value ? ' is-checked' : ''}`}>
                <input type="radio" name="history-compare" value={value} checked={compare === value} onChange={() => setCompare(value)} />
                {value === 'current' ? 'Current document' : 'Previous version'}
              </label>
            ))}
          </fieldset>
          {stats ? (
            <p className="diff-legend" aria-live="polite">
              <span className="diff-legend-added">{stats.added.toLocaleString()} words added</span>
              <span className="diff-legend-removed">{stats.removed.toLocaleString()} removed</span>
              <span className="diff-legend-note">
                {compare === 'current' ? 'since this version' : 'in this version'}
              </span>
            </p>
          ) : null}
        </div>

        {restoreError ? (
          <div className="notice notice-warning" role="alert">
            <p>{restoreError}</p>
          </div>
        ) : null}

        <div className="history-diff" aria-busy={diff?.state === 'loading'}>
          {list.state === 'error' ? (
            <p className="history-empty" role="alert">
              Could not load the history: {list.message}
            </p>
          ) : !selected ? (
            <p className="history-empty">{list.state === 'loading' ? 'Loading the history…' : 'This article has no saved versions yet.'}</p>
          ) : compare === 'previous' && !previous ? (
            <p className="history-empty">This is the first version of the article; there is nothing earlier to compare it with.</p>
          ) : diff?.state === 'error' ? (
            <p className="history-empty" role="alert">
              Could not compare the versions: {diff.message}
            </p>
          ) : diff?.state === 'ready' && diff.value.length === 0 ? (
            <p className="history-empty">
              {compare === 'current' ? 'This version is the same as the current document.' : 'Nothing changed in the text from the previous version.'}
            </p>
          ) : diff?.state === 'ready' ? (
            <DiffView diffs={diff.value} />
          ) : (
            <p className="history-empty">Comparing…</p>
          )}
        </div>
      </div>

      <aside className="history-side" aria-labelledby="history-title">
        <div className="history-side-header">
          <h2 id="history-title" className="history-title">
            Version history
          </h2>
          <button type="button" className="button button-quiet history-close" onClick={onClose} aria-label="Close history" title="Close (Esc)">
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <RevisionList revisions={revisions} selectedId={selectedId} onSelect={setSelectedId} autoFocus />
      </aside>

      {confirming && selected ? (
        <ModalDialog titleId="restore-title" className="modal-small" onDismiss={() => setConfirming(false)}>
          <div className="modal-form">
            <h2 id="restore-title" className="modal-title">
              Restore this version?
            </h2>
            <p className="modal-text">
              The article will go back to “{revisionTitle(selected)}” from {fullTime(selected.createdAt)}. The current document stays in
              the history, so you can return to it.
            </p>
            <div className="modal-actions">
              <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
                Cancel
              </button>
              <button type="button" className="button button-primary" autoFocus onClick={() => void restore()}>
                Restore
              </button>
            </div>
          </div>
        </ModalDialog>
      ) : null}
    </section>
  );
}
