import type { EditorState } from 'lexical';
import { useEffect, useMemo, useRef, useState } from 'react';
import { plainText } from '../../../shared/lexical/build';
import { findPlaceholders } from '../../../shared/text-search';
import { TYPING_PAUSE_MS } from '../../editor/typing-pause';
import type { Draft } from '../article/draft';
import { TAKEAWAYS_MAX, TAKEAWAYS_MIN } from '../takeaways/TakeawaysEditor';
import { collectAll, selectMatch, type FoundMatch } from './findModel';
import { readMatches, type RichMatch } from './lexicalText';
import type { EditorRegistry } from './registry';
import { textFields } from './textFields';

interface Check {
  id: string;
  ok: boolean;
  title: string;
  detail?: string;
}

const noRegistry = { subscribe: () => () => {}, getVersion: () => 0 };

/** Groups placeholder matches by field, keeping page order. */
function byField(matches: FoundMatch[]): { key: string; label: string; matches: FoundMatch[] }[] {
  const groups = new Map<string, { key: string; label: string; matches: FoundMatch[] }>();
  for (const match of matches) {
    const group = groups.get(match.key) ?? { key: match.key, label: match.label, matches: [] };
    group.matches.push(match);
    groups.set(match.key, group);
  }
  return [...groups.values()];
}

function checksFor(draft: Draft): Check[] {
  const count = draft.takeaways.length;
  const unanswered = draft.questions.filter((q) => q.question.trim() === '' || plainText(q.answer).trim() === '').length;
  return [
    { id: 'headline', ok: draft.headline.trim() !== '', title: 'Headline written' },
    { id: 'summary', ok: draft.summary.trim() !== '', title: 'Summary written' },
    { id: 'byline', ok: draft.bylineText.trim() !== '', title: 'Byline filled in' },
    {
      id: 'takeaways',
      ok: count >= TAKEAWAYS_MIN && count <= TAKEAWAYS_MAX,
      title: `${TAKEAWAYS_MIN} to ${TAKEAWAYS_MAX} key takeaways`,
      detail: `${count} now`,
    },
    {
      id: 'questions',
      ok: unanswered === 0,
      title: 'Every follow-up question has an answer',
      detail: unanswered === 0 ? undefined : `${unanswered} to finish`,
    },
  ];
}

const Mark = ({ ok }: { ok: boolean }) => (
  <svg className={`checklist-mark ${ok ? 'is-ok' : 'is-open'}`} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    {ok ? (
      <path d="M5 10.5 8.5 14 15 6.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    ) : (
      <circle cx="10" cy="10" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" />
    )}
  </svg>
);

/**
 * The registry's version once editing pauses: counting placeholders scans every editor, which
 * on a long article costs more than a keystroke may, so the checklist catches up after typing.
 */
function useSettledVersion(store: Pick<EditorRegistry, 'subscribe' | 'getVersion'>, delayMs: number): number {
  const [version, setVersion] = useState(store.getVersion);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = store.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setVersion(store.getVersion()), delayMs);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [store, delayMs]);
  return version;
}

/**
 * What to check before publishing, with "TK" placeholders counted per field; each field's
 * button jumps to its next placeholder (select it, in place).
 */
export function PrePublishChecklist({ draft, registry }: { draft: Draft; registry: EditorRegistry | null }) {
  const store = registry ?? noRegistry;
  const version = useSettledVersion(store, TYPING_PAUSE_MS);
  const cursor = useRef(new Map<string, number>());
  // An editor's placeholders, kept per editor state (states are immutable): when only a text
  // field changed, the long body is not scanned again.
  const scanned = useRef(new WeakMap<EditorState, RichMatch[]>());
  const placeholders = useMemo(
    () =>
      collectAll(textFields(draft), registry, findPlaceholders, ({ editor }) => {
        const state = editor.getEditorState();
        let matches = scanned.current.get(state);
        if (!matches) {
          matches = readMatches(editor, findPlaceholders);
          scanned.current.set(state, matches);
        }
        return matches;
      }),
    // `version` is not read inside but changes whenever an editor's content does.
    [draft, registry, version],
  );
  const groups = byField(placeholders);
  const checks = checksFor(draft);
  const done = checks.filter((c) => c.ok).length + (placeholders.length === 0 ? 1 : 0);
  const total = checks.length + 1;

  const jump = (key: string, matches: FoundMatch[]) => {
    const at = (cursor.current.get(key) ?? -1) + 1;
    const index = at >= matches.length ? 0 : at;
    cursor.current.set(key, index);
    const match = matches[index];
    if (match) selectMatch(match, registry);
  };

  return (
    <section className="extras checklist" aria-labelledby="checklist-heading">
      <div className="extras-header">
        <h2 id="checklist-heading" className="extras-title">
          Pre-publish checklist
        </h2>
        <span className="extras-count">
          {done} of {total} done
        </span>
      </div>
      <ul className="checklist-items">
        {checks.map((check) => (
          <li key={check.id} className={`checklist-item${check.ok ? ' is-ok' : ''}`}>
            <Mark ok={check.ok} />
            <span className="checklist-title">{check.title}</span>
            {check.detail && !check.ok ? <span className="checklist-detail">{check.detail}</span> : null}
            <span className="visually-hidden">{check.ok ? ' — done' : ' — to do'}</span>
          </li>
        ))}
        <li className={`checklist-item${placeholders.length === 0 ? ' is-ok' : ' is-warning'}`}>
          <Mark ok={placeholders.length === 0} />
          <span className="checklist-title">
            {placeholders.length === 0 ? 'No TK placeholders' : `${placeholders.length} TK ${placeholders.length === 1 ? 'placeholder' : 'placeholders'} left`}
          </span>
          {groups.length > 0 ? (
            <ul className="checklist-fields" aria-label="TK placeholders by field">
              {groups.map((group) => (
                <li key={group.key} className="checklist-field">
                  <span className="checklist-field-name">{group.label}</span>
                  <span className="checklist-field-count">{group.matches.length}</span>
                  <button type="button" className="button button-quiet checklist-jump" onClick={() => jump(group.key, group.matches)}>
                    Go to<span className="visually-hidden"> TK in {group.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      </ul>
    </section>
  );
}
