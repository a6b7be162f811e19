import { main as articlesSave } from './articles-save';
import { main as editor } from './editor';
import { main as render } from './render';
import { main as search } from './search';

/**
 * `npm run bench`: the quick benchmarks in turn (authoring and rendering); each prints its
 * numbers and writes bench/results/<name>.json. The large-corpus ones have their own scripts:
 * bench:publish, bench:moderation, bench:outbox.
 */
export async function main(): Promise<void> {
  articlesSave();
  search();
  await editor();
  render([]);
}
