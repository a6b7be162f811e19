/**
 * Whether the web build can reach its host, from what its requests saw: a request that got no
 * reply means the host is down; a 401 means it no longer knows this tab's sign-in (it restarted
 * with another token). While either lasts, a cheap call probes every few seconds, so the tab
 * notices the host is back without waiting for the next save's backoff.
 *
 * The desktop build has no such state: its main process lives as long as its window.
 */
export type ConnectionStatus =
  /** Requests get replies. */
  | 'connected'
  /** The last request got no reply at all. */
  | 'unreachable'
  /** The host answers but refuses this tab's sign-in. */
  | 'signed_out'
  /** Reachable again after an outage; becomes 'connected' after a few seconds. */
  | 'reconnected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the outage began (ms since the epoch), while unreachable or signed out. */
  since?: number;
}

export interface ConnectionSource {
  getState(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export const PROBE_INTERVAL_MS = 2000;
/** How long "reconnected" shows before the badge returns to its usual text. */
export const RECONNECTED_NOTICE_MS = 8000;

type Timer = ReturnType<typeof setTimeout>;

export class ConnectionMonitor implements ConnectionSource {
  private state: ConnectionState = { status: 'connected' };
  private readonly listeners = new Set<() => void>();
  private probeTimer: Timer | null = null;
  private settleTimer: Timer | null = null;

  /** `probe` makes one cheap request through the transport, which reports its outcome here. */
  constructor(private readonly probe: () => Promise<unknown>) {}

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A request got an HTTP reply with this status. */
  replied(status: number): void {
    if (status === 401) {
      this.down('signed_out');
      return;
    }
    if (this.state.status === 'connected' || this.state.status === 'reconnected') return;
    this.stopProbing();
    this.set({ status: 'reconnected' });
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      if (this.state.status === 'reconnected') this.set({ status: 'connected' });
    }, RECONNECTED_NOTICE_MS);
  }

  /** A request got no reply (connection refused, reset, or the network is gone). */
  unreachable(): void {
    this.down('unreachable');
  }

  private down(status: 'unreachable' | 'signed_out'): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const since = this.state.since ?? Date.now();
    if (this.state.status !== status) this.set({ status, since });
    this.probeTimer ??= setTimeout(() => {
      this.probeTimer = null;
      // The probe's own outcome comes back through replied() or unreachable().
      this.probe().catch(() => undefined);
    }, PROBE_INTERVAL_MS);
  }

  private stopProbing(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private set(next: ConnectionState): void {
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }
}
