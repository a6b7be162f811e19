import { useEffect, useState } from 'react';
import type { OutboxItem } from '../../../shared/remote/outbox';
import type { ApiClient } from '../../api/client';
import { useClient } from '../../api/context';
import { ConfirmDialog } from './ConfirmDialog';
import { ConflictDialog } from './ConflictDialog';
import { headsOf, KIND_NAMES, nextAttemptText, STATE_NAMES, subjectText } from './labels';
import { PayloadDialog } from './PayloadDialog';
import { errorText, useConflicts, useOutbox, useTargets, type OutboxFilter } from './useRemote';
import './remote.css';

const TABS: { value: OutboxFilter; label: string }[] = [
  { value: 'queued', label: 'Queued' },
  { value: 'failed', label: 'Failed' },
  { value: 'needs_attention', label: 'Needs attention' },
  { value: 'done', label: 'Done' },
];

const EMPTY: Record<OutboxFilter, string> = {
  queued: 'Nothing waiting to be sent.',
  failed: 'No failed attempts waiting for a retry.',
  needs_attention: 'Nothing needs your attention.',
  done: 'Nothing delivered yet.',
};

/** Headlines of the articles rows refer to, loaded once per article. */
function useHeadlines(client: ApiClient, rows: OutboxItem[]): Map<string, string> {
  const [headlines, setHeadlines] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const missing = [...new Set(rows.filter((r) => r.kind === 'publish' || r.kind === 'unpublish').map((r) => r.subject))].filter((id) => !headlines.has(id));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map((id) => client.api['articles:get']({ id }).then((a) => [id, a.headline] as const, () => [id, 'Deleted article'] as const))).then(
      (found) => live && setHeadlines((current) => new Map([...current, ...found])),
    );
    return () => {
      live = false;
    };
  }, [client, rows, headlines]);
  return headlines;
}

/** The outbox: what waits to be sent to each target, what failed, and what was delivered. */
export function OutboxView() {
  const client = useClient();
  const [filter, setFilter] = useState<OutboxFilter>('queued');
  const outbox = useOutbox(client, filter);
  const targets = useTargets(client);
  const conflicts = useConflicts(client);
  const headlines = useHeadlines(client, outbox.value);
  const [payload, setPayload] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null);
  const [resolving, setResolving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [, tick] = useState(0);
  const names = new Map(targets.value.map((t) => [t.id, t.name]));
  const heads = headsOf(outbox.value);

  // "in 12 s" counts down.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  const act = async (action: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(errorText(error));
    }
    outbox.refresh();
  };

  return (
    <section className="outbox" aria-labelledby="outbox-heading">
      <header className="outbox-header">
        <h1 id="outbox-heading" className="settings-heading">
          Outbox
        </h1>
        <p className="settings-intro">Articles and moderation decisions on their way to your publishing targets, oldest first.</p>
      </header>
      {conflicts.value.length > 0 ? (
        <div className="notice notice-warning outbox-conflicts" role="alert">
          <p>
            {conflicts.value.length === 1 ? 'An article was' : `${conflicts.value.length} articles were`} changed on a target since Copydesk last published {conflicts.value.length === 1 ? 'it' : 'them'}.
          </p>
          <button type="button" className="button" onClick={() => setResolving(true)}>
            Review conflicts
          </button>
        </div>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Outbox rows">
        {TABS.map((tab) => (
          <button key={tab.value} type="button" role="tab" aria-selected={filter === tab.value} className={`tab${filter === tab.value ? ' is-current' : ''}`} onClick={() => setFilter(tab.value)}>
            {tab.label}
          </button>
        ))}
      </div>
      {failure ? (
        <p className="form-failure" role="alert">
          {failure}
        </p>
      ) : null}
      {outbox.error ? <p className="form-failure" role="alert">Could not load the outbox: {outbox.error}</p> : null}
      <div role="tabpanel" aria-label={TABS.find((t) => t.value === filter)!.label}>
        {outbox.value.length === 0 ? (
          <p className="outbox-empty">{EMPTY[filter]}</p>
        ) : (
          <table className="outbox-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Next attempt</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {outbox.value.map((item) => {
                const what = subjectText(item, headlines);
                return (
                  <tr key={item.id} data-state={item.state}>
                    <td>{KIND_NAMES[item.kind]}</td>
                    <td className="outbox-what">{what}</td>
                    <td>{names.get(item.targetId) ?? '—'}</td>
                    <td>
                      <span className={`state state-${item.state}`}>{STATE_NAMES[item.state]}</span>
                    </td>
                    <td className="num">{item.attempts}</td>
                    <td>{nextAttemptText(item, filter === 'queued' && !heads.has(item.id))}</td>
                    <td className="outbox-error">{item.lastError ?? ''}</td>
                    <td className="outbox-actions">
                      {item.state === 'queued' || item.state === 'needs_attention' ? (
                        <button type="button" className="button button-quiet" aria-label={`Retry ${KIND_NAMES[item.kind]} ${what}`} onClick={() => void act(() => client.api['outbox:retry']({ id: item.id }))}>
                          Retry
                        </button>
                      ) : null}
                      {item.state === 'queued' || item.state === 'needs_attention' ? (
                        <button type="button" className="button button-quiet" aria-label={`Discard ${KIND_NAMES[item.kind]} ${what}`} onClick={() => setDiscarding(item)}>
                          Discard
                        </button>
                      ) : null}
                      <button type="button" className="button button-quiet" aria-label={`View payload of ${KIND_NAMES[item.kind]} ${what}`} onClick={() => setPayload(item.id)}>
                        Payload
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {payload ? <PayloadDialog id={payload} onClose={() => setPayload(null)} /> : null}
      {discarding ? (
        <ConfirmDialog
          title="Discard this change?"
          message={`“${KIND_NAMES[discarding.kind]}: ${subjectText(discarding, headlines)}” will never be sent to ${names.get(discarding.targetId) ?? 'its target'}. Local content is not affected.`}
          confirmLabel="Discard"
          danger
          onConfirm={() => {
            const id = discarding.id;
            setDiscarding(null);
            void act(() => client.api['outbox:discard']({ id }));
          }}
          onCancel={() => setDiscarding(null)}
        />
      ) : null}
      {resolving && conflicts.value.length > 0 ? (
        <ConflictDialog
          conflicts={conflicts.value}
          onResolved={() => {
            conflicts.refresh();
            outbox.refresh();
          }}
          onClose={() => setResolving(false)}
        />
      ) : null}
    </section>
  );
}
