import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArticleImportSchema, type Article, type ArticleImport } from '../../src/shared/article';
import { doc, FORMAT, link, list, paragraph, text } from '../../src/shared/lexical/build';
import { writeFileAtomic } from '../../src/core/io/atomic';
import { exportArticles } from '../../src/core/io/export';
import { importFiles, type FileImportReport } from '../../src/core/io/import';
import { sampleArticle } from '../../src/core/sample/sample-article';
import type { Workspace } from '../../src/core/workspace';
import { tempDir, tempWorkspace } from './helpers';
import { withoutListValues } from './lexical-compare';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const fixture = (name: string) => join(FIXTURES, name);

/** An article using everything the formats must carry: nested lists, inline formats, dates. */
function richArticle(): ArticleImport {
  const sample = ArticleImportSchema.parse(sampleArticle());
  return {
    ...sample,
    slug: 'harbor-city-pipes',
    status: 'published',
    createdAt: '2025-01-02T03:04:05.000Z',
    publishedAt: '2025-01-05T10:00:00.000Z',
    takeaways: [
      {
        id: 't1',
        content: doc(
          paragraph(
            'Council voted ',
            text('9–2', FORMAT.bold),
            ', ',
            text('narrowly', FORMAT.italic),
            ', with ',
            text('no', FORMAT.strikethrough),
            ' ',
            text('$0', FORMAT.code),
            ' cost per ',
            link('https://example.org/homes', 'home'),
            '.',
          ),
        ),
      },
      ...sample.takeaways!.slice(1).map((t, i) => ({ ...t, id: `t${i + 2}` })),
    ],
  };
}

function seed(ws: Workspace): Article[] {
  return ws.articles.importMany([richArticle(), { headline: 'A draft with no body yet', section: 'Metro', byline: ['Ann Lee'] }]);
}

function expectSameArticles(actual: Article[], expected: Article[], compare: (a: Article) => unknown): void {
  const bySlug = (list: Article[]) => [...list].sort((a, b) => a.slug.localeCompare(b.slug)).map(compare);
  expect(bySlug(actual)).toEqual(bySlug(expected));
}

function all(ws: Workspace): Article[] {
  return ws.articles.list({ limit: 1000 }).map((s) => ws.articles.get(s.id));
}

describe('export and import round trip', () => {
  it('JSON: a fresh workspace gets every field back', async () => {
    const source = tempWorkspace();
    seed(source);
    const dir = tempDir();
    const files = await exportArticles(source, dir, 'json');
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['a-draft-with-no-body-yet.json', 'harbor-city-pipes.json']);

    const target = tempWorkspace();
    const reports = await importFiles(target, files);
    expect(reports.every((r) => r.ok)).toBe(true);
    // Everything but the workspace-local revision counter.
    expectSameArticles(all(target), all(source), ({ revision: _revision, ...rest }) => rest);
  });

  it('Markdown: a fresh workspace gets every field back, nested lists and takeaway formatting included', async () => {
    const source = tempWorkspace();
    seed(source);
    const dir = tempDir();
    const files = await exportArticles(source, dir, 'markdown');
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['a-draft-with-no-body-yet.md', 'harbor-city-pipes.md']);

    const target = tempWorkspace();
    const reports = await importFiles(target, files);
    expect(reports.map((r) => r.ok)).toEqual([true, true]);
    const fields = (a: Article) =>
      withoutListValues({
        id: a.id,
        slug: a.slug,
        section: a.section,
        headline: a.headline,
        summary: a.summary,
        byline: a.byline,
        tags: a.tags,
        status: a.status,
        body: a.body,
        takeaways: a.takeaways,
        questions: a.questions,
        createdAt: a.createdAt,
        publishedAt: a.publishedAt,
      });
    expectSameArticles(all(target), all(source), fields);
    const imported = target.articles.get(all(source).find((a) => a.slug === 'harbor-city-pipes')!.id);
    // Spot checks, so a broken comparison cannot hide a loss.
    expect(JSON.stringify(imported.takeaways[0])).toContain('"format":16');
    expect(imported.questions[0]!.answer.root.children.some((n) => n.type === 'list')).toBe(true);
  });

  it('re-importing an export replaces the same articles instead of duplicating them', async () => {
    const ws = tempWorkspace();
    seed(ws);
    const files = await exportArticles(ws, tempDir(), 'markdown');
    await importFiles(ws, files);
    expect(ws.articles.count()).toBe(2);
  });
});

describe('importFiles', () => {
  it('imports the good fixtures', async () => {
    const ws = tempWorkspace();
    const reports = await importFiles(ws, [fixture('good-story.md'), fixture('good-array.json')]);
    expect(reports.map((r) => (r.ok ? r.articles.map((a) => a.slug) : r.error.message))).toEqual([
      ['gull-island-ferry-resumes'],
      ['library-extends-weekend-hours', 'school-board-budget-vote'],
    ]);
    const story = ws.articles.get((reports[0] as Extract<FileImportReport, { ok: true }>).articles[0]!.id);
    expect(story).toMatchObject({
      headline: 'Ferry service to Gull Island resumes after storm repairs',
      byline: ['Priya Natarajan'],
      tags: ['transport', 'gull island'],
      status: 'published',
      createdAt: '2025-03-14T09:30:00Z',
      publishedAt: '2025-03-14T09:30:00Z',
    });
    expect(story.body.root.children[0]).toMatchObject({ type: 'heading', tag: 'h2' });
    expect(story.questions.map((q) => q.question)).toEqual(['Do season passes still work?', 'Will fares go up?']);
    expect(withoutListValues(story.questions[0]!.answer.root.children[1])).toEqual(
      withoutListValues(list('number', [{ content: ['Annual passes'] }, { content: ['Summer passes'], nested: { kind: 'bullet', items: [{ content: ['including student passes'] }] } }])),
    );
  });

  it.each([
    ['bad-syntax.json', { line: 4, column: 3 }, /not valid JSON/],
    ['bad-types.json', { path: '[1].tags' }, /expected array/i],
    ['bad-node.json', { path: 'body.root.children[1].type' }, /Unsupported node type "table"/],
    ['bad-image.json', { path: 'body.root.children[1].src' }, /workspace asset/],
    ['bad-front-matter.md', { line: 4 }, /front matter is not valid YAML/],
    ['bad-types.md', { line: 4, path: 'tags' }, /tags must be a list/],
    ['bad-collision.md', { line: 4, path: 'slug' }, /"gull-island-ferry-resumes" is already used/],
    ['bad-duplicate-slugs.json', { path: '[1].slug' }, /"bridge-repairs" is already used/],
  ])('rejects %s, naming the place and the problem, and writes nothing', async (name, where, problem) => {
    const ws = tempWorkspace();
    await importFiles(ws, [fixture('good-story.md')]);
    const before = ws.articles.count();
    const [report] = await importFiles(ws, [fixture(name)]);
    expect(report!.ok).toBe(false);
    if (report!.ok) return;
    expect(report!.error).toMatchObject({ file: fixture(name), ...where });
    expect(report!.error.message).toContain(fixture(name));
    expect(report!.error.message).toMatch(problem);
    expect(ws.articles.count()).toBe(before);
  });

  it('rejects links that are not web, mail or phone links in JSON documents', async () => {
    const ws = tempWorkspace();
    const file = join(tempDir(), 'js-link.json');
    writeFileSync(file, JSON.stringify({ headline: 'X', body: doc(paragraph(link('javascript:alert(1)', 'click'))) }));
    const [report] = await importFiles(ws, [file]);
    expect(report).toMatchObject({ ok: false, error: { path: 'body.root.children[0].children[0].url' } });
    expect(ws.articles.count()).toBe(0);
  });

  it('reports unknown file types and missing files', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const reports = await importFiles(ws, [join(dir, 'notes.txt'), join(dir, 'missing.md')]);
    expect(reports.map((r) => (r.ok ? 'ok' : r.error.problem))).toEqual(['unsupported file type; use .json, .md or .markdown', 'file not found']);
  });

  it('keeps going after a bad file: the good files before and after it are imported', async () => {
    const ws = tempWorkspace();
    const reports = await importFiles(ws, [fixture('good-story.md'), fixture('bad-syntax.json'), fixture('good-array.json')]);
    expect(reports.map((r) => r.ok)).toEqual([true, false, true]);
    expect(ws.articles.count()).toBe(3);
  });
});

describe('issue 15.6: re-importing a file updates its article', () => {
  const bodyHtml = (ws: Workspace, id: string) =>
    (ws.db.prepare('SELECT body_html FROM article_parts WHERE article_id = ?').get(id) as { body_html: string } | undefined)?.body_html;

  it('a Markdown file with no id updates the article with its slug, through the save path', async () => {
    const ws = tempWorkspace();
    const file = join(tempDir(), 'story.md');
    writeFileSync(file, '---\ntitle: Harbour reopens\nstatus: published\n---\n\nFirst version.\n');
    const [first] = await importFiles(ws, [file]);
    const id = (first as Extract<FileImportReport, { ok: true }>).articles[0]!.id;
    expect(first).toMatchObject({ ok: true, articles: [{ slug: 'harbour-reopens', created: true }] });
    writeFileSync(file, '---\ntitle: Harbour reopens\nstatus: published\n---\n\nSecond version.\n');
    const [second] = await importFiles(ws, [file]);
    expect(second).toMatchObject({ ok: true, articles: [{ id, slug: 'harbour-reopens', created: false }] });
    expect(ws.articles.count()).toBe(1);
    const article = ws.articles.get(id);
    expect(JSON.stringify(article.body)).toContain('Second version.');
    expect(article.revision).toBe(2);
    // The editor's save path: the stored page parts are those of the new body.
    expect(bodyHtml(ws, id)).toContain('Second version.');
    expect(ws.articles.revisions.list(id).length).toBeGreaterThanOrEqual(1);
  });

  it('a file with an explicit slug and no id updates that article; a JSON id updates by id', async () => {
    const ws = tempWorkspace();
    await importFiles(ws, [fixture('good-story.md'), fixture('good-array.json')]);
    const reports = await importFiles(ws, [fixture('good-story.md'), fixture('good-array.json')]);
    expect(reports.flatMap((r) => (r.ok ? r.articles.map((a) => `${a.slug} ${a.created ? 'created' : 'updated'}`) : [r.error.message]))).toEqual([
      'gull-island-ferry-resumes updated',
      'library-extends-weekend-hours updated',
      'school-board-budget-vote updated',
    ]);
    expect(ws.articles.count()).toBe(3);

    const dir = tempDir();
    const json = join(dir, 'with-id.json');
    writeFileSync(json, JSON.stringify({ id: 'story-7', headline: 'Tide tables', slug: 'tide-tables' }));
    await importFiles(ws, [json]);
    writeFileSync(json, JSON.stringify({ id: 'story-7', headline: 'Tide tables, corrected', slug: 'tide-tables' }));
    const [again] = await importFiles(ws, [json]);
    expect(again).toMatchObject({ ok: true, articles: [{ id: 'story-7', created: false }] });
    expect(ws.articles.get('story-7').headline).toBe('Tide tables, corrected');
    expect(ws.articles.count()).toBe(4);
  });

  it('asNew keeps creating new articles, with new ids and slug-2', async () => {
    const ws = tempWorkspace();
    await importFiles(ws, [fixture('good-story.md')]);
    const [report] = await importFiles(ws, [fixture('good-story.md')], { asNew: true });
    expect(report).toMatchObject({ ok: true, articles: [{ slug: 'gull-island-ferry-resumes-2', created: true }] });
    expect(ws.articles.count()).toBe(2);
  });

  it('two entries of one file with the same slug and no id are still refused, not merged', async () => {
    const ws = tempWorkspace();
    const [report] = await importFiles(ws, [fixture('bad-duplicate-slugs.json')]);
    expect(report).toMatchObject({ ok: false, error: { path: '[1].slug' } });
    expect(ws.articles.count()).toBe(0);
  });

  it('refuses to import over an article in the trash', async () => {
    const ws = tempWorkspace();
    const [first] = await importFiles(ws, [fixture('good-story.md')]);
    ws.articles.trash((first as Extract<FileImportReport, { ok: true }>).articles[0]!.id);
    const [report] = await importFiles(ws, [fixture('good-story.md')]);
    expect(report).toMatchObject({ ok: false });
    expect(report!.ok ? '' : report!.error.message).toMatch(/is in the trash; restore it/);
  });
});

describe('issue 18.6: duplicate ids in one import file', () => {
  it('refuses the file, naming both entries, and writes nothing', async () => {
    const ws = tempWorkspace();
    const file = join(tempDir(), 'dupes.json');
    writeFileSync(
      file,
      JSON.stringify({
        articles: [
          { id: 'same', headline: 'First story' },
          { id: 'other', headline: 'Middle story' },
          { id: 'same', headline: 'Third story' },
        ],
      }),
    );
    const [report] = await importFiles(ws, [file]);
    expect(report).toMatchObject({ ok: false, error: { file, path: 'articles[2].id' } });
    const message = report!.ok ? '' : report!.error.message;
    expect(message).toContain('articles[0] ("First story") and articles[2] ("Third story") have the same id "same"');
    expect(ws.articles.count()).toBe(0);
  });

  it('the service refuses two items with one id too, whoever calls it', () => {
    const ws = tempWorkspace();
    expect(() => ws.articles.importMany([{ id: 'x', headline: 'A' }, { id: 'x', headline: 'B' }])).toThrow(/used twice/);
    expect(ws.articles.count()).toBe(0);
  });
});

describe('exportArticles', () => {
  it('leaves out trashed articles and replaces existing files without leaving temp files', async () => {
    const ws = tempWorkspace();
    const [kept, trashed] = ws.articles.importMany([{ headline: 'Kept' }, { headline: 'Trashed' }]);
    ws.articles.trash(trashed!.id);
    const dir = tempDir();
    writeFileSync(join(dir, 'kept.md'), 'old content');
    const files = await exportArticles(ws, dir, 'markdown');
    expect(files).toEqual([join(dir, 'kept.md')]);
    expect(readdirSync(dir)).toEqual(['kept.md']);
    expect(readFileSync(join(dir, 'kept.md'), 'utf8')).toContain(`id: ${kept!.id}`);
  });
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file, leaving no temp file behind', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('cleans up its temp file when the rename fails', async () => {
    const dir = tempDir();
    const target = join(dir, 'taken');
    // A non-empty directory cannot be replaced by a file: the rename fails after the temp write.
    mkdirSync(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
