import { useCallback, useEffect, useState } from 'react';
import type { ArticleSummary } from '../../../shared/article';
import type { Vote, VoteSignal, VoteSummary } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { formatTime, plural } from './labels';
import type { UndoStack } from './undo';

const SIGNAL_LABELS: Record<VoteSignal['kind'], string> = {
  duplicate_voter: 'Same voter twice',
  burst: 'Burst of votes',
  shared_ip: 'IP address cluster',
  shared_device: 'Device cluster',
  new_account: 'New accounts',
};

function Timeline({ summary }: { summary: VoteSummary }) {
  const max = Math.max(1, ...summary.timeline.map((b) => b.interesting + b.support + b.voided));
  return (
    <figure className="mod-timeline">
      <figcaption className="mod-subtitle">Votes per hour</figcaption>
      <ol className="mod-bars" aria-label="Votes per hour, as bars">
        {summary.timeline.map((b) => {
          const label = `${formatTime(b.start)}: ${b.interesting} interesting, ${b.support} support, ${b.voided} void`;
          return (
            <li key={b.start} className="mod-bar" title={label} aria-label={label}>
              <span className="mod-bar-stack" style={{ height: `${((b.interesting + b.support + b.voided) / max) * 100}%` }}>
                <span className="mod-bar-void" style={{ flexGrow: b.voided }} />
                <span className="mod-bar-support" style={{ flexGrow: b.support }} />
                <span className="mod-bar-interesting" style={{ flexGrow: b.interesting }} />
              </span>
            </li>
          );
        })}
      </ol>
      <p className="mod-legend-row" aria-hidden="true">
        <span className="mod-key mod-bar-interesting" /> Interesting <span className="mod-key mod-bar-support" /> Support <span className="mod-key mod-bar-void" /> Void
      </p>
      <details>
        <summary>Show as a table</summary>
        <table className="mod-table">
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Interesting</th>
              <th scope="col">Support</th>
              <th scope="col">Void</th>
            </tr>
          </thead>
          <tbody>
            {summary.timeline.map((b) => (
              <tr key={b.start}>
                <td>{formatTime(b.start)}</td>
                <td>{b.interesting}</td>
                <td>{b.support}</td>
                <td>{b.voided}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function VoteRow({ vote, onAct }: { vote: Vote; onAct(action: 'void' | 'restore', ids: number[]): void }) {
  const voter = vote.voterName || `Reader #${vote.voterId}`;
  return (
    <tr className={vote.state === 'void' ? 'is-void' : undefined}>
      <td>
        <bdi>{voter}</bdi>
      </td>
      <td>
        {vote.axis} · {vote.value}
      </td>
      <td>{formatTime(vote.votedAt)}</td>
      <td className="mod-muted">{vote.ipHash ?? '—'}</td>
      <td className="mod-muted">{vote.deviceHash ?? '—'}</td>
      <td>{vote.state === 'void' ? <span className="mod-badge mod-badge-banned">void</span> : 'counted'}</td>
      <td>
        {vote.state === 'counted' ? (
          <button type="button" className="button button-quiet mod-small" onClick={() => onAct('void', [vote.id])} aria-label={`Void vote ${vote.id} by ${voter}`}>
            Void
          </button>
        ) : (
          <button type="button" className="button button-quiet mod-small" onClick={() => onAct('restore', [vote.id])} aria-label={`Restore vote ${vote.id} by ${voter}`}>
            Restore
          </button>
        )}
      </td>
    </tr>
  );
}

/** Per-article vote tallies, a timeline, fraud signals with their votes, void/restore and the voting lock. */
export function VotesView({ articles, undo, restoredSeq }: { articles: ArticleSummary[]; undo: UndoStack; restoredSeq: number }) {
  const client = useClient();
  const [articleId, setArticleId] = useState<string>('');
  const [summary, setSummary] = useState<VoteSummary | null>(null);
  const [signals, setSignals] = useState<VoteSignal[]>([]);
  const [reason, setReason] = useState('Vote fraud');
  const [error, setError] = useState<string | null>(null);
  const id = articleId || articles[0]?.id || '';

  const load = useCallback(async () => {
    if (!id) return;
    try {
      const [s, sig] = await Promise.all([client.api['votes:summary']({ articleId: id, bucketSeconds: 3600 }), client.api['votes:signals']({ articleId: id, params: {} })]);
      setSummary(s);
      setSignals(sig);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [client, id]);

  useEffect(() => {
    void load();
    return client.on('moderation:changed', ({ areas }) => {
      if (areas.includes('votes')) void load();
    });
  }, [client, load, restoredSeq]);

  const act = async (action: 'void' | 'restore', target: { ids: number[] } | { articleId: string; signalKey: string; params: Record<string, never> }, label: string) => {
    try {
      const result = await client.api['votes:act']({ action, target, reason: reason.trim() || 'Vote fraud' });
      if (result.logId !== null) undo.push({ logId: result.logId, label: `${action === 'void' ? 'Voided' : 'Restored'} ${plural(result.affected, 'vote')}${label}` });
      await load();
    } catch (e) {
      undo.notify(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const lock = async (locked: boolean) => {
    try {
      const result = await client.api['votes:lock']({ articleId: id, locked, note: '' });
      undo.push({ logId: result.logId, label: locked ? 'Voting locked' : 'Voting unlocked' });
      await load();
    } catch (e) {
      undo.notify(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const t = summary?.tallies;
  return (
    <section className="mod-panel mod-votes" aria-label="Votes">
      <div className="mod-votes-head">
        <label className="mod-filter">
          <span>Article</span>
          <select className="input select" value={id} onChange={(e) => setArticleId(e.target.value)}>
            {articles.map((a) => (
              <option key={a.id} value={a.id}>
                {a.headline || 'Untitled'}
              </option>
            ))}
          </select>
        </label>
        {t ? (
          <p className="mod-tallies" aria-label="Vote tallies">
            Interesting: {t.interesting.yes}/{t.interesting.total} • Support: {t.support.yes}/{t.support.total}
            {summary.voided > 0 ? <span className="mod-muted"> · {plural(summary.voided, 'void vote')}</span> : null}
          </p>
        ) : null}
        {t ? (
          <button type="button" className="button" onClick={() => void lock(t.votingOpen)}>
            {t.votingOpen ? 'Lock voting' : 'Unlock voting'}
          </button>
        ) : null}
        {t && !t.votingOpen ? <span className="mod-badge mod-badge-suspended">Voting locked</span> : null}
      </div>
      {error ? (
        <p className="mod-error" role="alert">
          {error}
        </p>
      ) : null}
      {summary && summary.timeline.length > 0 ? <Timeline summary={summary} /> : summary ? <p className="mod-muted">No votes on this article yet.</p> : null}

      <h2 className="mod-subtitle">Fraud signals</h2>
      <label className="mod-field mod-void-reason">
        <span>Reason recorded when voiding</span>
        <input className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      {signals.length === 0 && summary ? <p className="mod-muted">No signals: nothing looks unusual.</p> : null}
      {signals.map((s) => {
        const voided = s.votes.filter((v) => v.state === 'void').length;
        return (
          <section key={s.key} className="mod-signal" aria-label={`${SIGNAL_LABELS[s.kind]}: ${s.description}`}>
            <header className="mod-signal-head">
              <span className="mod-signal-kind">{SIGNAL_LABELS[s.kind]}</span>
              <bdi className="mod-signal-desc">{s.description}</bdi>
              {s.voidIds.length > 0 ? (
                <button type="button" className="button mod-small" onClick={() => void act('void', { articleId: id, signalKey: s.key, params: {} }, ` (${SIGNAL_LABELS[s.kind].toLowerCase()})`)}>
                  Void {plural(s.voidIds.length, 'vote')}
                </button>
              ) : null}
              {voided > 0 ? (
                <button type="button" className="button button-quiet mod-small" onClick={() => void act('restore', { articleId: id, signalKey: s.key, params: {} }, '')}>
                  Restore {plural(voided, 'vote')}
                </button>
              ) : null}
            </header>
            <details open={s.votes.length <= 6}>
              <summary>{plural(s.votes.length, 'vote')}</summary>
            <table className="mod-table mod-vote-table">
              <thead>
                <tr>
                  <th scope="col">Voter</th>
                  <th scope="col">Vote</th>
                  <th scope="col">When</th>
                  <th scope="col">IP</th>
                  <th scope="col">Device</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.votes.map((v) => (
                  <VoteRow key={v.id} vote={v} onAct={(action, ids) => void act(action, { ids }, '')} />
                ))}
              </tbody>
            </table>
            </details>
          </section>
        );
      })}
    </section>
  );
}
