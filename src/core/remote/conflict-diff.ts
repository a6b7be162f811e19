import { diffWords } from 'diff';
import { plainText } from '../../shared/lexical/build';
import type { SerializedState } from '../../shared/lexical/schema';
import type { DiffPart, FieldDiff } from '../../shared/revision';

/**
 * Remote (what the target holds) against local (what we tried to send), field by field, as the
 * word diffs the history view renders: removed = only remote has it, added = only ours has it.
 * Site API snapshots carry our own field names; Ghost posts are mapped (title, custom_excerpt,
 * html). Every value is untrusted remote data: read defensively, shown as text only.
 */
export function conflictDiff(remote: Record<string, unknown>, local: Record<string, unknown>): FieldDiff[] {
  const fields: { key: string; label: string; a: string; b: string }[] = [
    { key: 'headline', label: 'Headline', a: str(remote.headline ?? remote.title), b: str(local.headline) },
    { key: 'summary', label: 'Summary', a: str(remote.summary ?? remote.custom_excerpt), b: str(local.summary) },
  ];
  const remoteTakeaways = items(remote.takeaways);
  const localTakeaways = items(local.takeaways);
  for (let i = 0; i < Math.max(remoteTakeaways.length, localTakeaways.length); i++) {
    fields.push({ key: `takeaways.${i + 1}`, label: `Takeaway ${i + 1}`, a: text(remoteTakeaways[i]?.content), b: text(localTakeaways[i]?.content) });
  }
  fields.push({ key: 'body', label: 'Body', a: remote.body !== undefined ? text(remote.body) : htmlText(remote.html), b: text(local.body) });
  const remoteQuestions = items(remote.questions);
  const localQuestions = items(local.questions);
  for (let i = 0; i < Math.max(remoteQuestions.length, localQuestions.length); i++) {
    fields.push({ key: `questions.${i + 1}.question`, label: `Question ${i + 1}`, a: str(remoteQuestions[i]?.question), b: str(localQuestions[i]?.question) });
    fields.push({ key: `questions.${i + 1}.answer`, label: `Answer ${i + 1}`, a: text(remoteQuestions[i]?.answer), b: text(localQuestions[i]?.answer) });
  }
  return fields.filter((f) => f.a !== f.b).map((f) => ({ key: f.key, label: f.label, parts: parts(f.a, f.b) }));
}

function parts(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({ text: c.value, kind: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

/** Lexical JSON (object, or a JSON string as Ghost stores it) to plain text; anything else is empty. */
function text(value: unknown): string {
  let state = value;
  if (typeof state === 'string') {
    try {
      state = JSON.parse(state) as unknown;
    } catch {
      return state as string;
    }
  }
  if (typeof state !== 'object' || state === null || !('root' in state)) return '';
  try {
    return plainText(state as SerializedState);
  } catch {
    return '';
  }
}

/** Ghost's rendered HTML, reduced to its text for comparison (never rendered as HTML). */
function htmlText(value: unknown): string {
  return str(value)
    .replace(/<\/(p|h[1-6]|li|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
