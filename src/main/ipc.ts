import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { dispatch, type Handlers } from '../core/api/dispatch';
import type { WorkspaceEvents } from '../core/events';
import { CALL_NAMES, EVENT_NAMES, type EventName } from '../shared/contract/names';
import type { Envelope } from '../shared/errors';

export type IpcRegistrar = Pick<IpcMain, 'handle' | 'removeHandler'>;

export interface IpcOptions {
  /** Where unexpected handler errors are reported (their details never reach the renderer). */
  log?: (message: string, error: unknown) => void;
}

const UNAUTHORIZED: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This call is only accepted from the Copydesk window.' },
};

/** Who may call: what main knows about the windows it made and the page they should show. */
export interface SenderPolicy {
  /** True for the web contents of a window the app created (not merely any contents). */
  isAppContents(contents: WebContents): boolean;
  /** True when a URL is the app's own page. */
  isAppUrl(url: string): boolean;
}

/**
 * True only for the top frame of one of the app's own windows, showing the app's page. A URL
 * alone can be matched by another frame (a subframe of ours, a window some bug let open), so the
 * sender must also be a window main created, and the frame must be that window's main frame.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, policy: SenderPolicy): boolean {
  try {
    const contents = event.sender as WebContents | undefined;
    const frame = event.senderFrame;
    if (!contents || !frame || !policy.isAppContents(contents)) return false;
    if (frame !== contents.mainFrame) return false;
    return policy.isAppUrl(frame.url);
  } catch {
    // Reading a destroyed frame can throw; a vanished sender is not trusted.
    return false;
  }
}

/**
 * Registers one invoke handler per contract call. Each checks that the sender is the app's own
 * window and page, then hands the untrusted input to core's dispatch (zod parse, handler,
 * envelope). Only contract names are registered, so the renderer cannot reach arbitrary
 * channels. Returns a cleanup that removes the handlers.
 */
export function registerIpc(ipcMain: IpcRegistrar, handlers: Handlers, senders: SenderPolicy, options: IpcOptions = {}): () => void {
  const log = options.log ?? ((message, error) => console.error(message, error));
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!isTrustedSender(event, senders)) return UNAUTHORIZED;
      return dispatch(handlers, name, input, { onInternalError: (call, error) => log(`Copydesk: ${call} failed`, error) });
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(name);
  };
}

/**
 * Forwards every contract event from the workspace to `send` (the window's webContents.send).
 * Returns a cleanup that unsubscribes.
 */
export function forwardEvents(events: WorkspaceEvents, send: (name: EventName, payload: unknown) => void): () => void {
  const unsubscribes = EVENT_NAMES.map((name) => events.on(name, (payload) => send(name, payload)));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
