import type { IpcMain, IpcMainInvokeEvent } from 'electron';
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

/** The URL of the frame that sent an IPC message, or null when the frame is gone. */
function senderUrl(event: IpcMainInvokeEvent): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    // Reading a destroyed frame can throw; a vanished sender is not trusted.
    return null;
  }
}

/**
 * Registers one invoke handler per contract call. Each checks that the sender is the app's own
 * page, then hands the untrusted input to core's dispatch (zod parse, handler, envelope).
 * Only contract names are registered, so the renderer cannot reach arbitrary channels.
 * Returns a cleanup that removes the handlers.
 */
export function registerIpc(
  ipcMain: IpcRegistrar,
  handlers: Handlers,
  isTrustedSender: (url: string) => boolean,
  options: IpcOptions = {},
): () => void {
  const log = options.log ?? ((message, error) => console.error(message, error));
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event, input: unknown) => {
      const url = senderUrl(event);
      if (url === null || !isTrustedSender(url)) return UNAUTHORIZED;
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
