import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/core/io/import';
import { importModerationFiles } from '../../src/core/moderation/cli-import';
import { ASSET_SRC_PATTERN } from '../../src/shared/assets';
import { doc, paragraph } from '../../src/shared/lexical/build';
import { isAllowedLinkUrl } from '../../src/shared/lexical/link-url';
import { renderLexicalHtml } from '../../src/shared/render/lexical-html';
import { hostileText, lexicalDoc, linkUrl } from './fuzz-arbitraries';
import { tempDir, tempWorkspace } from './helpers';
import { item, moderationWorkspace, vote } from './moderation-helpers';
import { parseFragment } from './render-dom';

/**
 * Property-based fuzzing (issue 18, continuing checks): every importer gets arbitrary files and
 * must answer with a per-file report, never an exception; a rejected file writes nothing and its
 * message names the file without echoing binary; the renderer's output is always well-formed.
 */

// eslint-disable-next-line no-control-regex
const RAW_BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd\ufffe\uffff]/;
const RUNS = 60;

const count = (ws: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } }, table: string) =>
  ws.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

const articleLike = fc.record(
  {
    id: fc.constantFrom('fuzz-1', 'fuzz-2', 'bad id', ''),
    headline: hostileText,
    slug: fc.constantFrom('fuzz-story', '', 'Not A Slug', 'fuzz-story-2'),
    section: hostileText,
    summary: hostileText,
    tags: fc.array(hostileText, { maxLength: 3 }),
    byline: fc.array(hostileText, { maxLength: 2 }),
    status: fc.constantFrom('draft', 'published', 'ready', 'bogus'),
    body: lexicalDoc,
    takeaways: fc.array(fc.record({ id: fc.constantFrom('t1', 't2'), content: lexicalDoc }), { maxLength: 2 }),
    questions: fc.array(fc.record({ id: fc.constantFrom('q1', 'q2'), question: hostileText, answer: lexicalDoc }), { maxLength: 2 }),
    createdAt: fc.constantFrom('2025-01-01T00:00:00Z', 'yesterday'),
  },
  { requiredKeys: ['headline'] },
);

/** An article that should import: plain words, a simple body; ids and slugs still collide at times. */
const words = fc.string({ minLength: 1, maxLength: 30 }).map((t) => t.replace(/[^A-Za-z0-9 ,.]/g, 'x').trim() || 'x');
const cleanArticle = fc.record(
  {
    id: fc.constantFrom('clean-1', 'clean-2', 'clean-3'),
    headline: words,
    slug: fc.constantFrom('clean-story', 'other-story'),
    summary: words,
    tags: fc.array(words, { maxLength: 3 }),
    status: fc.constantFrom('draft', 'published'),
    body: fc.array(words, { maxLength: 3 }).map((texts) => doc(...texts.map((t) => paragraph(t)))),
  },
  { requiredKeys: ['headline'] },
);

const bytes = (text: string) => Buffer.from(text, 'utf8');
const jsonFile: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: cleanArticle.map((a) => bytes(JSON.stringify(a))) },
  fc.array(cleanArticle, { maxLength: 3 }).map((a) => bytes(JSON.stringify(a))),
  articleLike.map((a) => bytes(JSON.stringify(a))),
  fc.array(articleLike, { maxLength: 3 }).map((a) => bytes(JSON.stringify(a))),
  fc.array(articleLike, { maxLength: 3 }).map((a) => bytes(JSON.stringify({ articles: a }))),
  fc.jsonValue().map((v) => bytes(JSON.stringify(v))),
  fc.string({ unit: 'binary', maxLength: 80 }).map(bytes),
  fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
);

const markdownLine = fc.oneof(
  fc.constantFrom('## Heading', '#### Deep heading', '- item', '    - nested', '1. one', '> quote', '**bold** _italic_ ~~gone~~ ==mark== `code`', '', '```', '| a | b |', '***', '<div>', '## Follow Up Questions', '### A question?'),
  linkUrl.map((url) => `See [the link](${url}).`),
  fc.nat({ max: 80 }).map((n) => `${' '.repeat(n)}- indented ${n}`),
  fc.nat({ max: 30 }).map((n) => `${'\t'.repeat(n)}1. tabbed`),
  hostileText,
);
const frontMatterLine = fc.oneof(
  fc.constantFrom('id: fuzz-md', 'slug: fuzz-md', 'tags: [a, b]', 'status: published', 'status: nonsense', 'date: 2025-02-03', 'date: someday', 'byline: [Ann, Bo]', 'takeaways:\n  - One **point**', 'a: &a [x, x, x]', 'b: [*a, *a, *a]', 'bogus: 1', 'summary: "\\u0001"'),
  hostileText.map((t) => `summary: ${JSON.stringify(t)}`),
);
const markdownFile: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(words, fc.constantFrom('', 'slug: clean-md\n', 'id: clean-md\n'), fc.array(fc.oneof(words, fc.constantFrom('- item', '    - nested', '## Heading', '> quote', '[link](https://example.org)')), { maxLength: 8 }))
      .map(([title, front, body]) => bytes(`---\ntitle: ${title}\n${front}---\n\n${body.join('\n')}\n`)),
  },
  fc
    .tuple(hostileText, fc.array(frontMatterLine, { maxLength: 5 }), fc.array(markdownLine, { maxLength: 25 }))
    .map(([title, front, body]) => bytes(`---\ntitle: ${JSON.stringify(title)}\n${front.join('\n')}\n---\n\n${body.join('\n')}\n`)),
  fc.string({ unit: 'binary', maxLength: 80 }).map(bytes),
  fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
);

describe('issue 18 fuzzing: article importers', () => {
  for (const [kind, ext, file] of [
    ['JSON', 'json', jsonFile],
    ['Markdown', 'md', markdownFile],
  ] as const) {
    it(`${kind}: every file gets a report; a rejected file writes nothing and names itself`, async () => {
      const ws = tempWorkspace();
      const dir = tempDir();
      let n = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(file, async (content) => {
          const path = join(dir, `fuzz-${(n += 1)}.${ext}`);
          writeFileSync(path, content);
          const before = count(ws, 'articles');
          const reports = await importFiles(ws, [path]);
          expect(reports).toHaveLength(1);
          const [report] = reports;
          if (report!.ok) {
            accepted += 1;
            const created = report!.articles.filter((a) => a.created).length;
            expect(count(ws, 'articles')).toBe(before + created);
            for (const a of report!.articles) expect(ws.articles.get(a.id).slug).toBe(a.slug);
          } else {
            expect(count(ws, 'articles')).toBe(before);
            expect(report!.error.message.startsWith(`${path}:`)).toBe(true);
            expect(report!.error.message).not.toMatch(RAW_BINARY);
          }
        }),
        { numRuns: RUNS },
      );
      // Both paths were exercised: some files were accepted (most generated ones are refused).
      expect(accepted).toBeGreaterThan(0);
    });
  }
});

describe('issue 18 fuzzing: comment and vote importers (NDJSON and JSON)', () => {
  for (const kind of ['comments', 'votes'] as const) {
    it(`${kind}: every file gets a report; a rejected file writes nothing and names itself`, async () => {
      const { ws, articleId } = moderationWorkspace();
      const dir = tempDir();
      const table = kind === 'comments' ? 'comments' : 'votes';
      const valid = fc.nat({ max: 50 }).map((n) => JSON.stringify(kind === 'comments' ? item(n, articleId) : vote(n, articleId)));
      const mutated = fc
        .tuple(fc.nat({ max: 50 }), fc.constantFrom('body', 'articleId', 'createdAt', 'remoteId', 'value', 'axis', 'author', 'voter'), fc.oneof(hostileText, fc.jsonValue()))
        .map(([n, key, value]) => JSON.stringify({ ...(kind === 'comments' ? item(n, articleId) : vote(n, articleId)), [key]: value }));
      const line = fc.oneof({ weight: 3, arbitrary: valid }, mutated, fc.jsonValue().map((v) => JSON.stringify(v)), hostileText);
      const lines = fc.oneof(fc.array(valid, { maxLength: 8 }), fc.array(line, { maxLength: 8 }));
      let n = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(lines, fc.constantFrom('ndjson', 'json'), fc.boolean(), async (lines, format, binary) => {
          const path = join(dir, `fuzz-${(n += 1)}.${format}`);
          // The same lines as NDJSON, or as one JSON array (invalid JSON when a line is not).
          const text = format === 'ndjson' ? lines.join('\n') : `[${lines.join(',\n')}]`;
          writeFileSync(path, binary ? Buffer.concat([bytes(text), Buffer.from([0xff, 0x00])]) : bytes(text));
          const before = count(ws, table);
          const [report] = await importModerationFiles(ws, kind, [path], 'fuzz');
          if (report!.ok) {
            accepted += 1;
            expect(count(ws, table)).toBe(before + report!.result.inserted);
          } else {
            expect(count(ws, table)).toBe(before);
            expect(report!.error.message).toContain(basename(path));
            expect(report!.error.message).not.toMatch(RAW_BINARY);
          }
        }),
        { numRuns: RUNS },
      );
      expect(accepted).toBeGreaterThan(0);
    });
  }
});

/** html-validate's parse-level rules: what makes HTML malformed, not what makes it unidiomatic. */
const wellFormed = new HtmlValidate({
  rules: {
    'close-order': 'error',
    'close-attr': 'error',
    'no-dup-attr': 'error',
    'no-raw-characters': ['error', { relaxed: true }],
    'unrecognized-char-ref': 'error',
    'void-content': 'error',
    'element-permitted-content': 'error',
    'element-permitted-parent': 'error',
    'attr-quotes': 'error',
    'no-unknown-elements': 'error',
    'attribute-allowed-values': 'error',
    deprecated: 'error',
  },
});

describe('issue 18 fuzzing: the renderer', () => {
  it('renders any document without throwing, as well-formed HTML with only safe links and images', async () => {
    await fc.assert(
      fc.asyncProperty(lexicalDoc, async (state) => {
        const html = renderLexicalHtml(state);
        const report = await wellFormed.validateString(html);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
        const fragment = parseFragment(html);
        expect(fragment.querySelectorAll('script, iframe, object, embed, style').length).toBe(0);
        for (const element of Array.from(fragment.querySelectorAll('*'))) {
          for (const attr of Array.from(element.attributes)) expect(attr.name.startsWith('on')).toBe(false);
        }
        for (const a of Array.from(fragment.querySelectorAll('a'))) expect(isAllowedLinkUrl(a.getAttribute('href'))).toBe(true);
        for (const img of Array.from(fragment.querySelectorAll('img'))) expect(img.getAttribute('src')).toMatch(ASSET_SRC_PATTERN);
      }),
      { numRuns: 60 },
    );
  });
});
