import { useEffect, useRef } from 'react';
import type { FindMode } from './FindPanel';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Short, single-line selected text, to prefill the find box (as editors do). */
function selectedText(): string {
  const active = document.activeElement;
  let text: string;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) {
    if (active.closest('.find-panel')) return '';
    text = active.value.slice(active.selectionStart ?? 0, active.selectionEnd ?? 0);
  } else {
    text = window.getSelection()?.toString() ?? '';
  }
  return text.length <= 100 && !/[\r\n]/.test(text) ? text : '';
}

/**
 * Ctrl/Cmd+F opens Find; Ctrl+H (⇧⌘H on a Mac, where ⌘H hides the app) opens Find & replace.
 * Listens in the capture phase so the page's own panel wins over the browser's find bar and
 * the editors' key handling.
 */
export function useFindShortcuts(enabled: boolean, open: (mode: FindMode, seed: string) => void): void {
  const openRef = useRef(open);
  useEffect(() => {
    openRef.current = open;
  }, [open]);

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      let mode: FindMode | null = null;
      if (key === 'f' && !event.shiftKey) mode = 'find';
      else if (key === 'h' && event.shiftKey === isMac) mode = 'replace';
      if (!mode) return;
      event.preventDefault();
      event.stopPropagation();
      openRef.current(mode, selectedText());
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}
