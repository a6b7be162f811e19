import { articleWordCount, readingMinutes } from '../../../shared/words';
import type { Draft } from '../article/draft';

const numbers = new Intl.NumberFormat('en');

/** "1,204 words · 5 min read": what a reader reads (body, takeaways, answers). */
export function articleStats(draft: Pick<Draft, 'body' | 'takeaways' | 'questions'>): { words: number; minutes: number; label: string } {
  const words = articleWordCount(draft);
  const minutes = readingMinutes(words);
  const label = words === 0 ? 'No words yet' : `${numbers.format(words)} ${words === 1 ? 'word' : 'words'} · ${minutes} min read`;
  return { words, minutes, label };
}
