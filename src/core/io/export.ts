import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Article, ArticleImport } from '../../shared/article';
import { articleToMarkdown } from '../markdown/article-markdown';
import type { Workspace } from '../workspace';
import { writeFileAtomic } from './atomic';

export type ExportFormat = 'json' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'markdown'];

/**
 * The JSON export of one article: every field `copydesk import` reads back, so re-importing gives
 * the same article (same id, so it replaces rather than duplicates). `revision` and `trashedAt`
 * describe this workspace's copy, not the article, and are left out.
 */
export function articleToImportJson(article: Article): ArticleImport {
  const { revision: _revision, trashedAt: _trashedAt, ...fields } = article;
  return fields;
}

/**
 * Writes every article not in the trash to `dir` as `<slug>.json` or `<slug>.md`, each file
 * atomically. Returns the paths written, sorted by slug.
 */
export async function exportArticles(workspace: Workspace, dir: string, format: ExportFormat): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const id of articleIds(workspace)) {
    const article = workspace.articles.get(id);
    const file = join(dir, `${article.slug}.${format === 'json' ? 'json' : 'md'}`);
    const data = format === 'json' ? `${JSON.stringify(articleToImportJson(article), null, 2)}\n` : articleToMarkdown(article);
    await writeFileAtomic(file, data);
    written.push(file);
  }
  return written;
}

/**
 * Every live article id, by slug. ArticleService.list caps results at 1000 and has no paging, and
 * an export must not silently stop there, so this one read goes to the table directly.
 */
function articleIds(workspace: Workspace): string[] {
  const rows = workspace.db.prepare('SELECT id FROM articles WHERE trashed_at IS NULL ORDER BY slug').all() as { id: string }[];
  return rows.map((r) => r.id);
}
