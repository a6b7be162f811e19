import { extname } from 'node:path';
import { z } from 'zod';
import { ArticleImportFileSchema, ArticleImportSchema, type ArticleImport } from '../../shared/article';
import { CopydeskError } from '../../shared/errors';
import { parseArticleMarkdown } from '../markdown/article-markdown';
import type { ImportOptions } from '../articles/service';
import type { Workspace } from '../workspace';
import { formatPath, ImportFileError, importFailure } from './import-error';
import { findJsonSyntaxProblem } from './json-syntax';
import { readTextFile } from './text-file';

export interface ImportedArticle {
  id: string;
  slug: string;
  headline: string;
  /** False when the file updated an article that was already in the workspace. */
  created: boolean;
}

export type FileImportReport =
  | { file: string; ok: true; articles: ImportedArticle[] }
  | { file: string; ok: false; error: ImportFileError };

const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown']);

/**
 * Imports each file on its own: a file is all-or-nothing (one transaction), and a bad file does
 * not stop the next one. The report has one entry per file, in order.
 */
export async function importFiles(workspace: Workspace, files: string[], options: ImportOptions = {}): Promise<FileImportReport[]> {
  const reports: FileImportReport[] = [];
  for (const file of files) {
    try {
      const items = await readArticles(file);
      if (!options.asNew) refuseDuplicateIds(items, file);
      const saved = importWithLocation(workspace, items, file, options);
      reports.push({
        file,
        ok: true,
        articles: saved.map(({ article: a, created }) => ({ id: a.id, slug: a.slug, headline: a.headline, created })),
      });
    } catch (error) {
      reports.push({ file, ok: false, error: importFailure(file, error) });
    }
  }
  return reports;
}

/**
 * Two entries with one id would be one article, the second silently replacing the first: refuse
 * the file, naming both entries by their place and headline.
 */
function refuseDuplicateIds(file: ParsedFile, name: string): void {
  const seen = new Map<string, number>();
  file.articles.forEach((article, index) => {
    if (!article.id) return;
    const first = seen.get(article.id);
    if (first === undefined) {
      seen.set(article.id, index);
      return;
    }
    const entry = (i: number) => `${file.entryName(i)} ("${file.articles[i]!.headline.slice(0, 80)}")`;
    throw new ImportFileError(name, `${entry(first)} and ${entry(index)} have the same id "${article.id}"; each article in a file needs its own id`, {
      ...file.locate(index, ['id']),
    });
  });
}

/** A parsed file: its articles, and where each came from for error messages. */
interface ParsedFile {
  articles: ArticleImport[];
  /** How a person finds entry `index` in the file, e.g. `articles[2]`. */
  entryName(index: number): string;
  /** Builds the location of a problem in article `index` at `path` (e.g. `slug`). */
  locate(index: number, path: readonly (string | number)[]): { line?: number; path?: string };
}

async function readArticles(file: string): Promise<ParsedFile> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && !MARKDOWN_EXTENSIONS.has(ext)) {
    throw new ImportFileError(file, 'unsupported file type; use .json, .md or .markdown');
  }
  const text = await readTextFile(file);
  return ext === '.json' ? parseJsonFile(text, file) : parseMarkdownFile(text, file);
}

function parseMarkdownFile(text: string, file: string): ParsedFile {
  const article = parseArticleMarkdown(text, file);
  return {
    articles: [article],
    entryName: () => 'the article',
    locate: (_index, path) => {
      // The only problems left after parsing are database ones (a slug in use): point at the key.
      const key = path[0] === 'headline' ? 'title' : String(path[0] ?? '');
      return { path: key, line: lineOfKey(text, key) };
    },
  };
}

/** The line of a top-level front matter key, for the few errors found after parsing. */
function lineOfKey(text: string, key: string): number | undefined {
  const lines = text.split(/\r\n?|\n/);
  const at = lines.findIndex((line, i) => i > 0 && line.startsWith(`${key}:`));
  const close = lines.findIndex((line, i) => i > 0 && /^---\s*$/.test(line));
  return at > 0 && (close < 0 || at < close) ? at + 1 : undefined;
}

function parseJsonFile(text: string, file: string): ParsedFile {
  const json = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    // V8's message may quote the text (binary garbage, for a binary file) and often has no position.
    const found = findJsonSyntaxProblem(json);
    throw new ImportFileError(file, `not valid JSON: ${found?.problem ?? 'the text cannot be read as JSON'}`, found ? { line: found.line, column: found.column } : {});
  }
  const shape = Array.isArray(data) ? 'array' : isObject(data) && 'articles' in data && !('headline' in data) ? 'wrapped' : 'single';
  const prefix = (index: number): (string | number)[] => (shape === 'array' ? [index] : shape === 'wrapped' ? ['articles', index] : []);
  const parsed = ArticleImportFileSchema.safeParse(data);
  if (!parsed.success) throw jsonShapeError(data, shape, file);
  const articles = Array.isArray(parsed.data) ? parsed.data : 'articles' in parsed.data ? parsed.data.articles : [parsed.data];
  return {
    articles,
    entryName: (index) => formatPath(prefix(index)) || 'the article',
    locate: (index, path) => ({ path: formatPath([...prefix(index), ...path]) }),
  };
}

/**
 * The union schema reports "no branch matched"; re-checking against the branch the data was meant
 * for gives the user the exact path of the first real problem.
 */
function jsonShapeError(data: unknown, shape: 'array' | 'wrapped' | 'single', file: string): ImportFileError {
  const schema =
    shape === 'array'
      ? z.array(ArticleImportSchema)
      : shape === 'wrapped'
        ? z.object({ articles: z.array(ArticleImportSchema) }).strict()
        : ArticleImportSchema;
  const result = schema.safeParse(data);
  const issue = result.success ? undefined : result.error.issues[0];
  if (!issue) return new ImportFileError(file, 'expected one article, an array of articles, or { "articles": [...] }');
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const message =
    // JSON.stringify: a key is untrusted text, and its control characters must not reach a terminal raw.
    issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message;
  return new ImportFileError(file, message, { path: formatPath(path) || '(root)' });
}

function importWithLocation(workspace: Workspace, file: ParsedFile, name: string, options: ImportOptions) {
  try {
    return workspace.articles.importArticles(file.articles, options);
  } catch (error) {
    if (!(error instanceof CopydeskError) || error.code !== 'invalid_input') throw error;
    // importMany keys field errors as `<index>.<field>` (e.g. `1.slug`).
    const [key, problem] = Object.entries(error.fields ?? {})[0] ?? [];
    const match = key ? /^(\d+)\.(.+)$/.exec(key) : null;
    if (!match || problem === undefined) throw new ImportFileError(name, error.message);
    const where = file.locate(Number(match[1]), match[2]!.split('.'));
    throw new ImportFileError(name, problem, where);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
