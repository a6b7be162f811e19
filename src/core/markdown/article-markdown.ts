import { Document } from 'yaml';
import { ArticleImportSchema, type Article, type ArticleImport, type FollowUpQuestion, type Takeaway } from '../../shared/article';
import { MAX_DEPTH, type SerializedState } from '../../shared/lexical/schema';
import { ALLOWED_LINKS_HINT, findDisallowedLink } from '../../shared/lexical/link-url';
import { formatPath, ImportFileError } from '../io/import-error';
import { parseFrontMatter, type ParsedFrontMatter } from './front-matter';
import { lexicalToMarkdown, markdownToLexical } from './lexical-markdown';

/**
 * The Markdown article format (documented in docs/markdown-format.md): YAML front matter between
 * `---` lines, the body, and an optional last section `## Follow Up Questions` with one
 * `### question` per question and its answer below it.
 */
export const FOLLOW_UP_HEADING = 'Follow Up Questions';

const FENCE = /^---\s*$/;
const FOLLOW_UP = /^##[ \t]+follow[ \t-]*up[ \t]+questions[ \t]*#*[ \t]*$/i;
const QUESTION = /^###(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HIGHER_HEADING = /^#{1,2}(?:[ \t]|$)/;

/** Markdown the article node set cannot hold. Rejected rather than silently turned into text. */
const UNSUPPORTED: { pattern: RegExp; problem: string }[] = [
  { pattern: /^ {0,3}(```|~~~)/, problem: 'code blocks are not supported in articles' },
  { pattern: /!\[[^\]]*\]\([^)]*\)/, problem: 'images cannot be imported from Markdown yet: add them in the editor with Insert image' },
  { pattern: /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/, problem: 'horizontal rules (---, ***) are not supported in articles' },
  { pattern: /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/, problem: 'tables are not supported in articles' },
  { pattern: /^ {0,3}<(?:!--|\/?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$))/, problem: 'raw HTML is not supported in articles' },
];

interface Line {
  text: string;
  /** 1-based line number in the file. */
  no: number;
}

/** Parses one Markdown article. Throws ImportFileError naming `file`, the line and the problem. */
export function parseArticleMarkdown(text: string, file: string): ArticleImport {
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .map((t, i) => ({ text: t, no: i + 1 }));
  if (!FENCE.test(lines[0]?.text ?? '')) {
    throw new ImportFileError(file, 'a Markdown article starts with front matter: a "---" line, then "title: …", then "---"', { line: 1 });
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line.text));
  if (close < 0) throw new ImportFileError(file, 'the front matter has no closing "---" line', { line: 1 });

  const front = parseFrontMatter(lines.slice(1, close).map((l) => l.text).join('\n'), 2, file);
  const { bodyLines, questionLines, sectionLine } = splitSections(lines.slice(close + 1), file);
  const bodyLine = bodyLines.find((l) => l.text.trim() !== '')?.no ?? close + 2;

  const body = convert(bodyLines, file);
  const questions = parseQuestions(questionLines, sectionLine, file);
  const takeaways = (front.data.takeaways ?? []).map((md, i) => parseTakeaway(md, i, front, file));

  const fm = front.data;
  const dated = datesFor(fm);
  const article: ArticleImport = {
    ...(fm.id !== undefined ? { id: fm.id } : {}),
    headline: fm.title.trim(),
    section: fm.section?.trim() ?? '',
    summary: fm.summary?.trim() ?? '',
    byline: fm.byline ?? [],
    tags: fm.tags ?? [],
    slug: fm.slug?.trim() ?? '',
    status: fm.status ?? 'draft',
    body,
    takeaways,
    questions: questions.map((q) => q.question),
    ...dated,
  };

  const result = ArticleImportSchema.safeParse(article);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const [field, index] = path;
    if (field === 'body') throw new ImportFileError(file, issue.message, { line: bodyLine, path: formatPath(path) });
    if (field === 'questions' && typeof index === 'number') {
      throw new ImportFileError(file, issue.message, { line: questions[index]?.line ?? sectionLine, path: formatPath(path) });
    }
    const key = FIELD_TO_KEY[String(field)] ?? String(field);
    const fmPath = [key, ...path.slice(1, key === 'takeaways' ? 2 : undefined)];
    throw new ImportFileError(file, issue.message, { line: front.lineOf(fmPath), path: formatPath(fmPath) });
  }
  return result.data;
}

const FIELD_TO_KEY: Record<string, string> = { headline: 'title', createdAt: 'created', publishedAt: 'date' };

/**
 * `date` is the publication date of a published article and otherwise its creation date. When
 * `created` is given too, it is the creation date and `date` is always the publication date.
 */
function datesFor(fm: ParsedFrontMatter['data']): Pick<ArticleImport, 'createdAt' | 'publishedAt'> {
  if (fm.created !== undefined) return { createdAt: fm.created, ...(fm.date !== undefined ? { publishedAt: fm.date } : {}) };
  if (fm.date === undefined) return {};
  const published = fm.status === 'published' || fm.status === 'unpublished';
  return { createdAt: fm.date, ...(published ? { publishedAt: fm.date } : {}) };
}

function splitSections(lines: Line[], file: string): { bodyLines: Line[]; questionLines: Line[]; sectionLine: number } {
  const at = lines.findIndex((l) => FOLLOW_UP.test(l.text));
  if (at < 0) return { bodyLines: lines, questionLines: [], sectionLine: 0 };
  const questionLines = lines.slice(at + 1);
  const later = questionLines.find((l) => HIGHER_HEADING.test(l.text));
  if (later) {
    throw new ImportFileError(
      file,
      `"## ${FOLLOW_UP_HEADING}" must be the last section, but "${later.text.trim()}" follows it; move that section above it`,
      { line: later.no },
    );
  }
  return { bodyLines: lines.slice(0, at), questionLines, sectionLine: lines[at]!.no };
}

function parseQuestions(lines: Line[], sectionLine: number, file: string): { question: FollowUpQuestion; line: number }[] {
  const found: { question: string; line: number; answer: Line[] }[] = [];
  for (const line of lines) {
    const match = QUESTION.exec(line.text);
    if (match) {
      found.push({ question: (match[1] ?? '').trim(), line: line.no, answer: [] });
    } else if (found.length > 0) {
      found.at(-1)!.answer.push(line);
    } else if (line.text.trim() !== '') {
      throw new ImportFileError(file, `text under "## ${FOLLOW_UP_HEADING}" must start with a "### question" heading`, { line: line.no });
    }
  }
  if (sectionLine > 0 && found.length === 0) {
    throw new ImportFileError(file, `"## ${FOLLOW_UP_HEADING}" has no "### question" headings`, { line: sectionLine });
  }
  return found.map((q, i) => ({ question: { id: `q${i + 1}`, question: q.question, answer: convert(q.answer, file) }, line: q.line }));
}

function parseTakeaway(md: string, index: number, front: ParsedFrontMatter, file: string): Takeaway {
  const line = front.lineOf(['takeaways', index]);
  const where = { line, path: `takeaways[${index}]` };
  const mdLines = md.split(/\r\n?|\n/).map((t) => ({ text: t, no: line }));
  checkSupported(mdLines, file);
  const content = markdownToLexical(md);
  const [first, ...rest] = content.root.children;
  if (!first || first.type !== 'paragraph' || rest.length > 0) {
    throw new ImportFileError(file, 'a takeaway is one paragraph of inline Markdown (no lists, headings, quotes or blank lines)', where);
  }
  const link = findDisallowedLink(content);
  if (link) throw new ImportFileError(file, `link ${JSON.stringify(link.url)} is not allowed: ${ALLOWED_LINKS_HINT}`, where);
  return { id: `t${index + 1}`, content };
}

/** Checks the lines for unsupported syntax and disallowed links, then converts them. */
function convert(lines: Line[], file: string): SerializedState {
  checkSupported(lines, file);
  const state = markdownToLexical(trimBlankLines(lines).map((l) => l.text).join('\n'));
  const link = findDisallowedLink(state);
  if (link) {
    // Markdown decodes character references ("java&#115;cript:"), so the stored URL may not be
    // in the text as written: then the first line with a link is the best guess.
    const line = (lines.find((l) => l.text.includes(link.url)) ?? lines.find((l) => l.text.includes('](')) ?? lines[0])?.no;
    throw new ImportFileError(file, `link ${JSON.stringify(link.url)} is not allowed: ${ALLOWED_LINKS_HINT}`, { line });
  }
  return state;
}

/**
 * How many levels a Markdown list may nest: as many as the document schema holds (each level is
 * a list and an item, under the root's list and item, with text below). Checked on the lines,
 * before Lexical's converter sees them: a list nested 2,000 levels took it 18 s and then ran
 * out of stack.
 */
export const MAX_LIST_LEVELS = Math.floor((MAX_DEPTH - 1) / 2);
const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d+\.)[ \t]/;

/** A list item's level as Lexical's Markdown import counts it: a tab or four spaces each. */
function listLevel(line: string): number {
  const indent = LIST_ITEM.exec(line)?.[1];
  if (indent === undefined) return 0;
  let tabs = 0;
  for (const c of indent) if (c === '\t') tabs += 1;
  return 1 + tabs + Math.floor((indent.length - tabs) / 4);
}

function checkSupported(lines: Line[], file: string): void {
  for (const line of lines) {
    const level = listLevel(line.text);
    if (level > MAX_LIST_LEVELS) {
      throw new ImportFileError(file, `lists can nest at most ${MAX_LIST_LEVELS} levels deep, and this item is at level ${level}`, { line: line.no });
    }
    for (const { pattern, problem } of UNSUPPORTED) {
      if (pattern.test(line.text)) throw new ImportFileError(file, problem, { line: line.no });
    }
  }
}

function trimBlankLines(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text.trim() === '') start += 1;
  while (end > start && lines[end - 1]!.text.trim() === '') end -= 1;
  return lines.slice(start, end);
}

/**
 * Writes an article in the Markdown format, so that importing the result gives the same article
 * back (ids of takeaways and questions are renumbered t1…, q1…; Markdown has no underline).
 */
export function articleToMarkdown(article: Article): string {
  const front: Record<string, unknown> = {
    id: article.id,
    title: article.headline,
    section: article.section,
    summary: article.summary,
    byline: article.byline,
    tags: article.tags,
    slug: article.slug,
    status: article.status,
  };
  if (article.publishedAt) {
    front.date = article.publishedAt;
    front.created = article.createdAt;
  } else {
    front.date = article.createdAt;
  }
  front.takeaways = article.takeaways.map((t) => lexicalToMarkdown(t.content));
  const parts = [`---\n${new Document(front).toString({ lineWidth: 0 })}---`];
  const body = lexicalToMarkdown(article.body).trim();
  if (body !== '') parts.push(body);
  if (article.questions.length > 0) {
    parts.push(`## ${FOLLOW_UP_HEADING}`);
    for (const q of article.questions) {
      const question = q.question.replace(/\s+/g, ' ').trim();
      parts.push(question === '' ? '###' : `### ${question}`);
      const answer = lexicalToMarkdown(q.answer).trim();
      if (answer !== '') parts.push(answer);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
