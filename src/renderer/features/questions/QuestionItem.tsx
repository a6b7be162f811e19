import type { EditorState } from 'lexical';
import { memo, useCallback, useEffect, useRef } from 'react';
import type { FollowUpQuestion } from '../../../shared/article';
import type { SerializedState } from '../../../shared/lexical/schema';
import { BodyEditor } from '../../editor/BodyEditor';
import { editorStateJSON } from '../../editor/content-changes';
import { useEditorRegistry, useRegisterEditorById } from '../helpers/registry';

export interface QuestionItemProps {
  item: FollowUpQuestion;
  index: number;
  count: number;
  expanded: boolean;
  readOnly: boolean;
  onToggle(id: string, expanded?: boolean): void;
  onQuestion(id: string, question: string): void;
  onAnswer(id: string, answer: SerializedState): void;
  onMove(id: string, delta: -1 | 1): void;
  onRemove(id: string): void;
}

/** DOM ids of an item's controls, so the list can put focus back after a move or undo. */
export const questionIds = (id: string) => ({
  toggle: `question-${id}-toggle`,
  panel: `question-${id}-panel`,
  text: `question-${id}-text`,
  answer: `answer-${id}`,
  up: `question-${id}-up`,
  down: `question-${id}-down`,
});

const Chevron = () => (
  <svg className="question-chevron" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <path d="M7 4.5 12.5 10 7 15.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

/**
 * One follow-up question, laid out as the published page shows it: the question is the title
 * of a disclosure, the answer (a full rich-text editor) sits inside. Collapsed items keep their
 * editor mounted, so find and replace still reaches the answer.
 */
export const QuestionItem = memo(function QuestionItem({ item, index, count, expanded, readOnly, onToggle, onQuestion, onAnswer, onMove, onRemove }: QuestionItemProps) {
  const ids = questionIds(item.id);
  const registry = useEditorRegistry();
  const title = item.question.trim() || 'Untitled question';

  useRegisterEditorById(ids.answer, `answer:${item.id}`, `Answer ${index + 1}`, [7, index, 1]);

  useEffect(() => {
    if (!registry) return;
    const reveal = () => onToggle(item.id, true);
    const stopQuestion = registry.setRevealer(`question:${item.id}`, reveal);
    const stopAnswer = registry.setRevealer(`answer:${item.id}`, reveal);
    return () => {
      stopQuestion();
      stopAnswer();
    };
  }, [registry, item.id, onToggle]);

  // Stable, so the memoized answer editor does not re-render with the item; BodyEditor reports
  // only real content changes, and an answer is short enough to serialize on each.
  const latest = useRef({ id: item.id, onAnswer });
  useEffect(() => {
    latest.current = { id: item.id, onAnswer };
  });
  const changeAnswer = useCallback((state: EditorState) => latest.current.onAnswer(latest.current.id, editorStateJSON(state)), []);

  return (
    <li className={`question-item${expanded ? ' is-expanded' : ''}`}>
      <div className="question-head">
        <button
          type="button"
          id={ids.toggle}
          className="question-toggle"
          aria-expanded={expanded}
          aria-controls={ids.panel}
          onClick={() => onToggle(item.id)}
        >
          <Chevron />
          <span className={`question-toggle-title${item.question.trim() ? '' : ' is-untitled'}`}>{title}</span>
        </button>
        {readOnly ? null : (
          <div className="question-actions">
            <button
              type="button"
              id={ids.up}
              className="icon-button"
              aria-label={`Move up: ${title}`}
              title="Move up"
              disabled={index === 0}
              onClick={() => onMove(item.id, -1)}
            >
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M10 15V5M5.5 9.5 10 5l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </button>
            <button
              type="button"
              id={ids.down}
              className="icon-button"
              aria-label={`Move down: ${title}`}
              title="Move down"
              disabled={index === count - 1}
              onClick={() => onMove(item.id, 1)}
            >
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M10 5v10M5.5 10.5 10 15l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </button>
            <button type="button" className="icon-button icon-button-danger" aria-label={`Remove question: ${title}`} title="Remove question" onClick={() => onRemove(item.id)}>
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path
                  d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 9.5h6.6L14 6"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.6"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
          </div>
        )}
      </div>
      <div id={ids.panel} className="question-panel" role="group" aria-labelledby={ids.toggle} hidden={!expanded}>
        <div className="field">
          <label className="field-label" htmlFor={ids.text}>
            Question
          </label>
          <input
            id={ids.text}
            className="input question-input"
            value={item.question}
            maxLength={500}
            placeholder="What would a reader ask next?"
            readOnly={readOnly}
            autoComplete="off"
            onChange={(event) => onQuestion(item.id, event.target.value)}
          />
        </div>
        <div className="field question-answer-field">
          <span className="field-label" aria-hidden="true">
            Answer
          </span>
          <BodyEditor
            initial={item.answer}
            readOnly={readOnly}
            onChange={changeAnswer}
            label="Answer"
            id={ids.answer}
            namespace="copydesk-answer"
            placeholder="Answer it in a few short paragraphs…"
          />
        </div>
      </div>
    </li>
  );
});
