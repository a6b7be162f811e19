import type { RevisionSummary } from '../../../shared/revision';
import { fullTime } from '../library/relativeTime';

export const REASON_LABELS: Record<RevisionSummary['reason'], string> = {
  edit: 'Edited',
  status: 'Status changed',
  publish: 'Published',
  manual: 'Saved version',
  restore: 'Restored',
};

const MINUS = '\u2212';

/** "+12 words", "−3 words", "+1 word", "No change in length". */
export function wordDeltaLabel(delta: number): string {
  if (delta === 0) return 'No change in length';
  const size = Math.abs(delta);
  return `${delta > 0 ? '+' : MINUS}${size.toLocaleString()} ${size === 1 ? 'word' : 'words'}`;
}

const RESTORED_FROM = /^Restored version from (.+)$/;

/**
 * The line under a revision's time. Core labels restores with an ISO timestamp; that is shown
 * as a readable date. A person's own label is shown as typed (React escapes it).
 */
export function revisionTitle(revision: RevisionSummary): string {
  const restored = RESTORED_FROM.exec(revision.label);
  if (revision.reason === 'restore' && restored) {
    const when = fullTime(restored[1] ?? '');
    return when ? `Restored the version from ${when}` : revision.label;
  }
  return revision.label || REASON_LABELS[revision.reason];
}

/** Absolute time for the list: "Today, 10:42", "Yesterday, 18:05", "Mar 4, 09:12", "Mar 4, 2024, 09:12". */
export function versionTime(iso: string, now: number = Date.now(), locale?: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const date = new Date(then);
  const today = new Date(now);
  const time = date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (then >= startOfToday) return `Today, ${time}`;
  if (then >= startOfToday - 24 * 60 * 60 * 1000) return `Yesterday, ${time}`;
  const sameYear = date.getFullYear() === today.getFullYear();
  const day = date.toLocaleDateString(locale, sameYear ? { month: 'short', day: 'numeric' } : { month: 'short', day: 'numeric', year: 'numeric' });
  return `${day}, ${time}`;
}
