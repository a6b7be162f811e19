import { useState } from 'react';
import { RULE_KINDS, type Rule, type RuleAction, type RuleInput, type RuleKind, type RuleMatch } from '../../../shared/moderation';
import { ApiError } from '../../api/client';
import { useClient } from '../../api/context';
import { RULE_ACTION_LABELS, RULE_KIND_LABELS } from './labels';

const PHRASE_KINDS: readonly RuleKind[] = ['banned_phrase', 'suspect_phrase'];
const THRESHOLD_LABEL: Partial<Record<RuleKind, string>> = { max_links: 'Links allowed', repeat_text: 'Window (minutes)', new_author: 'Minimum account age (hours)' };
const DEFAULT_ACTION: Record<RuleKind, RuleAction> = { banned_phrase: 'reject', suspect_phrase: 'report', max_links: 'hold', repeat_text: 'hold', new_author: 'premoderate' };

/** One rule's outcome in "Test against this text". */
interface TestRow {
  label: string;
  matches: RuleMatch[] | null;
  error: string | null;
}

interface Draft {
  id: number | null;
  kind: RuleKind;
  pattern: string;
  action: RuleAction;
  threshold: string;
  enabled: boolean;
  note: string;
}

const EMPTY: Draft = { id: null, kind: 'banned_phrase', pattern: '', action: 'reject', threshold: '', enabled: true, note: '' };

function toDraft(rule: Rule): Draft {
  return { id: rule.id, kind: rule.kind, pattern: rule.pattern, action: rule.action, threshold: rule.threshold === null ? '' : String(rule.threshold), enabled: rule.enabled, note: rule.note };
}

function toInput(d: Draft): RuleInput {
  return {
    kind: d.kind,
    pattern: PHRASE_KINDS.includes(d.kind) ? d.pattern : '',
    action: d.action,
    threshold: THRESHOLD_LABEL[d.kind] && d.threshold.trim() !== '' ? Number(d.threshold) : null,
    enabled: d.enabled,
    note: d.note,
  };
}

function describe(rule: Rule): string {
  if (PHRASE_KINDS.includes(rule.kind)) return rule.pattern;
  return rule.threshold === null ? '—' : `${THRESHOLD_LABEL[rule.kind] ?? 'Threshold'}: ${rule.threshold}`;
}

function errorText(error: unknown): string {
  if (error instanceof ApiError && error.fields) return Object.values(error.fields).join('; ') || error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Rules: list, create, edit, delete, and "Test against this text" with the core's matcher. */
export function RulesEditor({ rules, onChanged }: { rules: Rule[]; onChanged(): void }) {
  const client = useClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [sample, setSample] = useState('');
  const [result, setResult] = useState<TestRow[] | null>(null);
  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(null);
    setResult(null);
  };

  const save = async () => {
    setError(null);
    try {
      const rule = await client.api['rules:save']({ id: draft.id, rule: toInput(draft) });
      setSaved(draft.id === null ? 'Rule created' : 'Rule saved');
      setDraft(toDraft(rule));
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const remove = async (rule: Rule) => {
    if (!window.confirm(`Delete the rule “${describe(rule)}”?`)) return;
    try {
      await client.api['rules:delete']({ id: rule.id });
      if (draft.id === rule.id) setDraft(EMPTY);
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const run = async (label: string, input: { rule: RuleInput } | { ruleId: number }): Promise<TestRow> => {
    try {
      return { label, matches: (await client.api['rules:test']({ ...input, text: sample })).matches, error: null };
    } catch (e) {
      return { label, matches: null, error: errorText(e) };
    }
  };
  const test = async () => setResult([await run('This rule', { rule: toInput(draft) })]);
  // Rules that depend on the author's history (repeat, new author) cannot be tested on text alone.
  const testAll = async () =>
    setResult(await Promise.all(rules.filter((r) => r.enabled && (PHRASE_KINDS.includes(r.kind) || r.kind === 'max_links')).map((r) => run(`${RULE_KIND_LABELS[r.kind]} ${describe(r)}`, { ruleId: r.id }))));

  const isPhrase = PHRASE_KINDS.includes(draft.kind);
  const thresholdLabel = THRESHOLD_LABEL[draft.kind];

  return (
    <section className="mod-panel mod-rules" aria-label="Rules">
      <table className="mod-table">
        <caption className="visually-hidden">Moderation rules</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Pattern or threshold</th>
            <th scope="col">Action</th>
            <th scope="col">On</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="visually-hidden">Edit</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} className={draft.id === rule.id ? 'is-current' : undefined}>
              <td>{RULE_KIND_LABELS[rule.kind]}</td>
              <td>
                <code>{describe(rule)}</code>
              </td>
              <td>{RULE_ACTION_LABELS[rule.action]}</td>
              <td>{rule.enabled ? 'Yes' : 'No'}</td>
              <td className="mod-muted">{rule.note}</td>
              <td className="mod-row-actions">
                <button type="button" className="button button-quiet mod-small" onClick={() => setDraft(toDraft(rule))} aria-label={`Edit rule ${describe(rule)}`}>
                  Edit
                </button>
                <button type="button" className="button button-quiet mod-small" onClick={() => void remove(rule)} aria-label={`Delete rule ${describe(rule)}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form
        className="mod-rule-form"
        aria-label={draft.id === null ? 'New rule' : 'Edit rule'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 className="mod-subtitle">{draft.id === null ? 'New rule' : `Edit rule #${draft.id}`}</h2>
        <div className="mod-form-grid">
          <label className="mod-field">
            <span>Kind</span>
            <select className="input select" value={draft.kind} onChange={(e) => edit({ kind: e.target.value as RuleKind, action: DEFAULT_ACTION[e.target.value as RuleKind] })}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {RULE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          {isPhrase ? (
            <label className="mod-field">
              <span>Word or phrase (* matches letters within a word)</span>
              <input className="input" value={draft.pattern} maxLength={200} onChange={(e) => edit({ pattern: e.target.value })} aria-invalid={error !== null} />
            </label>
          ) : null}
          {thresholdLabel ? (
            <label className="mod-field">
              <span>{thresholdLabel}</span>
              <input className="input" type="number" min={0} value={draft.threshold} onChange={(e) => edit({ threshold: e.target.value })} />
            </label>
          ) : null}
          <label className="mod-field">
            <span>Action</span>
            <select className="input select" value={draft.action} onChange={(e) => edit({ action: e.target.value as RuleAction })}>
              {(Object.keys(RULE_ACTION_LABELS) as RuleAction[]).map((a) => (
                <option key={a} value={a}>
                  {RULE_ACTION_LABELS[a]}
                </option>
              ))}
            </select>
          </label>
          <label className="mod-field mod-field-wide">
            <span>Note</span>
            <input className="input" value={draft.note} maxLength={2000} onChange={(e) => edit({ note: e.target.value })} />
          </label>
          <label className="mod-check-field">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => edit({ enabled: e.target.checked })} /> Enabled
          </label>
        </div>
        {error ? (
          <p className="mod-error" role="alert">
            {error}
          </p>
        ) : null}
        {saved ? <p className="mod-ok" role="status">{saved}</p> : null}
        <div className="mod-form-actions">
          <button type="submit" className="button button-primary">
            {draft.id === null ? 'Create rule' : 'Save rule'}
          </button>
          {draft.id !== null ? (
            <button type="button" className="button button-quiet" onClick={() => setDraft(EMPTY)}>
              New rule instead
            </button>
          ) : null}
        </div>

        <div className="mod-rule-test">
          <label className="mod-field">
            <span>Test against this text</span>
            <textarea className="input" rows={3} maxLength={20000} value={sample} onChange={(e) => setSample(e.target.value)} />
          </label>
          <div className="mod-form-actions">
            <button type="button" className="button" onClick={() => void test()}>
              Test this rule
            </button>
            <button type="button" className="button button-quiet" onClick={() => void testAll()}>
              Test all enabled rules
            </button>
          </div>
          {/* A live region around the list (a list itself may not be a status). */}
          <div role="status" aria-label="Test result">
          <ul className="mod-test-result">
            {(result ?? []).map((row, i) => (
              <li key={i} className={row.matches && row.matches.length > 0 ? 'is-match' : undefined}>
                <strong>{row.label}: </strong>
                {row.error !== null ? (
                  <span className="mod-error">{row.error}</span>
                ) : row.matches!.length === 0 ? (
                  'no match'
                ) : (
                  row.matches!.map((m, j) => (
                    <span key={j}>
                      {j > 0 ? '; ' : ''}matches <bdi>“{m.detail}”</bdi> → {RULE_ACTION_LABELS[m.action]}
                    </span>
                  ))
                )}
              </li>
            ))}
          </ul>
          </div>
        </div>
      </form>
    </section>
  );
}
