import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api/client';

export interface UndoEntry {
  logId: number;
  /** "Rejected 1 comment": shown in the toast and, after undo, as "Undone: …". */
  label: string;
  /** What to refresh or refocus once it is undone (e.g. the comment ids that come back). */
  targetIds?: readonly number[];
}

export interface UndoStack {
  push(entry: UndoEntry): void;
  /** Undoes the newest entry not yet undone; resolves with it (null when there is none). */
  undo(): Promise<UndoEntry | null>;
  /** Shows a plain message (an error, a confirmation) in the toast. */
  notify(text: string, tone?: 'info' | 'error'): void;
  toast: Toast | null;
  dismiss(): void;
}

interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** Offer "Undo" for this entry. */
  entry: UndoEntry | null;
}

const TOAST_MS = 8000;

/**
 * The session's undo history: every moderation action returns the log entry it wrote, and
 * `moderation:undo` restores that entry's exact previous state. Newest first, several steps deep.
 */
export function useUndoStack(client: ApiClient): UndoStack {
  const stack = useRef<UndoEntry[]>([]);
  const [toast, setToast] = useState<Toast | null>(null);
  const ids = useRef(0);
  const busy = useRef(false);

  const show = useCallback((text: string, tone: 'info' | 'error', entry: UndoEntry | null) => setToast({ id: ++ids.current, text, tone, entry }), []);

  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => setToast((t) => (t?.id === toast.id ? null : t)), toast.tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [toast]);

  const push = useCallback(
    (entry: UndoEntry) => {
      stack.current.push(entry);
      if (stack.current.length > 100) stack.current.shift();
      show(entry.label, 'info', entry);
    },
    [show],
  );

  const undo = useCallback(async (): Promise<UndoEntry | null> => {
    if (busy.current) return null;
    const entry = stack.current.at(-1);
    if (!entry) {
      show('Nothing to undo', 'info', null);
      return null;
    }
    busy.current = true;
    try {
      await client.api['moderation:undo']({ logId: entry.logId });
      stack.current.pop();
      show(`Undone: ${entry.label}`, 'info', null);
      return entry;
    } catch (error) {
      show(error instanceof Error ? error.message : String(error), 'error', null);
      return null;
    } finally {
      busy.current = false;
    }
  }, [client, show]);

  const notify = useCallback((text: string, tone: 'info' | 'error' = 'info') => show(text, tone, null), [show]);
  const dismiss = useCallback(() => setToast(null), []);
  return { push, undo, notify, toast, dismiss };
}

export function UndoToast({ stack, onUndo }: { stack: UndoStack; onUndo(): void }) {
  const toast = stack.toast;
  return (
    <div className={`mod-toast${toast?.tone === 'error' ? ' is-error' : ''}`} role="status" aria-live="polite" hidden={!toast}>
      {toast ? (
        <>
          <span className="mod-toast-text">{toast.text}</span>
          {toast.entry ? (
            <button type="button" className="mod-toast-undo" onClick={onUndo} title="Undo (Ctrl/⌘+Z)">
              Undo
            </button>
          ) : null}
          <button type="button" className="mod-toast-close" aria-label="Dismiss" onClick={stack.dismiss}>
            ×
          </button>
        </>
      ) : null}
    </div>
  );
}
