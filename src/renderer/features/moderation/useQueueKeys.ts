import { useEffect, useRef } from 'react';

export type QueueKey =
  | 'next'
  | 'previous'
  | 'approve'
  | 'reject'
  | 'spam'
  | 'pending'
  | 'ban'
  | 'select'
  | 'selectRange'
  | 'zoom'
  | 'search'
  | 'help'
  | 'escape'
  | { queue: number };

const KEYS: Record<string, QueueKey> = {
  j: 'next',
  k: 'previous',
  a: 'approve',
  r: 'reject',
  s: 'spam',
  p: 'pending',
  b: 'ban',
  x: 'select',
  X: 'selectRange',
  z: 'zoom',
  '/': 'search',
  '?': 'help',
  Escape: 'escape',
};

/** True while the person is typing, or a dialog has the focus: shortcuts must not fire then. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog')) return true;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The queue's single-key shortcuts (Coral-style), on the document while `active`. */
export function useQueueKeys(active: boolean, handle: (key: QueueKey) => void): void {
  const handler = useRef(handle);
  handler.current = handle;
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const key: QueueKey | undefined = /^[1-6]$/.test(event.key) ? { queue: Number(event.key) - 1 } : KEYS[event.key];
      if (key === undefined) return;
      // Buttons keep Enter/Space; single letters are ours.
      event.preventDefault();
      handler.current(key);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active]);
}
