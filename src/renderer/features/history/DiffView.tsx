import { useState } from 'react';
import type { DiffPart, FieldDiff } from '../../../shared/revision';

/** Unchanged text longer than this is folded to its edges, so the changes stay in view. */
const FOLD_OVER = 480;
const EDGE = 160;

/** Cuts at a space near `at`, so folded text never ends mid-word. */
function cutAt(text: string, at: number, forward: boolean): number {
  const space = forward ? text.indexOf(' ', at) : text.lastIndexOf(' ', at);
  return space === -1 || Math.abs(space - at) > 40 ? at : space;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** An unchanged run; long ones show their first and last lines around a "show more" button. */
function SameText({ text, first, last }: { text: string; first: boolean; last: boolean }) {
  const [open, setOpen] = useState(false);
  if (open || text.length <= FOLD_OVER) return <span>{text}</span>;
  // Keep only the end that touches a change: the start of a field needs no lead-in.
  const head = first ? 0 : cutAt(text, EDGE, true);
  const tail = last ? text.length : cutAt(text, text.length - EDGE, false);
  const hidden = text.slice(head, tail);
  return (
    <span>
      {text.slice(0, head)}
      <button type="button" className="diff-fold" onClick={() => setOpen(true)}>
        … {countWords(hidden).toLocaleString()} unchanged words …
      </button>
      {text.slice(tail)}
    </span>
  );
}

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="diff-text">
      {parts.map((part, index) =>
        part.kind === 'added' ? (
          <ins key={index}>{part.text}</ins>
        ) : part.kind === 'removed' ? (
          <del key={index}>{part.text}</del>
        ) : (
          <SameText key={index} text={part.text} first={index === 0} last={index === parts.length - 1} />
        ),
      )}
    </p>
  );
}

interface Group {
  title: string;
  fields: FieldDiff[];
}

const GROUP_TITLES: Record<string, string> = { takeaways: 'Key takeaways', questions: 'Follow Up Questions' };

/** Fields in reading order; takeaways and questions are gathered under one heading each. */
export function groupFields(diffs: FieldDiff[]): Group[] {
  const groups: Group[] = [];
  for (const diff of diffs) {
    const area = diff.key.split('.')[0] ?? diff.key;
    const title = GROUP_TITLES[area] ?? diff.label;
    const last = groups.at(-1);
    if (GROUP_TITLES[area] && last?.title === title) last.fields.push(diff);
    else groups.push({ title, fields: [diff] });
  }
  return groups;
}

/** Words added and removed across all fields. */
export function diffStats(diffs: FieldDiff[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffs.flatMap((d) => d.parts)) {
    if (part.kind === 'added') added += countWords(part.text);
    if (part.kind === 'removed') removed += countWords(part.text);
  }
  return { added, removed };
}

/** Word-level changes, field by field, with insertions in <ins> and deletions in <del>. */
export function DiffView({ diffs }: { diffs: FieldDiff[] }) {
  return (
    <div className="diff">
      {groupFields(diffs).map((group) => (
        <section key={`${group.title}:${group.fields[0]?.key ?? ''}`} className="diff-field" data-field={group.fields[0]?.key}>
          <h3 className="diff-field-title">{group.title}</h3>
          {group.fields.length === 1 && group.fields[0]!.label === group.title ? (
            <Parts parts={group.fields[0]!.parts} />
          ) : (
            group.fields.map((field) => (
              <div key={field.key} className="diff-subfield">
                <h4 className="diff-subfield-title">{field.label}</h4>
                <Parts parts={field.parts} />
              </div>
            ))
          )}
        </section>
      ))}
    </div>
  );
}
