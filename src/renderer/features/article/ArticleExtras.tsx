import type { FollowUpQuestion, Takeaway } from '../../../shared/article';
import { ReadOnlyRichText } from '../../editor/ReadOnlyRichText';

/**
 * Key takeaways and follow-up questions, shown the way the published page lays them out. Read
 * only for now: their editors are a later issue.
 */
export function ArticleExtras({ takeaways, questions, errors }: { takeaways: Takeaway[]; questions: FollowUpQuestion[]; errors?: string[] }) {
  return (
    <>
      <section className="extras" aria-labelledby="takeaways-heading">
        <div className="extras-header">
          <h2 id="takeaways-heading" className="extras-title">
            Key takeaways
          </h2>
          <span className="extras-note">Read only</span>
        </div>
        {takeaways.length === 0 ? (
          <p className="extras-empty">No key takeaways yet.</p>
        ) : (
          <ul className="takeaway-list">
            {takeaways.map((takeaway, index) => (
              <li key={takeaway.id} className="takeaway">
                <ReadOnlyRichText state={takeaway.content} label={`Key takeaway ${index + 1}`} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="extras" aria-labelledby="questions-heading">
        <div className="extras-header">
          <h2 id="questions-heading" className="extras-title">
            Follow Up Questions
          </h2>
          <span className="extras-note">Read only</span>
        </div>
        {questions.length === 0 ? (
          <p className="extras-empty">No follow-up questions yet.</p>
        ) : (
          <div className="question-list">
            {questions.map((item) => (
              <details key={item.id} className="question">
                <summary className="question-summary">
                  <h3 className="question-title">{item.question || 'Untitled question'}</h3>
                </summary>
                <div className="question-answer">
                  <ReadOnlyRichText state={item.answer} label={`Answer: ${item.question || 'Untitled question'}`} />
                </div>
              </details>
            ))}
          </div>
        )}
      </section>
      {errors && errors.length > 0 ? (
        <div className="extras-errors" role="alert">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}
