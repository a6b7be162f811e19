import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { ARTICLE_STATUSES } from '../../shared/article';
import { formatPath, ImportFileError } from '../io/import-error';

/** The front matter keys, in the order export writes them. */
export const FRONT_MATTER_KEYS = ['id', 'title', 'section', 'summary', 'byline', 'tags', 'slug', 'status', 'date', 'created', 'takeaways'] as const;

const text = (what: string) =>
  z.preprocess(
    // YAML reads `tags: [2024]` or `title: 1984` as numbers; in an article they are words.
    (value) => (typeof value === 'number' ? String(value) : value),
    z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? `${what} is empty` : `${what} must be text`) }),
  );

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = z.iso.datetime({ offset: true });

const date = z.preprocess(
  // A YAML 1.1 document (`%YAML 1.1`) turns bare dates into Date objects.
  (value) => (value instanceof Date ? value.toISOString() : value),
  z.string({ error: 'Expected a date like 2025-03-14 or 2025-03-14T09:30:00Z' }).transform((value, ctx) => {
    if (DATE_ONLY.test(value)) {
      const iso = `${value}T00:00:00.000Z`;
      if (!Number.isNaN(Date.parse(iso)) && new Date(iso).toISOString().startsWith(value)) return iso;
    } else if (isoDateTime.safeParse(value).success) {
      return value;
    }
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a date like 2025-03-14 or 2025-03-14T09:30:00Z` });
    return z.NEVER;
  }),
);

const FrontMatterSchema = z
  .object({
    id: text('id').optional(),
    title: text('The title (the headline)'),
    section: text('section').optional(),
    summary: text('summary').optional(),
    byline: z
      .preprocess(
        (value) => (typeof value === 'string' || typeof value === 'number' ? [value] : value),
        z.array(text('An author'), { error: 'byline must be a name or a list of names' }),
      )
      .optional(),
    tags: z.array(text('A tag'), { error: 'tags must be a list, e.g. [water, city council]' }).optional(),
    slug: text('slug').optional(),
    status: z
      .preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s-]+/g, '_') : value),
        z.enum(ARTICLE_STATUSES, { error: `status must be one of: ${ARTICLE_STATUSES.join(', ')}` }),
      )
      .optional(),
    date: date.optional(),
    created: date.optional(),
    takeaways: z.array(text('A takeaway'), { error: 'takeaways must be a list of one-paragraph Markdown strings' }).optional(),
  })
  .strict();
export type FrontMatter = z.output<typeof FrontMatterSchema>;

/** At most this many alias expansions in front matter (yaml's default is 100). */
const MAX_ALIAS_COUNT = 50;

/** Parsed front matter plus a way back from a key path to its line in the file. */
export interface ParsedFrontMatter {
  data: FrontMatter;
  /** The file line (1-based) of the value at `path`, or of the nearest enclosing key. */
  lineOf(path: readonly (string | number)[]): number;
}

/**
 * Parses the YAML between the `---` fences. `firstLine` is the file line of the YAML's first
 * line, so every error names a line in the file the user has open.
 */
export function parseFrontMatter(yamlText: string, firstLine: number, file: string): ParsedFrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const fileLine = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = counter.linePos(firstError.pos[0]);
    throw new ImportFileError(file, `front matter is not valid YAML: ${firstError.message}`, {
      line: pos.line + firstLine - 1,
      column: pos.col,
    });
  }
  const lineOf = (path: readonly (string | number)[]): number => locate(doc, path, fileLine) ?? firstLine - 1;
  let raw: unknown;
  try {
    // A few aliases are fine; "billion laughs" front matter (aliases of aliases) would expand
    // into gigabytes, so expansion stops at a fixed count and the file is refused.
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw new ImportFileError(file, `front matter uses YAML aliases (*name) too much (more than ${MAX_ALIAS_COUNT} expansions); write the values out instead`, {
      line: firstLine - 1,
    });
  }
  if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ImportFileError(file, 'front matter must be a set of `key: value` lines with at least a title', { line: firstLine - 1 });
  }
  const result = FrontMatterSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      throw new ImportFileError(file, `unknown front matter key "${key}" (known keys: ${FRONT_MATTER_KEYS.join(', ')})`, {
        line: lineOf([key]),
        path: key,
      });
    }
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    throw new ImportFileError(file, issue.message, { line: lineOf(path), path: formatPath(path) });
  }
  return { data: result.data, lineOf };
}

/** The line of the deepest node along `path` that exists; for a key with no value, the key's line. */
function locate(doc: Document, path: readonly (string | number)[], fileLine: (offset: number) => number): number | undefined {
  for (let depth = path.length; depth >= 1; depth -= 1) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return fileLine(node.range[0]);
  }
  if (isMap(doc.contents) && path.length > 0) {
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === path[0]);
    if (pair && isNode(pair.key) && pair.key.range) return fileLine(pair.key.range[0]);
  }
  return undefined;
}
