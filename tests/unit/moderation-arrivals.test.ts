import { describe, expect, it } from 'vitest';
import { newArrivals } from '../../src/renderer/features/moderation/arrivals';
import type { QueueItem } from '../../src/shared/moderation';

const item = (id: number) => ({ comment: { id } }) as unknown as QueueItem;
const ids = (items: QueueItem[]) => items.map((i) => i.comment.id);

describe('queue arrivals: what a refetched first page adds to the list on screen', () => {
  it('counts new comments within the shown range, not the ones the refetch reaches past it', () => {
    // Shown: 10, 9, 8 (newest first) and the queue has more. The moderator approved 9 meanwhile.
    const shown = [item(10), item(8)];
    // Refetch: 12 and 11 arrived; 7 is simply the next comment past the list, not an arrival.
    expect(ids(newArrivals(shown, [item(12), item(11), item(10), item(8), item(7)], false))).toEqual([12, 11]);
  });

  it('when the whole queue is shown, a comment sorted after the last one is an arrival too', () => {
    expect(ids(newArrivals([item(1), item(2)], [item(1), item(2), item(3)], true))).toEqual([3]);
    expect(ids(newArrivals([item(1), item(2)], [item(1), item(2), item(3)], false))).toEqual([]);
  });

  it('nothing new, or only removals, is no arrival', () => {
    expect(newArrivals([item(3), item(2), item(1)], [item(3), item(1)], true)).toEqual([]);
  });
});
