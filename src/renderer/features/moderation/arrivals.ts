import type { QueueItem } from '../../../shared/moderation';

/** The items of a refetched first page that are new and fall within the range the list shows. */
export function newArrivals(shown: readonly QueueItem[], fresh: readonly QueueItem[], shownAll: boolean): QueueItem[] {
  const have = new Set(shown.map((i) => i.comment.id));
  let end = fresh.length;
  if (!shownAll) {
    // Past the last comment the list already shows, the refetch only reaches further into the queue.
    end = 0;
    fresh.forEach((item, i) => {
      if (have.has(item.comment.id)) end = i + 1;
    });
  }
  return fresh.slice(0, end).filter((i) => !have.has(i.comment.id));
}
