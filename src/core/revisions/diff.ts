import { diffWords } from 'diff';
import { STATUS_LABELS, type ArticleFields } from '../../shared/article';
import { plainText } from '../../shared/lexical/build';
import type { DiffPart, FieldDiff } from '../../shared/revision';

function parts(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({ text: c.value, kind: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

/** Aligns list items by id so a reordered or edited item diffs against itself, not its neighbour. */
function byId<T extends { id: string }>(before: T[], after: T[]): { id: string; a: T | undefined; b: T | undefined; n: number }[] {
  const ids = [...after.map((x) => x.id), ...before.map((x) => x.id).filter((id) => !after.some((x) => x.id === id))];
  return ids.map((id) => {
    const b = after.find((x) => x.id === id);
    const a = before.find((x) => x.id === id);
    const n = (b ? after.indexOf(b) : before.indexOf(a!)) + 1;
    return { id, a, b, n };
  });
}

/**
 * Word-level differences across every field of two versions of an article, in reading order.
 * Only fields that changed are returned.
 */
export function diffArticles(before: ArticleFields, after: ArticleFields): FieldDiff[] {
  const fields: { key: string; label: string; a: string; b: string }[] = [
    { key: 'section', label: 'Section', a: before.section, b: after.section },
    { key: 'headline', label: 'Headline', a: before.headline, b: after.headline },
    { key: 'summary', label: 'Summary', a: before.summary, b: after.summary },
    { key: 'byline', label: 'Byline', a: before.byline.join(', '), b: after.byline.join(', ') },
    { key: 'tags', label: 'Tags', a: before.tags.join(', '), b: after.tags.join(', ') },
    { key: 'slug', label: 'Slug', a: before.slug, b: after.slug },
    { key: 'status', label: 'Status', a: STATUS_LABELS[before.status], b: STATUS_LABELS[after.status] },
  ];
  for (const { id, a, b, n } of byId(before.takeaways, after.takeaways)) {
    fields.push({ key: `takeaways.${id}`, label: `Takeaway ${n}`, a: a ? plainText(a.content) : '', b: b ? plainText(b.content) : '' });
  }
  fields.push({ key: 'body', label: 'Body', a: plainText(before.body), b: plainText(after.body) });
  for (const { id, a, b, n } of byId(before.questions, after.questions)) {
    fields.push({ key: `questions.${id}.question`, label: `Question ${n}`, a: a?.question ?? '', b: b?.question ?? '' });
    fields.push({ key: `questions.${id}.answer`, label: `Answer ${n}`, a: a ? plainText(a.answer) : '', b: b ? plainText(b.answer) : '' });
  }
  return fields.filter((f) => f.a !== f.b).map((f) => ({ key: f.key, label: f.label, parts: parts(f.a, f.b) }));
}
