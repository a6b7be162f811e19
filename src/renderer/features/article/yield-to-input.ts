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
