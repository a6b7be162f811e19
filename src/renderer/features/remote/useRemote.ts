import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConflictView, NetworkStatus, OutboxItem, Target } from '../../../shared/remote/outbox';
import type { ApiClient } from '../../api/client';

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Calls `load` now and again after each of the given events (coalesced to one call per 150 ms,
 * since a draining outbox emits one event per row). Returns the last value and a manual refresh.
 */
export function useLive<T>(client: ApiClient, events: ('outbox:changed' | 'network:status' | 'articles:changed')[], load: () => Promise<T>, initial: T, key = '') {
  const [value, setValue] = useState<T>(initial);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useRef(true);

  const refresh = useCallback(() => {
    loadRef.current().then(
      (next) => {
        if (!live.current) return;
        setValue(next);
        setError(null);
      },
      (e: unknown) => live.current && setError(errorText(e)),
    );
  }, []);

  useEffect(() => {
    live.current = true;
    refresh();
    const later = () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        refresh();
      }, 150);
    };
    const offs = events.map((name) => client.on(name, later));
    return () => {
      live.current = false;
      offs.forEach((off) => off());
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [client, refresh, key]);

  return { value, error, refresh };
}

export function useTargets(client: ApiClient) {
  return useLive<Target[]>(client, ['outbox:changed'], () => client.api['targets:list'](), []);
}

/** Rows still to deliver or needing a person: the sidebar badge. */
export function useOutboxBadge(client: ApiClient): number {
  const { value } = useLive(
    client,
    ['outbox:changed'],
    async () => {
      const [queued, inFlight, attention] = await Promise.all([
        client.api['outbox:list']({ state: 'queued' }),
        client.api['outbox:list']({ state: 'in_flight' }),
        client.api['outbox:list']({ state: 'needs_attention' }),
      ]);
      return queued.length + inFlight.length + attention.length;
    },
    0,
  );
  return value;
}

/**
 * Online unless a target's worker last saw the network fail. Statuses come from the host once,
 * then from `network:status` events as the workers observe changes.
 */
export function useNetwork(client: ApiClient): { known: boolean; online: boolean; detail: string } {
  const [statuses, setStatuses] = useState<Map<string, NetworkStatus>>(new Map());
  useEffect(() => {
    let live = true;
    client.api['network:get']().then(
      (list) => live && setStatuses((current) => new Map([...list.map((s) => [s.targetId, s] as const), ...current])),
      () => undefined,
    );
    const off = client.on('network:status', (status) => setStatuses((current) => new Map(current).set(status.targetId, status)));
    return () => {
      live = false;
      off();
    };
  }, [client]);
  const offline = [...statuses.values()].find((s) => !s.online);
  return { known: statuses.size > 0, online: !offline, detail: offline?.detail ?? '' };
}

export function useConflicts(client: ApiClient) {
  return useLive<ConflictView[]>(client, ['outbox:changed'], () => client.api['conflicts:list'](), []);
}

export type OutboxFilter = 'queued' | 'needs_attention' | 'done' | 'failed';

/**
 * The outbox tabs: Queued (waiting or being sent), Failed (waiting to retry after an error),
 * Needs attention, Done. "Failed" rows are queued rows with an error on record.
 */
export function useOutbox(client: ApiClient, filter: OutboxFilter) {
  return useLive<OutboxItem[]>(
    client,
    ['outbox:changed'],
    async () => {
      if (filter === 'needs_attention' || filter === 'done') return client.api['outbox:list']({ state: filter });
      const [queued, inFlight] = await Promise.all([client.api['outbox:list']({ state: 'queued' }), client.api['outbox:list']({ state: 'in_flight' })]);
      const rows = [...inFlight, ...queued].sort((a, b) => a.seq - b.seq);
      return filter === 'failed' ? rows.filter((r) => r.lastError !== null && r.attempts > 0) : rows.filter((r) => r.lastError === null || r.attempts === 0);
    },
    [],
    filter,
  );
}
