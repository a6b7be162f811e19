import { $getRoot, $setSelection, type LexicalEditor } from 'lexical';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { flushSync } from 'react-dom';
import type { Takeaway } from '../../../shared/article';
import type { SerializedNode } from '../../../shared/lexical/schema';
import { $appendParagraphContent, newTakeaway } from './takeawayContent';
import { TakeawayItem, type TakeawayActions } from './TakeawayItem';
import './takeaways.css';

/** The published page reads best with this many takeaways; outside it the editor shows a hint. */
export const TAKEAWAYS_MIN = 3;
export const TAKEAWAYS_MAX = 7;

export interface TakeawaysEditorProps {
  takeaways: Takeaway[];
  readOnly: boolean;
  /** Applies a change to the latest list (several editors may report in the same tick). */
  onChange(update: (current: Takeaway[]) => Takeaway[]): void;
  errors?: string[];
}

type FocusRequest = { id: string; at: 'start' | 'end' | 'keep' } | { id: 'add-button' };

const DRAG_TYPE = 'application/x-copydesk-takeaway';

function move<T>(items: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Puts the caret in a takeaway editor: at its start, its end, or where it last was. */
function focusEditor(editor: LexicalEditor, at: 'start' | 'end' | 'keep'): void {
  if (at !== 'keep') {
    editor.update(() => {
      const root = $getRoot();
      $setSelection(null);
      if (at === 'start') root.selectStart();
      else root.selectEnd();
    });
  }
  editor.focus();
}

function hintFor(count: number): string | null {
  if (count < TAKEAWAYS_MIN) return `Aim for ${TAKEAWAYS_MIN} to ${TAKEAWAYS_MAX} key takeaways — ${count === 0 ? 'none yet' : `${count} so far`}.`;
  if (count > TAKEAWAYS_MAX) return `Aim for ${TAKEAWAYS_MIN} to ${TAKEAWAYS_MAX} key takeaways — ${count} is a lot to scan.`;
  return null;
}

/**
 * Key takeaways as an editable bullet list: each takeaway is its own one-paragraph editor, and
 * Enter, Backspace and Alt+arrows move between them the way a list in a doc does. Memoized:
 * typing in the body or a field does not re-render the takeaways (keep `onChange` stable).
 */
export const TakeawaysEditor = memo(function TakeawaysEditor({ takeaways, readOnly, onChange, errors }: TakeawaysEditorProps) {
  const editors = useRef(new Map<string, LexicalEditor>());
  const pendingFocus = useRef<FocusRequest | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const latest = useRef(takeaways);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ id: string; position: 'before' | 'after' } | null>(null);

  useEffect(() => {
    latest.current = takeaways;
    const request = pendingFocus.current;
    if (!request) return;
    if (request.id === 'add-button') {
      pendingFocus.current = null;
      addButton.current?.focus();
      return;
    }
    const editor = editors.current.get(request.id);
    // A new takeaway's editor may register after this effect: then onEditor takes the focus over.
    if (!editor) return;
    pendingFocus.current = null;
    if ('at' in request) focusEditor(editor, request.at);
  });

  const onEditor = useCallback((id: string, editor: LexicalEditor | null) => {
    if (!editor) {
      editors.current.delete(id);
      return;
    }
    editors.current.set(id, editor);
    const request = pendingFocus.current;
    if (request?.id === id && 'at' in request) {
      pendingFocus.current = null;
      focusEditor(editor, request.at);
    }
  }, []);

  const actions: TakeawayActions = useMemo(() => {
    /**
     * Structural changes render at once (after the key handler's Lexical update), so focus is
     * in the new or neighbouring takeaway before the next keystroke is handled: a fast typist's
     * "Enter, then type" must not land in the old one.
     */
    const now = (update: (current: Takeaway[]) => Takeaway[]) => queueMicrotask(() => flushSync(() => onChange(update)));
    const indexOf = (id: string) => latest.current.findIndex((t) => t.id === id);
    return {
      change: (id, content) => onChange((current) => current.map((t) => (t.id === id ? { ...t, content } : t))),
      split: (id, tail: SerializedNode) => {
        const created = newTakeaway(tail);
        pendingFocus.current = { id: created.id, at: 'start' };
        now((current) => {
          const at = current.findIndex((t) => t.id === id);
          return [...current.slice(0, at + 1), created, ...current.slice(at + 1)];
        });
      },
      removeEmpty: (id) => {
        const index = indexOf(id);
        const list = latest.current;
        const previous = list[index - 1];
        const next = list[index + 1];
        pendingFocus.current = previous ? { id: previous.id, at: 'end' } : next ? { id: next.id, at: 'start' } : { id: 'add-button' };
        now((current) => current.filter((t) => t.id !== id));
      },
      mergeIntoPrevious: (id, paragraph) => {
        const index = indexOf(id);
        const previous = latest.current[index - 1];
        const editor = previous ? editors.current.get(previous.id) : undefined;
        if (!previous || !editor) return false;
        // Called from inside this takeaway's key handling (a Lexical update): edit the other
        // editor once that update has finished.
        queueMicrotask(() => {
          editor.update(() => $appendParagraphContent(paragraph), { discrete: true });
          pendingFocus.current = { id: previous.id, at: 'keep' };
          flushSync(() => onChange((current) => current.filter((t) => t.id !== id)));
        });
        return true;
      },
      move: (id, delta) => {
        const index = indexOf(id);
        const target = index + delta;
        if (index < 0 || target < 0 || target >= latest.current.length) return;
        pendingFocus.current = { id, at: 'keep' };
        now((current) => move(current, current.findIndex((t) => t.id === id), target));
      },
      remove: (id) => {
        const index = indexOf(id);
        const list = latest.current;
        const neighbour = list[index + 1] ?? list[index - 1];
        pendingFocus.current = neighbour ? { id: neighbour.id, at: 'end' } : { id: 'add-button' };
        now((current) => current.filter((t) => t.id !== id));
      },
    };
  }, [onChange]);

  const add = () => {
    const created = newTakeaway();
    pendingFocus.current = { id: created.id, at: 'start' };
    flushSync(() => onChange((current) => [...current, created]));
  };

  const onDragStart = (event: DragEvent<HTMLElement>, id: string) => {
    event.dataTransfer.setData(DRAG_TYPE, id);
    event.dataTransfer.effectAllowed = 'move';
    const item = (event.currentTarget as HTMLElement).closest('li');
    if (item) event.dataTransfer.setDragImage(item, 16, 16);
    setDragId(id);
  };

  const dropPropsFor = (id: string) => ({
    onDragOver: (event: DragEvent<HTMLLIElement>) => {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return; // text dragged into an editor
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      const box = event.currentTarget.getBoundingClientRect();
      const position = event.clientY < box.top + box.height / 2 ? 'before' : 'after';
      if (drop?.id !== id || drop.position !== position) setDrop({ id, position });
    },
    onDrop: (event: DragEvent<HTMLLIElement>) => {
      const dragged = event.dataTransfer.getData(DRAG_TYPE);
      if (!dragged) return;
      event.preventDefault();
      const position = drop?.id === id ? drop.position : 'after';
      setDrop(null);
      setDragId(null);
      if (dragged === id) return;
      onChange((current) => {
        const without = current.filter((t) => t.id !== dragged);
        const moved = current.find((t) => t.id === dragged);
        const at = without.findIndex((t) => t.id === id);
        if (!moved || at < 0) return current;
        return [...without.slice(0, position === 'before' ? at : at + 1), moved, ...without.slice(position === 'before' ? at : at + 1)];
      });
    },
  });

  const hint = hintFor(takeaways.length);

  return (
    <section className="extras takeaways" aria-labelledby="takeaways-heading">
      <div className="extras-header">
        <h2 id="takeaways-heading" className="extras-title">
          Key takeaways
        </h2>
        <span className="extras-count" aria-hidden="true">
          {takeaways.length}
        </span>
      </div>
      {takeaways.length === 0 ? <p className="extras-empty">The few facts a reader should leave with, one per line.</p> : null}
      <ol className="takeaway-items" aria-label="Key takeaways">
        {takeaways.map((takeaway, index) => (
          <TakeawayItem
            key={takeaway.id}
            takeaway={takeaway}
            index={index}
            readOnly={readOnly}
            actions={actions}
            onEditor={onEditor}
            dropProps={dropPropsFor(takeaway.id)}
            dropPosition={drop?.id === takeaway.id && dragId !== takeaway.id ? drop.position : null}
            dragging={dragId === takeaway.id}
            onDragStart={onDragStart}
            onDragEnd={() => {
              setDragId(null);
              setDrop(null);
            }}
          />
        ))}
      </ol>
      <div className="extras-footer">
        {readOnly ? null : (
          <button ref={addButton} type="button" className="button button-quiet extras-add" onClick={add}>
            <span className="button-icon" aria-hidden="true">
              +
            </span>
            Add takeaway
          </button>
        )}
        <p className="extras-hint" role="note" aria-live="polite">
          {hint}
        </p>
      </div>
      {errors && errors.length > 0 ? (
        <div className="extras-errors" role="alert">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </section>
  );
});
