import type { OutboxItem, QueuedPublish } from '../../../shared/remote/outbox';
import { useClient } from '../../api/context';
import { STATE_NAMES } from './labels';
import { useLive, useTargets } from './useRemote';
import './remote.css';

function label(item: OutboxItem | undefined): string {
  if (!item) return 'Queued';
  if (item.state === 'queued' && item.lastError) return item.attempts > 0 ? 'Retrying' : 'Queued — offline';
  return STATE_NAMES[item.state];
}

/** Per-target progress of one publish: queued → in flight → done, or needs attention. */
export function RemotePublishStatus({ queued }: { queued: QueuedPublish[] }) {
  const client = useClient();
  const targets = useTargets(client);
  const key = queued.map((q) => q.outboxId).join(',');
  const rows = useLive(
    client,
    ['outbox:changed'],
    async () => {
      const lists = await Promise.all([...new Set(queued.map((q) => q.targetId))].map((targetId) => client.api['outbox:list']({ targetId })));
      const byId = new Map(lists.flat().map((r) => [r.id, r]));
      return queued.map((q) => byId.get(q.outboxId));
    },
    [] as (OutboxItem | undefined)[],
    key,
  );
  if (queued.length === 0) return null;
  const names = new Map(targets.value.map((t) => [t.id, t.name]));
  return (
    <section aria-label="Publishing targets">
      <h3 className="remote-status-title">Publishing targets</h3>
      <ul className="remote-status">
        {queued.map((q, i) => {
          const item = rows.value[i];
          return (
            <li key={q.outboxId} data-state={item?.state ?? 'queued'}>
              <span>{names.get(q.targetId) ?? 'Target'}</span>
              <span className={`state state-${item?.state ?? 'queued'}`} title={item?.lastError ?? undefined}>
                {label(item)}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
