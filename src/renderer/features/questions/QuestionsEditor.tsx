import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { FollowUpQuestion } from '../../../shared/article';
import type { SerializedState } from '../../../shared/lexical/schema';
import { emptyDoc } from '../../../shared/lexical/build';
import { QuestionItem, questionIds } from './QuestionItem';
import './questions.css';

export interface QuestionsEditorProps {
  questions: FollowUpQuestion[];
  readOnly: boolean;
  /** Applies a change to the latest list (several editors may report in the same tick). */
  onChange(update: (current: FollowUpQuestion[]) => FollowUpQuestion[]): void;
  errors?: string[];
}

/** How long "Question removed — Undo" stays up. */
const UNDO_MS = 8000;

export function newQuestionId(): string {
  return `q-${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/**
 * Follow-up questions: an ordered list of question + rich answer, each collapsing like the
 * published page's "Expand" disclosure. Removing one can be undone for a few seconds.
 * Memoized, with stable callbacks for its items: typing elsewhere in the article re-renders
 * neither the list nor its answer editors.
 */
export const QuestionsEditor = memo(function QuestionsEditor({ questions, readOnly, onChange, errors }: QuestionsEditorProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [removed, setRemoved] = useState<{ item: FollowUpQuestion; index: number } | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const latest = useRef(questions);

  useEffect(() => {
    latest.current = questions;
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    (target === 'add-button' ? addButton.current : document.getElementById(target))?.focus();
  });

  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(() => setRemoved(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [removed]);

  const toggle = useCallback((id: string, open?: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const add = () => {
    const item: FollowUpQuestion = { id: newQuestionId(), question: '', answer: emptyDoc() };
    pendingFocus.current = questionIds(item.id).text;
    // Rendered at once, so typing right after the click lands in the new question.
    flushSync(() => {
      toggle(item.id, true);
      onChange((current) => [...current, item]);
    });
  };

  const changeQuestion = useCallback(
    (id: string, question: string) => onChange((current) => current.map((q) => (q.id === id ? { ...q, question } : q))),
    [onChange],
  );
  const changeAnswer = useCallback(
    (id: string, answer: SerializedState) => onChange((current) => current.map((q) => (q.id === id ? { ...q, answer } : q))),
    [onChange],
  );

  const move = useCallback((id: string, delta: -1 | 1) => {
    const from = latest.current.findIndex((q) => q.id === id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= latest.current.length) return;
    // Keep focus on the button pressed, unless the move disabled it (now first or last).
    const ids = questionIds(id);
    const atEdge = to === 0 || to === latest.current.length - 1;
    pendingFocus.current = atEdge ? (delta < 0 ? ids.down : ids.up) : delta < 0 ? ids.up : ids.down;
    onChange((current) => {
      const next = [...current];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    });
  }, [onChange]);

  const remove = useCallback((id: string) => {
    const index = latest.current.findIndex((q) => q.id === id);
    const item = latest.current[index];
    if (!item) return;
    const neighbour = latest.current[index + 1] ?? latest.current[index - 1];
    pendingFocus.current = neighbour ? questionIds(neighbour.id).toggle : 'add-button';
    setRemoved({ item, index });
    onChange((current) => current.filter((q) => q.id !== id));
  }, [onChange]);

  const undo = () => {
    if (!removed) return;
    const { item, index } = removed;
    setRemoved(null);
    pendingFocus.current = questionIds(item.id).toggle;
    onChange((current) => (current.some((q) => q.id === item.id) ? current : [...current.slice(0, index), item, ...current.slice(index)]));
  };

  return (
    <section className="extras questions" aria-labelledby="questions-heading">
      <div className="extras-header">
        <h2 id="questions-heading" className="extras-title">
          Follow-up questions
        </h2>
        <span className="extras-count" aria-hidden="true">
          {questions.length}
        </span>
      </div>
      {questions.length === 0 ? <p className="extras-empty">Questions a curious reader would ask next, each with a short answer.</p> : null}
      <ol className="question-items" aria-label="Follow-up questions">
        {questions.map((item, index) => (
          <QuestionItem
            key={item.id}
            item={item}
            index={index}
            count={questions.length}
            expanded={expanded.has(item.id)}
            readOnly={readOnly}
            onToggle={toggle}
            onQuestion={changeQuestion}
            onAnswer={changeAnswer}
            onMove={move}
            onRemove={remove}
          />
        ))}
      </ol>
      {readOnly ? null : (
        <div className="extras-footer">
          <button ref={addButton} type="button" className="button button-quiet extras-add" onClick={add}>
            <span className="button-icon" aria-hidden="true">
              +
            </span>
            Add question
          </button>
        </div>
      )}
      {errors && errors.length > 0 ? (
        <div className="extras-errors" role="alert">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <div className="toast-region" role="status" aria-live="polite">
        {removed ? (
          <div className="toast">
            <span>Question removed</span>
            <button type="button" className="toast-action" onClick={undo}>
              Undo
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
});
