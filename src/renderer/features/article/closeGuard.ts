import { BRIDGE_KEY } from '../../../shared/contract/names';
import type { Autosave } from './autosave';

/** The parts of `window` and of a beforeunload event the guard uses (structural, for tests). */
export interface ClosableWindow {
  close(): void;
  confirm(message: string): boolean;
}
export interface CancellableEvent {
  preventDefault(): void;
  returnValue: unknown;
}

/** How long closing the desktop window waits for the last save before asking the user. */
const CLOSE_FLUSH_TIMEOUT_MS = 5000;

/**
 * Closing the desktop window with unsaved edits: Electron cancels the close silently when
 * beforeunload is prevented, so save first and close afterwards. If the save fails, the user
 * decides whether to close anyway. (A browser would show its own "Leave site?" prompt instead, so
 * there the keepalive save is sent and the page goes.)
 */
export function guardDesktopClose(
  autosave: Pick<Autosave<unknown, unknown>, 'hasUnsavedChanges' | 'flush'>,
  win: ClosableWindow,
  timeoutMs = CLOSE_FLUSH_TIMEOUT_MS,
): (event: CancellableEvent) => boolean {
  let closing = false;
  return (event) => {
    if (closing || !(BRIDGE_KEY in win) || !autosave.hasUnsavedChanges) return false;
    event.preventDefault();
    event.returnValue = '';
    closing = true;
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
    void Promise.race([autosave.flush(), timeout]).then(() => {
      const saved = !autosave.hasUnsavedChanges;
      if (saved || win.confirm('Copydesk could not save your latest changes. Close anyway and lose them?')) win.close();
      else closing = false;
    });
    return true;
  };
}
