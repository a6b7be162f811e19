import { UNDO_COMMAND } from 'lexical';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Draft } from '../article/draft';
import { isLatestChange, type ReplaceAllRecord } from './replaceAll';
import type { EditorRegistry } from './registry';
import { patchTextFields } from './textFields';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export interface ReplaceAllUndo {
  /** The last Replace all, while it can still be undone as one step. */
  record: ReplaceAllRecord | null;
  remember(record: ReplaceAllRecord): void;
  /** Reverts the whole replace in every field; false when something was edited since. */
  undo(): boolean;
}

/**
 * One Undo for a Replace all across the article. Each editor keeps its own history and the text
 * fields keep none, so Ctrl/Cmd+Z would otherwise undo the replace in one field only. While the
 * replace is the latest change, Ctrl/Cmd+Z anywhere on the page (the find panel, the body, a
 * text field) reverts it everywhere; after any other edit, Ctrl/Cmd+Z is the field's own again.
 * Lives in the article view, so closing the find panel keeps the offer.
 */
export function useReplaceAllUndo(registry: EditorRegistry, currentDraft: () => Draft, onPatch: (patch: Partial<Draft>) => void): ReplaceAllUndo {
  const [record, setRecord] = useState<ReplaceAllRecord | null>(null);
  const latest = useRef({ record, currentDraft, onPatch });
  useEffect(() => {
    latest.current = { record, currentDraft, onPatch };
  });

  const undo = useCallback((): boolean => {
    const { record: current, currentDraft: draftNow, onPatch: patch } = latest.current;
    setRecord(null);
    if (!current || !isLatestChange(current, draftNow(), registry)) return false;
    for (const editor of current.editors) editor.dispatchCommand(UNDO_COMMAND, undefined);
    if (current.before.size > 0) patch(patchTextFields(draftNow(), current.before));
    return true;
  }, [registry]);

  useEffect(() => {
    if (!record) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (!mod || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'z') return;
      if (!isLatestChange(record, latest.current.currentDraft(), registry)) {
        setRecord(null);
        return;
      }
      // Ahead of the focused editor's own undo, which would revert one field only.
      event.preventDefault();
      event.stopPropagation();
      undo();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [record, registry, undo]);

  return { record, remember: setRecord, undo };
}
