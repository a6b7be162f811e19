import { main as articlesSave } from './articles-save';

/** `npm run bench`: every benchmark in turn; each prints its numbers and writes bench/results. */
export function main(): void {
  articlesSave();
}
