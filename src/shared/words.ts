import type { ArticleFields } from './article';
import { plainText } from './lexical/build';

/** Words as a reader counts them: runs of letters or digits, apostrophes and hyphens inside. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** The words a reader reads: body, takeaways and answers (not metadata). */
export function articleWordCount(article: Pick<ArticleFields, 'body' | 'takeaways' | 'questions'>): number {
  let words = countWords(plainText(article.body));
  for (const t of article.takeaways) words += countWords(plainText(t.content));
  for (const q of article.questions) words += countWords(plainText(q.answer));
  return words;
}

/** Reading time in whole minutes at 230 words a minute (at least one for any text). */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}
