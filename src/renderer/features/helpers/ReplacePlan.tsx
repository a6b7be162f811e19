import { useId } from 'react';
import { ASK_FIRST_FIELDS, type PlannedField } from './replaceAll';

export interface ReplacePlanProps {
  fields: readonly PlannedField[];
  includeAskFirst: boolean;
  onIncludeAskFirst(include: boolean): void;
  onConfirm(): void;
  onCancel(): void;
}

const matchesLabel = (count: number) => (count === 1 ? '1 match' : `${count} matches`);

/**
 * What Replace all is about to change, shown before anything changes: each field and how many
 * matches it holds. Tags are listed apart and left alone unless the writer ticks them.
 */
export function ReplacePlan({ fields, includeAskFirst, onIncludeAskFirst, onConfirm, onCancel }: ReplacePlanProps) {
  const titleId = useId();
  const prose = fields.filter((field) => !ASK_FIRST_FIELDS.has(field.key));
  const askFirst = fields.filter((field) => ASK_FIRST_FIELDS.has(field.key));
  const total = [...prose, ...(includeAskFirst ? askFirst : [])].reduce((sum, field) => sum + field.count, 0);
  return (
    <div className="find-plan" role="group" aria-labelledby={titleId}>
      <p className="find-plan-title" id={titleId}>
        {total === 0 ? 'Nothing to replace outside the tags.' : `Replace ${matchesLabel(total)} in:`}
      </p>
      {prose.length > 0 ? (
        <ul className="find-plan-fields" aria-label="Fields to change">
          {prose.map((field) => (
            <li key={field.key}>
              {field.label} <span className="find-plan-count">({field.count})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {askFirst.map((field) => (
        <label key={field.key} className="find-option">
          <input type="checkbox" checked={includeAskFirst} onChange={(event) => onIncludeAskFirst(event.target.checked)} />
          Also replace in {field.label} ({field.count})
        </label>
      ))}
      <div className="find-plan-actions">
        <button type="button" className="button button-primary" disabled={total === 0} onClick={onConfirm}>
          {total === 0 ? 'Replace' : `Replace ${matchesLabel(total)}`}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
