import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article, ArticleImport } from '../../src/shared/article';
import { importAsset } from '../../src/core/assets/assets';
import { storeRenderedParts } from '../../src/core/articles/parts-store';
import { sampleArticle } from '../../src/core/sample/sample-article';
import { doc, heading, link, list, paragraph, quote, text } from '../../src/shared/lexical/build';
import type { SerializedNode } from '../../src/shared/lexical/schema';
import { ARTICLE_PARTS_VERSION, articleParts, withAssetUrls } from '../../src/shared/render/article-parts';
import { TEXT_FORMAT } from '../../src/shared/render/lexical-html';
import { png } from '../fixtures/images';
import { tempDir } from './helpers';
import { contents, HOSTILE, publishedArticle, read, siteWith, type Site } from './site-fixtures';

/** Text shaped like a stored image: escaped on output, so it must never be re-pointed. */
const LOOKALIKE = '<img src="assets/0123456789abcdef0123456789abcdef.png"';

const image = (src: string, altText: string): SerializedNode => ({ type: 'image', version: 1, src, altText, caption: `Caption ${HOSTILE}`, width: 4, height: 4 });

/** An article with images at the top level and inside an answer, and hostile and look-alike text everywhere. */
function illustrated(src: string): ArticleImport & Pick<Article, 'body' | 'takeaways' | 'questions'> {
  const documents: Pick<Article, 'body' | 'takeaways' | 'questions'> = {
    body: doc(
      paragraph(`Before ${LOOKALIKE} ${HOSTILE}`),
      image(src, 'A pipe'),
      heading('h2', 'Details'),
      list('bullet', [{ content: [LOOKALIKE], nested: { kind: 'number', items: [{ content: ['nested'] }] } }]),
      quote(link('https://example.org/?a=1&b="2"', 'a source')),
      image(src, `Second ${HOSTILE}`),
    ),
    takeaways: [
      { id: 't1', content: doc(paragraph(text('Bold', TEXT_FORMAT.bold), ` ${LOOKALIKE}`)) },
      { id: 't2', content: doc(paragraph('')) },
    ],
    questions: [
      { id: 'q1', question: `Why ${HOSTILE}?`, answer: doc(paragraph(`Because ${LOOKALIKE}`), image(src, 'In an answer')) },
      { id: 'q2', question: '   ', answer: doc(paragraph('A question without words is left out, its image is still copied'), image(src, 'Orphan')) },
      { id: 'q3', question: 'Empty answer?', answer: doc(paragraph('')) },
    ],
  };
  return { ...publishedArticle(90, { id: 'illustrated', slug: 'illustrated', section: 'World' }), ...documents };
}

async function siteWithImage(): Promise<{ site: Site; src: string }> {
  const site = siteWith(3);
  const { src } = await importAsset(site.ws, png(4, 4), 'pipe.png');
  site.ws.articles.importMany([illustrated(src)]);
  return { site, src };
}

async function buildInto(site: Site, name: string): Promise<Map<string, string>> {
  const out = join(tempDir('copydesk-parts-'), name);
  site.publisher.settings.update({ outputDir: out });
  await site.publisher.publishSite();
  return contents(out);
}

const storedParts = (site: Site, id: string) =>
  site.ws.db.prepare('SELECT version, body_html FROM article_parts WHERE article_id = ?').get(id) as { version: number; body_html: string } | undefined;

const ILLUSTRATED_PAGE = 'world/illustrated/index.html';

describe('article parts', () => {
  it('re-pointed stored parts are exactly the parts rendered for the page', () => {
    const article = illustrated('assets/00112233445566778899aabbccddeeff.png');
    // A URL with characters that need escaping, as a site path could have.
    const url = (src: string) => `../../${src}?v="1"&w=<4>`;
    const stored = articleParts(article);
    expect(withAssetUrls(stored, url)).toEqual(articleParts(article, { assetUrl: url }));
    // The look-alike text stayed text (and escaped) in every fragment.
    const pointed = withAssetUrls(stored, url);
    for (const fragment of [pointed.bodyHtml, pointed.takeawaysHtml, pointed.questionsHtml]) {
      expect(fragment).toContain('&lt;img src=&quot;assets/0123456789abcdef0123456789abcdef.png&quot;');
    }
    expect(stored.images).toEqual(['assets/00112233445566778899aabbccddeeff.png']);
    expect(stored.firstImage).toBe('assets/00112233445566778899aabbccddeeff.png');
    // The empty takeaway and the question without words are left out; the FAQ also leaves out the empty answer.
    expect(stored.takeawaysHtml.match(/<li>/g)).toHaveLength(1);
    expect(stored.questionsHtml.match(/<details /g)).toHaveLength(2);
    expect(stored.questionsHtml).not.toContain('without words');
    const faq = JSON.parse(stored.faqJsonLd!) as { mainEntity: { name: string }[] };
    expect(faq.mainEntity.map((q) => q.name)).toEqual([`Why ${HOSTILE}?`]);
    expect(stored.faqJsonLd).not.toMatch(/[<>]/);
  });

  it('saving a published article stores its parts; changing a document any other way drops them', async () => {
    const { site } = await siteWithImage();
    expect(storedParts(site, 'illustrated')?.version).toBe(ARTICLE_PARTS_VERSION);
    const save = (id: string, change: Partial<Article>) => {
      const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = site.ws.articles.get(id);
      return site.ws.articles.save({ ...fields, ...change, expectedRevision: revision });
    };
    save('article-1', { body: doc(paragraph('Saved through the app')) });
    expect(storedParts(site, 'article-1')?.body_html).toBe('<p>Saved through the app</p>');
    // A save that leaves the documents as they were keeps the parts (not rendered again).
    site.ws.db.prepare("UPDATE article_parts SET body_html = '<p>Kept</p>' WHERE article_id = 'article-1'").run();
    save('article-1', { headline: 'A new headline' });
    expect(storedParts(site, 'article-1')?.body_html).toBe('<p>Kept</p>');
    // A draft has none until it is published.
    const draft = site.ws.articles.create({ headline: 'A draft' });
    save(draft.id, { body: doc(paragraph('Draft text')) });
    expect(storedParts(site, draft.id)).toBeUndefined();
    save(draft.id, { status: 'published' });
    expect(storedParts(site, draft.id)?.body_html).toBe('<p>Draft text</p>');
    // A writer that is not the save path (a script, a future sync) leaves no stale parts behind.
    site.ws.db.prepare('UPDATE articles SET body = ? WHERE id = ?').run(JSON.stringify(doc(paragraph('Written by hand'))), 'article-1');
    expect(storedParts(site, 'article-1')).toBeUndefined();
    site.ws.db.prepare("UPDATE articles SET headline = 'Only the headline' WHERE id = 'article-2'").run();
    expect(storedParts(site, 'article-2')).toBeDefined();
    const out = join(tempDir('copydesk-parts-'), 'site');
    site.publisher.settings.update({ outputDir: out });
    await site.publisher.publishSite();
    expect(read(out, 'world/story-1/index.html')).toContain('<p>Written by hand</p>');
  });

  it('a build uses stored parts of this version only', async () => {
    const { site } = await siteWithImage();
    site.ws.db.prepare("UPDATE article_parts SET body_html = '<p>From stored parts</p>' WHERE article_id = 'article-1'").run();
    site.ws.db.prepare("UPDATE article_parts SET version = version + 1, body_html = '<p>From another version</p>' WHERE article_id = 'article-3'").run();
    const pages = await buildInto(site, 'site');
    expect(pages.get('world/story-1/index.html')).toContain('<p>From stored parts</p>');
    const third = pages.get('world/story-3/index.html')!;
    expect(third).not.toContain('From another version');
    expect(third).toContain(sampleArticleFirstWords());
    // The build left the article parts of this version for the next one.
    expect(storedParts(site, 'article-3')?.version).toBe(ARTICLE_PARTS_VERSION);
    expect(storedParts(site, 'article-3')?.body_html).toContain(sampleArticleFirstWords());
  });

  it('a build stores the parts of articles it rendered from documents, and skips one it cannot render', async () => {
    const { site } = await siteWithImage();
    site.ws.db.prepare('DELETE FROM article_parts').run();
    site.ws.db.prepare(`UPDATE articles SET body = '{"root":' WHERE id = 'article-2'`).run();
    const out = join(tempDir('copydesk-parts-'), 'site');
    site.publisher.settings.update({ outputDir: out });
    const summary = await site.publisher.publishSite();
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]!.message).toMatch(/JSON/);
    const ids = site.ws.db.prepare('SELECT article_id FROM article_parts WHERE version = ? ORDER BY article_id').pluck().all(ARTICLE_PARTS_VERSION);
    expect(ids).toEqual(['article-1', 'article-3', 'illustrated']);
  });

  it('a build from stored parts writes the same bytes as a build that renders every document', async () => {
    const { site, src } = await siteWithImage();
    const fromParts = await buildInto(site, 'from-parts');
    site.ws.db.prepare('DELETE FROM article_parts').run();
    const fromDocuments = await buildInto(site, 'from-documents');
    expect(site.ws.db.prepare('SELECT COUNT(*) FROM article_parts').pluck().get()).toBe(4);
    expect([...fromParts.keys()]).toEqual([...fromDocuments.keys()]);
    for (const [file, content] of fromParts) expect(content, file).toBe(fromDocuments.get(file));
    // The page really has the images, re-pointed for its folder, and they were copied.
    const page = fromParts.get(ILLUSTRATED_PAGE)!;
    expect(page.match(new RegExp(`<img src="../../assets/${src.slice('assets/'.length)}"`, 'g'))).toHaveLength(3);
    expect(fromParts.has(`assets/${src.slice('assets/'.length)}`)).toBe(true);
    expect(page).toContain('&lt;img src=&quot;assets/0123456789abcdef0123456789abcdef.png&quot;');
  });

  it('parts rendered from an older revision are never stored over a newer save', async () => {
    const { site } = await siteWithImage();
    const { revision } = site.ws.articles.get('article-1');
    const stale = articleParts({ ...sampleDocuments(), body: doc(paragraph('Rendered from an older text')) });
    expect(storeRenderedParts(site.ws.db, [{ id: 'article-1', revision: revision - 1, parts: stale }])).toBe(0);
    expect(storedParts(site, 'article-1')?.body_html).not.toContain('older text');
    expect(storeRenderedParts(site.ws.db, [{ id: 'article-1', revision, parts: stale }])).toBe(1);
    expect(storedParts(site, 'article-1')?.body_html).toContain('older text');
  });

  it(`changing the rendered output needs a new ARTICLE_PARTS_VERSION (now ${ARTICLE_PARTS_VERSION})`, () => {
    // Stored parts of an older renderer would otherwise be published as they are. When this
    // fails because the renderer's output changed on purpose, bump ARTICLE_PARTS_VERSION and
    // record the new version with the new hash.
    const fixtures = [sampleDocuments(), illustrated('assets/00112233445566778899aabbccddeeff.png')];
    const hash = createHash('sha256').update(JSON.stringify(fixtures.map((a) => articleParts(a)))).digest('hex').slice(0, 16);
    expect({ version: ARTICLE_PARTS_VERSION, hash }).toEqual({ version: 2, hash: '05454b9101be143f' });
  });
});

function sampleDocuments(): Pick<Article, 'body' | 'takeaways' | 'questions'> {
  const { body, takeaways, questions } = sampleArticle();
  if (!body || !takeaways || !questions) throw new Error('the sample article has all three documents');
  return { body, takeaways, questions };
}

function sampleArticleFirstWords(): string {
  const first = sampleDocuments().body.root.children[0]!;
  const words = (first.children ?? []).map((n) => String(n.text ?? '')).join('');
  return words.slice(0, 30);
}
