// Sandboxed preload: it may import only 'electron' and the contract's names (no zod, no core),
// so the bundle stays tiny. The renderer gets one function per contract call and a subscription
// to contract events; ipcRenderer itself and arbitrary channel names never cross the bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../shared/contract/bridge';
import { BRIDGE_KEY, CALL_NAMES, EVENT_NAMES, type EventName } from '../shared/contract/names';

type BridgeIpc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

const isEventName = (name: unknown): name is EventName => (EVENT_NAMES as readonly unknown[]).includes(name);

/** Builds the bridge object over the given ipcRenderer. */
export function createBridge(ipc: BridgeIpc): Bridge {
  const calls = Object.fromEntries(
    CALL_NAMES.map((name) => [name, (input?: unknown) => ipc.invoke(name, input)]),
  ) as Bridge['calls'];
  return {
    calls: Object.freeze(calls),
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown Copydesk event ${JSON.stringify(String(event))}`);
      if (typeof listener !== 'function') throw new TypeError('A Copydesk event listener must be a function');
      // Only the payload is passed on: the IPC event object would hand the page ipcRenderer itself.
      const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipc.on(event, forward);
      return () => {
        ipc.removeListener(event, forward);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
