import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract';

/** Typed workspace events that hosts forward to the renderer (IPC send, or server-sent events). */
export class WorkspaceEvents {
  private readonly emitter = new EventEmitter();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    this.emitter.emit(name, payload);
  }

  /** Subscribes and returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
