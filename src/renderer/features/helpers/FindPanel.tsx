import { $setSelection } from 'lexical';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { findMatches, preserveCase, type FindOptions, type Replacement } from '../../../shared/text-search';
import type { Draft } from '../article/draft';
import { collectAll, rangeOf, scrollToMatch, selectMatch, type FoundMatch } from './findModel';
import { HIGHLIGHT, setHighlight } from './highlights';
import { $collectMatches, $replaceMatch, type Matcher } from './lexicalText';
import type { EditorRegistry } from './registry';
import { ASK_FIRST_FIELDS, planReplaceAll, replaceAllFields } from './replaceAll';
import { ReplacePlan } from './ReplacePlan';
import { patchTextFields, textFields } from './textFields';
import type { ReplaceAllUndo } from './useReplaceAllUndo';

export type FindMode = 'find' | 'replace';

export interface FindPanelProps {
  mode: FindMode;
  /** Changes each time find is summoned, so the query box takes focus again. */
  summon: number;
  /** Text selected when find was summoned; becomes the query. */
  seed: string;
  draft: Draft;
  registry: EditorRegistry | null;
  readOnly: boolean;
  onPatch(patch: Partial<Draft>): void;
  /** The view's newest draft (after a patch, before React re-renders). */
  currentDraft(): Draft;
  /** Holds the last Replace all so one Undo reverts it everywhere. */
  replaceUndo: ReplaceAllUndo;
  onModeChange(mode: FindMode): void;
  onClose(): void;
}

const noRegistry = { subscribe: () => () => {}, getVersion: () => 0 };

function matchId(found: FoundMatch | undefined): string {
  if (!found) return '';
  return found.kind === 'text' ? `${found.key}:${found.start}` : `${found.key}:${found.match.id}`;
}

/**
 * Find (Ctrl/Cmd+F) and Find & replace (Ctrl+H, ⇧⌘H on a Mac) across every field of the
 * article: the text fields, the body, each takeaway, each question and answer. Focus stays
 * here while stepping through matches (rich-text matches are painted with CSS highlights, a
 * text field with its current match gets a ring); Escape closes and selects the current match.
 *
 * Replacing inside a rich-text editor edits TextNodes in place, so the text around a match
 * keeps its formatting. A match that spans differently formatted pieces ("bo**ld**") takes
 * the formatting of its first piece. With "Preserve case" (on by default) each replacement
 * takes the case pattern of the text it replaces. Replace all first lists the fields it will
 * change (tags only when ticked), and one Undo reverts all of it (useReplaceAllUndo).
 */
export function FindPanel({ mode, summon, seed, draft, registry, readOnly, onPatch, currentDraft, replaceUndo, onModeChange, onClose }: FindPanelProps) {
  const [query, setQuery] = useState(seed);
  const [replacement, setReplacement] = useState('');
  const [options, setOptions] = useState<FindOptions>({ matchCase: false, wholeWord: false });
  const [index, setIndex] = useState(0);
  const [message, setMessage] = useState('');
  const [keepCase, setKeepCase] = useState(true);
  const [planning, setPlanning] = useState(false);
  const [includeAskFirst, setIncludeAskFirst] = useState(false);
  const queryRef = useRef<HTMLInputElement>(null);
  const store = registry ?? noRegistry;
  const version = useSyncExternalStore(store.subscribe, store.getVersion);

  useEffect(() => {
    if (seed) setQuery(seed);
    queryRef.current?.focus();
    queryRef.current?.select();
  }, [summon, seed]);

  const matcher: Matcher = useMemo(() => (text: string) => findMatches(text, query, options), [query, options]);
  const fields = useMemo(() => textFields(draft), [draft]);
  const matches = useMemo(
    () => collectAll(fields, registry, matcher),
    // `version` is not read inside but changes whenever an editor's content does.
    [fields, registry, matcher, version],
  );
  const replacementFor: Replacement = useMemo(() => (keepCase ? (matched: string) => preserveCase(matched, replacement) : replacement), [keepCase, replacement]);
  const plan = useMemo(() => planReplaceAll(matches), [matches]);
  const current = matches.length === 0 ? -1 : Math.min(index, matches.length - 1);
  const currentMatch = matches[current];
  const currentId = matchId(currentMatch);

  // Paint all rich-text matches, and the current one on top.
  useEffect(() => {
    const all: Range[] = [];
    for (const found of matches) {
      const range = rangeOf(found, registry);
      if (range) all.push(range);
    }
    setHighlight(HIGHLIGHT.find, all);
    const range = currentMatch ? rangeOf(currentMatch, registry) : null;
    setHighlight(HIGHLIGHT.findCurrent, range ? [range] : []);
  }, [matches, currentMatch, registry]);
  useEffect(
    () => () => {
      setHighlight(HIGHLIGHT.find, []);
      setHighlight(HIGHLIGHT.findCurrent, []);
    },
    [],
  );

  // A text field cannot paint a range inside itself; ring the field that holds the current match.
  useEffect(() => {
    if (currentMatch?.kind !== 'text') return;
    const element = document.getElementById(currentMatch.elementId);
    element?.setAttribute('data-find-current', '');
    return () => element?.removeAttribute('data-find-current');
  }, [currentMatch]);

  useEffect(() => {
    if (currentMatch) scrollToMatch(currentMatch, registry);
    // Keyed by the match's identity only: not on every edit elsewhere.
  }, [currentId]);

  const step = (delta: 1 | -1) => {
    if (matches.length === 0) return;
    setIndex((current < 0 ? 0 : current + delta + matches.length) % matches.length);
    setMessage('');
  };

  const replaceCurrent = () => {
    if (!currentMatch || readOnly) return;
    if (currentMatch.kind === 'text') {
      const field = fields.find((f) => f.key === currentMatch.key);
      if (!field) return;
      const matched = field.value.slice(currentMatch.start, currentMatch.end);
      const value = field.value.slice(0, currentMatch.start) + (typeof replacementFor === 'string' ? replacementFor : replacementFor(matched)) + field.value.slice(currentMatch.end);
      onPatch(patchTextFields(draft, new Map([[field.key, value]])));
    } else {
      const editor = registry?.get(currentMatch.key)?.editor;
      editor?.update(
        () => {
          const target = $collectMatches(matcher).find((m) => m.id === currentMatch.match.id);
          if (!target) return;
          $setSelection(null);
          $replaceMatch(target, typeof replacementFor === 'string' ? replacementFor : replacementFor(target.text));
        },
        { discrete: true },
      );
    }
    // The next match slides into this position; skip over the replacement if it matches too.
    setIndex(current + findMatches(replacement, query, options).length);
    setMessage('Replaced 1');
    if (matches.length === 1) queryRef.current?.focus();
  };

  const replaceAll = () => {
    setPlanning(false);
    if (readOnly || matches.length === 0) return;
    const skip = includeAskFirst ? new Set<string>() : ASK_FIRST_FIELDS;
    const record = replaceAllFields({ draft, registry, matcher, replacement: replacementFor, skip, onPatch, currentDraft });
    if (record.count > 0) replaceUndo.remember(record);
    // Tags are asked for each time, never carried over to the next Replace all.
    setIncludeAskFirst(false);
    setIndex(0);
    setMessage(`Replaced ${record.count}`);
    // The buttons just pressed are now disabled (nothing left to replace): keep focus in the panel.
    queryRef.current?.focus();
  };

  const close = () => {
    if (currentMatch) selectMatch(currentMatch, registry);
    onClose();
  };

  const onQueryKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    }
  };

  const onReplaceKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) setPlanning(matches.length > 0);
      else replaceCurrent();
    }
  };

  const counter = query === '' ? '' : matches.length === 0 ? 'No results' : `${current + 1} of ${matches.length}`;
  const where = currentMatch ? currentMatch.label : '';

  return (
    <section
      className="find-panel"
      role="search"
      aria-label={mode === 'replace' ? 'Find and replace' : 'Find'}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="find-row">
        <button
          type="button"
          className="icon-button find-mode"
          aria-label="Show replace"
          title="Find and replace (Ctrl+H)"
          aria-expanded={mode === 'replace'}
          onClick={() => onModeChange(mode === 'replace' ? 'find' : 'replace')}
        >
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className={mode === 'replace' ? 'is-open' : ''}>
            <path d="M7.5 5 12.5 10l-5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <div className="find-input-wrap">
          <input
            ref={queryRef}
            className="input find-input"
            aria-label="Find"
            placeholder="Find in article"
            value={query}
            spellCheck={false}
            onChange={(event) => {
              setQuery(event.target.value);
              setIndex(0);
              setMessage('');
            }}
            onKeyDown={onQueryKey}
          />
          <span className="find-count" role="status" aria-live="polite">
            {counter}
          </span>
        </div>
        <button type="button" className="icon-button" aria-label="Previous match" title="Previous (Shift+Enter)" disabled={matches.length === 0} onClick={() => step(-1)}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M5 12.5 10 7.5l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <button type="button" className="icon-button" aria-label="Next match" title="Next (Enter)" disabled={matches.length === 0} onClick={() => step(1)}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M5 7.5 10 12.5l5-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        <button type="button" className="icon-button" aria-label="Close find" title="Close (Esc)" onClick={close}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M6 6l8 8M14 6l-8 8" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {mode === 'replace' ? (
        <div className="find-row find-replace-row">
          <input
            className="input find-input"
            aria-label="Replace with"
            placeholder="Replace with"
            value={replacement}
            spellCheck={false}
            readOnly={readOnly}
            onChange={(event) => setReplacement(event.target.value)}
            onKeyDown={onReplaceKey}
          />
          <button type="button" className="button" disabled={readOnly || !currentMatch} onClick={replaceCurrent}>
            Replace
          </button>
          <button type="button" className="button" disabled={readOnly || matches.length === 0} aria-expanded={planning} onClick={() => setPlanning(true)}>
            Replace all
          </button>
        </div>
      ) : null}
      {mode === 'replace' && planning && plan.length > 0 ? (
        <ReplacePlan
          fields={plan}
          includeAskFirst={includeAskFirst}
          onIncludeAskFirst={setIncludeAskFirst}
          onConfirm={replaceAll}
          onCancel={() => {
            setPlanning(false);
            queryRef.current?.focus();
          }}
        />
      ) : null}
      <div className="find-row find-options">
        <label className="find-option">
          <input type="checkbox" checked={options.matchCase} onChange={(event) => setOptions({ ...options, matchCase: event.target.checked })} />
          Match case
        </label>
        <label className="find-option">
          <input type="checkbox" checked={options.wholeWord} onChange={(event) => setOptions({ ...options, wholeWord: event.target.checked })} />
          Whole word
        </label>
        {mode === 'replace' ? (
          <label className="find-option">
            <input type="checkbox" checked={keepCase} onChange={(event) => setKeepCase(event.target.checked)} />
            Preserve case
          </label>
        ) : null}
        <span className="find-where" aria-live="polite">
          {message || (where ? `In ${where}` : '')}
        </span>
        {message && replaceUndo.record ? (
          <button
            type="button"
            className="button button-quiet find-undo"
            title="Undo the whole replace (Ctrl+Z)"
            onClick={() => {
              if (replaceUndo.undo()) setMessage('Replace undone');
              queryRef.current?.focus();
            }}
          >
            Undo
          </button>
        ) : null}
      </div>
    </section>
  );
}
