import { CopydeskError } from '../../shared/errors';

export interface ImportErrorLocation {
  /** 1-based line in the file, when the problem has a place in the text. */
  line?: number | undefined;
  /** 1-based column, when known. */
  column?: number | undefined;
  /** Where in the data, e.g. `articles[2].slug` (JSON) or `takeaways[1]` (front matter). */
  path?: string | undefined;
}

/**
 * A file that cannot be imported. The message reads like a compiler's so people can jump to it:
 * `story.md:7:3: front matter: tags: Expected a list` or `feed.json: articles[2].slug: …`.
 */
export class ImportFileError extends CopydeskError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly path: string | undefined;
  readonly problem: string;

  constructor(file: string, problem: string, where: ImportErrorLocation = {}) {
    super('invalid_input', formatLocation(file, where) + problem, where.path ? { [where.path]: problem } : undefined);
    this.name = 'ImportFileError';
    this.file = file;
    this.line = where.line;
    this.column = where.column;
    this.path = where.path;
    this.problem = problem;
  }
}

function formatLocation(file: string, { line, column, path }: ImportErrorLocation): string {
  let head = file;
  if (line !== undefined) head += `:${line}${column !== undefined ? `:${column}` : ''}`;
  head += ': ';
  if (path) head += `${path}: `;
  return head;
}

/** `['articles', 2, 'slug']` → `articles[2].slug`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Any failure while importing one file, as an error that names the file. Problems found in the
 * file are ImportFileErrors already; a full disk and anything unexpected get a sentence, so one
 * bad file never stops the others and nobody reads a stack trace or an SQLite code.
 */
export function importFailure(file: string, error: unknown): ImportFileError {
  if (error instanceof ImportFileError) return error;
  if (error instanceof CopydeskError) return new ImportFileError(file, error.message);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') {
    return new ImportFileError(file, 'the disk is full, so nothing from this file was written; free some space and import it again');
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new ImportFileError(file, 'the file is nested too deeply to import');
  }
  const reason = error instanceof Error && error.message ? error.message.split('\n')[0]!.slice(0, 200) : 'an unexpected error';
  return new ImportFileError(file, `could not be imported (${reason}); nothing from this file was written`);
}
