import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { RevisionSummary } from '../../../shared/revision';
import { useClient } from '../../api/context';
import { fullTime } from '../library/relativeTime';
import { HistoryPanel } from './HistoryPanel';
import { SaveVersionDialog } from './SaveVersionDialog';
import './history.css';
import './modal.css';

/** What the history needs from the open article's autosave. */
export interface FlushableSession {
  flush(): Promise<{ status: string; message?: string }>;
  readonly hasUnsavedChanges: boolean;
}

export interface VersionHistoryOptions {
  articleId: string;
  session: FlushableSession;
  /** False for a trashed article: nothing can be saved or restored. */
  enabled: boolean;
  /** Load the stored article again (App remounts the view with it). */
  reload(): void;
}

export interface VersionHistory {
  open: boolean;
  /** "Save version" and "History" for the article bar. */
  tools: ReactNode;
  /** The history view (shown instead of the form while open) and the dialogs. */
  panel: ReactNode;
}

/**
 * A restore remounts the article view, which forgets its state. This note survives the remount
 * so the new view can say what happened and put focus back on "History".
 */
let restoredNote: { articleId: string; text: string } | null = null;

/** Saves whatever is pending; throws when the newest edits could not be saved. */
async function flushOrThrow(session: FlushableSession, action: string): Promise<void> {
  const state = await session.flush();
  if (session.hasUnsavedChanges && state.status !== 'saved') {
    throw new Error(`Your latest edits are not saved yet (${state.message ?? state.status}), so they would be missing from ${action}. Fix that first.`);
  }
}

/** Version history for the open article: Save version (Ctrl/Cmd+S), the History view and restore. */
export function useVersionHistory({ articleId, session, enabled, reload }: VersionHistoryOptions): VersionHistory {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [note, setNote] = useState<string | null>(() => (restoredNote?.articleId === articleId ? restoredNote.text : null));
  const historyButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (restoredNote?.articleId !== articleId) return;
    restoredNote = null;
    historyButton.current?.focus();
  }, [articleId]);

  // A note is a moment's confirmation, not a permanent label.
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(null), 6000);
    return () => clearTimeout(timer);
  }, [note]);

  const close = useCallback(() => {
    setOpen(false);
    // After React has shown the form again, so the button is focusable.
    requestAnimationFrame(() => historyButton.current?.focus());
  }, []);

  // Ctrl/Cmd+S saves a version (the document itself saves on its own); Escape closes the history.
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 's' && (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        if (!document.querySelector('dialog[open]')) setSaving(true);
      } else if (event.key === 'Escape' && open && !event.defaultPrevented && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        close();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, open, close]);

  const saveVersion = async (label: string) => {
    await flushOrThrow(session, 'the version');
    await client.api['revisions:create']({ articleId, label });
    setSaving(false);
    setRefreshKey((k) => k + 1);
    setNote(label ? `Saved version “${label}”` : 'Version saved');
  };

  const restore = async (revision: RevisionSummary) => {
    await flushOrThrow(session, 'the history');
    await client.api['revisions:restore']({ articleId, revisionId: revision.id });
    restoredNote = { articleId, text: `Restored the version from ${fullTime(revision.createdAt)}` };
    reload();
  };

  const prepare = useCallback(async () => {
    await session.flush();
  }, [session]);

  const tools = enabled ? (
    <>
      <button type="button" className="button button-quiet" onClick={() => setSaving(true)} aria-keyshortcuts="Control+S Meta+S" title="Save version (Ctrl+S)">
        <svg className="button-svg" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M4 2.5h6.5L13 5v8.5H3v-11z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
          <path d="M5.5 2.5v3h4v-3M5 13.5V9.5h6v4" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
        </svg>
        Save version
      </button>
      <button
        ref={historyButton}
        type="button"
        className={`button ${open ? 'button-pressed' : 'button-quiet'}`}
        aria-expanded={open}
        aria-controls={open ? 'version-history' : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <svg className="button-svg" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
          <path d="M2.2 2.6v2.7h2.7M8 5v3.2l2.1 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        History
      </button>
    </>
  ) : null;

  const panel = (
    <>
      {/* Always in the page, so screen readers announce the note when it appears. */}
      <p className="history-toast" role="status">
        {note}
      </p>
      {open && enabled ? <HistoryPanel articleId={articleId} prepare={prepare} refreshKey={refreshKey} onRestore={restore} onClose={close} /> : null}
      {saving && enabled ? <SaveVersionDialog onSave={saveVersion} onClose={() => setSaving(false)} /> : null}
    </>
  );

  return { open: open && enabled, tools, panel };
}
