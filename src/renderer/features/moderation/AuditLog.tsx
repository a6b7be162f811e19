import { useCallback, useEffect, useState } from 'react';
import type { LogEntry, LogFilter } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { useTargets } from '../remote/useRemote';
import { formatTime, LOG_ACTIONS, LOG_TARGET_LABELS, logActionLabel, logActionWords, reasonLabel } from './labels';

type TargetType = NonNullable<LogFilter['targetType']>;
const TARGET_TYPES: TargetType[] = ['comment', 'author', 'vote', 'article', 'rule'];

function dayIso(day: string, next: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/**
 * Whether decisions have somewhere to go: with no publishing target there is no remote site,
 * and "Not sent" would only alarm.
 */
function useHasRemote(): boolean {
  return useTargets(useClient()).value.length > 0;
}

/** "Not sent": the remote site has not received this decision yet (offline, or no push so far). */
export function NotSent({ title = 'Not yet sent to the remote site' }: { title?: string }) {
  return (
    <span className="mod-badge mod-badge-notsent" title={title}>
      Not sent
    </span>
  );
}

export function LogRows({ entries, remote }: { entries: LogEntry[]; remote: boolean }) {
  return (
    <>
      {entries.map((e) => (
        <tr key={e.id} className={e.undoneById !== null ? 'is-undone' : undefined}>
          <td className="mod-nowrap">{formatTime(e.createdAt)}</td>
          <td>
            <bdi>{e.actor}</bdi>
          </td>
          <td>
            {logActionLabel(e)} <bdi>{e.targetLabel}</bdi>
            {e.undoneById !== null ? <span className="mod-muted"> (undone)</span> : null}
          </td>
          <td>
            {e.reasonCode ? reasonLabel(e.reasonCode) : ''}
            {e.note ? (
              <>
                {e.reasonCode ? ' — ' : ''}
                <bdi className="mod-muted">{e.note.length > 140 ? `${e.note.slice(0, 140)}…` : e.note}</bdi>
              </>
            ) : null}
          </td>
          {remote ? <td>{e.pushedToRemote ? null : <NotSent />}</td> : null}
        </tr>
      ))}
    </>
  );
}

export function LogTable({ entries, label }: { entries: LogEntry[]; label: string }) {
  const remote = useHasRemote();
  return (
    <table className="mod-table mod-log-table">
      <caption className="visually-hidden">{label}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Reason</th>
          {remote ? <th scope="col">Remote site</th> : null}
        </tr>
      </thead>
      <tbody>
        <LogRows entries={entries} remote={remote} />
      </tbody>
    </table>
  );
}

/** The audit log: filters (actor, action, target, dates, not sent), paging, and CSV export. */
export function AuditLog() {
  const client = useClient();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState<TargetType | ''>('');
  const [targetId, setTargetId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [unpushedOnly, setUnpushedOnly] = useState(false);
  const remote = useHasRemote();
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const filter: LogFilter = {
    ...(actor.trim() ? { actor: actor.trim() } : {}),
    ...(action ? { action } : {}),
    ...(targetType ? { targetType } : {}),
    ...(targetId.trim() ? { targetId: /^\d+$/.test(targetId.trim()) ? Number(targetId.trim()) : targetId.trim() } : {}),
    ...(dayIso(from, false) ? { from: dayIso(from, false)! } : {}),
    ...(dayIso(to, true) ? { to: dayIso(to, true)! } : {}),
    ...(unpushedOnly && remote ? { unpushedOnly: true } : {}),
  };
  const key = JSON.stringify(filter);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await client.api['moderation:log']({ filter: JSON.parse(key) as LogFilter, cursor: after, limit: 50 });
        setEntries((current) => (after === null ? page.entries : [...current, ...page.entries]));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [client, key],
  );

  useEffect(() => {
    const timer = window.setTimeout(() => void load(null), 200);
    const off = client.on('moderation:changed', () => void load(null));
    return () => {
      window.clearTimeout(timer);
      off();
    };
  }, [client, load]);

  const exportCsv = async () => {
    try {
      const { csv } = await client.api['moderation:export']({ filter: JSON.parse(key) as LogFilter });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `moderation-log-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="mod-panel mod-audit" aria-label="Audit log">
      <div className="mod-filters">
        <label className="mod-filter">
          <span>Actor</span>
          <input className="input" value={actor} maxLength={200} placeholder="moderator" onChange={(e) => setActor(e.target.value)} />
        </label>
        <label className="mod-filter">
          <span>Action</span>
          <select className="input select" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">Any action</option>
            {LOG_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {logActionWords(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="mod-filter">
          <span>Target</span>
          <select className="input select" value={targetType} onChange={(e) => setTargetType(e.target.value as TargetType | '')}>
            <option value="">Any target</option>
            {TARGET_TYPES.map((t) => (
              <option key={t} value={t}>
                {LOG_TARGET_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="mod-filter">
          <span>Target id</span>
          <input className="input" value={targetId} maxLength={200} onChange={(e) => setTargetId(e.target.value)} />
        </label>
        <label className="mod-filter mod-filter-date">
          <span>From</span>
          <input className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="mod-filter mod-filter-date">
          <span>To</span>
          <input className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {remote ? (
          <label className="mod-check-field">
            <input type="checkbox" checked={unpushedOnly} onChange={(e) => setUnpushedOnly(e.target.checked)} /> Not sent only
          </label>
        ) : null}
        <button type="button" className="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      {error ? (
        <p className="mod-error" role="alert">
          {error}
        </p>
      ) : null}
      <LogTable entries={entries} label="Moderation log, newest first" />
      {entries.length === 0 && !error ? <p className="mod-muted">No entries match.</p> : null}
      {cursor !== null ? (
        <button type="button" className="button mod-more" onClick={() => void load(cursor)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
