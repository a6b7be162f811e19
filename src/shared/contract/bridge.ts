import type { Envelope } from '../errors';
import type { CallName, EventName } from './names';

/**
 * What the preload exposes as `window.copydesk`: one function per contract call (invoke-only)
 * and a subscription to contract events. Nothing else crosses: no channel names, no ipcRenderer.
 * The renderer's HTTP transport implements the same shape against the web host.
 */
export interface Bridge {
  calls: Record<CallName, (input?: unknown) => Promise<Envelope<unknown>>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
