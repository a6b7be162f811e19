import { main as articlesSave } from './articles-save';
import { main as search } from './search';

/** `npm run bench`: every benchmark in turn; each prints its numbers and writes bench/results. */
export function main(): void {
  articlesSave();
  search();
}
