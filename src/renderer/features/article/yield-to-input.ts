/**
 * Ends the current task so that input waiting in the queue (a key the writer just pressed) is
 * handled first; the caller continues in a later task. Chromium runs input ahead of ordinary
 * tasks, so a save split at these points delays a keystroke by one slice (serializing the body,
 * or sending it) instead of the whole save.
 */
export function yieldToInput(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface IdleScheduler {
  requestIdleCallback?(callback: () => void, options: { timeout: number }): number;
  cancelIdleCallback?(handle: number): void;
}

/**
 * Runs `task` once the page is idle (no input or frame waiting), or after `timeoutMs` at the
 * latest; returns a cancel function. For work no key needs to wait for, such as writing kept
 * edits to IndexedDB. Where there is no idle callback (tests under Node), it runs in a later task.
 */
export function whenIdle(task: () => void, timeoutMs: number): () => void {
  const idle = globalThis as IdleScheduler;
  if (typeof idle.requestIdleCallback === 'function') {
    const handle = idle.requestIdleCallback(task, { timeout: timeoutMs });
    return () => idle.cancelIdleCallback?.(handle);
  }
  const timer = setTimeout(task, 0);
  return () => clearTimeout(timer);
}
