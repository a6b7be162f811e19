import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileForPath } from '../../src/core/publish/paths';
import { filesUnder, HOSTILE, htmlProblems, publishedArticle, read, siteWith } from './site-fixtures';
import { answerWithList } from './site-fixtures';

function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
}

function meta(html: string, attr: 'property' | 'name', key: string): string | null {
  const match = new RegExp(`<meta ${attr}="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`).exec(html);
  return match ? match[1]! : null;
}

/** Every relative href/src in a page, resolved against the page's own location in the output folder. */
function relativeTargets(file: string, html: string): string[] {
  const dir = posix.dirname(file);
  return [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .filter((url) => !/^[a-z]+:/i.test(url) && !url.startsWith('#') && !url.startsWith('/'))
    .map((url) => {
      const target = posix.normalize(posix.join(dir, url));
      return url.endsWith('/') || url === '.' || url === './' ? posix.join(target, 'index.html') : target;
    });
}

describe('static site pages', () => {
  it('every generated page type is valid HTML (html-validate)', async () => {
    const { out, publisher } = siteWith(25);
    const summary = await publisher.publishSite();
    expect(summary.errors).toEqual([]);
    const pages = {
      article: 'world/story-1/index.html',
      home: 'index.html',
      homePage2: 'page/2/index.html',
      section: 'section/world/index.html',
      tag: 'tag/energy/index.html',
      notFound: '404.html',
    };
    for (const [kind, file] of Object.entries(pages)) {
      expect(existsSync(join(out, file)), `${kind} page ${file}`).toBe(true);
      expect(await htmlProblems(read(out, file)), `${kind} page ${file}`).toEqual([]);
    }
  });

  it('article pages carry canonical URL, Open Graph, Twitter card and JSON-LD NewsArticle + FAQPage', async () => {
    const { out, publisher } = siteWith(1);
    await publisher.publishSite();
    const page = read(out, 'world/story-1/index.html');
    const canonical = 'https://news.example.org/ledger/world/story-1/';
    expect(page).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(meta(page, 'property', 'og:type')).toBe('article');
    expect(meta(page, 'property', 'og:url')).toBe(canonical);
    expect(meta(page, 'property', 'og:title')).toBe('Story number 1: council acts on water');
    expect(meta(page, 'property', 'og:site_name')).toBe('The Harbor Ledger');
    expect(meta(page, 'name', 'twitter:card')).toBe('summary');
    const [news, faq] = jsonLd(page);
    expect(news).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Story number 1: council acts on water',
      url: canonical,
      mainEntityOfPage: { '@id': canonical },
      datePublished: expect.any(String),
      dateModified: expect.any(String),
      author: [{ '@type': 'Person', name: 'Maya Okafor' }, { '@type': 'Person', name: 'Daniel Reyes' }],
      publisher: { '@type': 'Organization', name: 'The Harbor Ledger' },
    });
    expect(faq!['@type']).toBe('FAQPage');
    const questions = faq!.mainEntity as { '@type': string; name: string; acceptedAnswer: { '@type': string; text: string } }[];
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) {
      expect(q['@type']).toBe('Question');
      expect(q.name.length).toBeGreaterThan(0);
      expect(q.acceptedAnswer['@type']).toBe('Answer');
      expect(q.acceptedAnswer.text.length).toBeGreaterThan(0);
      expect(q.acceptedAnswer.text).not.toMatch(/<[a-z]/i);
    }
  });

  it('the FAQPage leaves out questions without an answer, and there is none when no question is answered', async () => {
    const { out, publisher } = siteWith(0, [
      publishedArticle(1, { questions: [{ id: 'q1', question: 'Answered?', answer: answerWithList() }, { id: 'q2', question: 'Not yet?', answer: { root: { type: 'root', version: 1, children: [] } } as never }] }),
      publishedArticle(2, { slug: 'no-faq', questions: [] }),
    ]);
    await publisher.publishSite();
    const faq = jsonLd(read(out, 'local-news/story-1/index.html')).find((d) => d['@type'] === 'FAQPage')!;
    expect((faq.mainEntity as { name: string; acceptedAnswer: { text: string } }[]).map((q) => q.name)).toEqual(['Answered?']);
    expect((faq.mainEntity as { acceptedAnswer: { text: string } }[])[0]!.acceptedAnswer.text).toContain('nested');
    expect(jsonLd(read(out, 'local-news/no-faq/index.html')).map((d) => d['@type'])).toEqual(['NewsArticle']);
  });

  it('every relative link and stylesheet in every page points at a file that exists', async () => {
    const { out, publisher } = siteWith(23);
    await publisher.publishSite();
    const htmlFiles = filesUnder(out).filter((f) => f.endsWith('.html') && f !== '404.html');
    expect(htmlFiles.length).toBeGreaterThan(25);
    for (const file of htmlFiles) {
      for (const target of relativeTargets(file, read(out, file))) {
        expect(existsSync(join(out, target)), `${file} → ${target}`).toBe(true);
      }
    }
  });

  it('the stylesheet is fingerprinted by content, and pages link to it relatively', async () => {
    const { out, publisher } = siteWith(1);
    await publisher.publishSite();
    const css = filesUnder(out).filter((f) => f.startsWith('assets/'));
    expect(css).toHaveLength(1);
    expect(css[0]).toMatch(/^assets\/site\.[0-9a-f]{12}\.css$/);
    expect(read(out, 'world/story-1/index.html')).toContain(`href="../../${css[0]}"`);
    expect(read(out, 'index.html')).toContain(`href="${css[0]}"`);
    // The 404 page is served at any depth, so it links root-relative under the base URL's path.
    expect(read(out, '404.html')).toContain(`href="/ledger/${css[0]}"`);
  });

  it('home, section and tag listings paginate 20 per page, newest first', async () => {
    const { out, publisher } = siteWith(45);
    await publisher.publishSite();
    const headlines = (file: string) => [...read(out, file).matchAll(/<h2 class="listing-card__headline"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
    expect(headlines('index.html')).toHaveLength(20);
    expect(headlines('page/2/index.html')).toHaveLength(20);
    expect(headlines('page/3/index.html')).toHaveLength(5);
    expect(existsSync(join(out, 'page/4/index.html'))).toBe(false);
    expect(read(out, 'page/2/index.html')).toContain('rel="prev" href="../../"');
    expect(read(out, 'page/2/index.html')).toContain('rel="next" href="../3/"');
    expect(headlines('section/world/index.html')).toHaveLength(20);
    expect(headlines('section/world/page/2/index.html')).toHaveLength(3);
    expect(headlines('tag/water/page/3/index.html')).toHaveLength(5);
    // Newest first: story 45 has the latest date among the first 28 days... compare with the data.
    const all = [...headlines('index.html'), ...headlines('page/2/index.html'), ...headlines('page/3/index.html')];
    expect(new Set(all).size).toBe(45);
  });

  it('article pages live at the URL pattern, with date tokens', async () => {
    const { out, publisher } = siteWith(1);
    publisher.settings.update({ urlPattern: '/news/<yyyy>/<mm>/<dd>/<slug>/' });
    await publisher.publishSite();
    expect(existsSync(join(out, 'news/2025/01/02/story-1/index.html'))).toBe(true);
    expect(fileForPath('/news/2025/01/02/story-1/')).toBe('news/2025/01/02/story-1/index.html');
  });

  it('hostile text in headlines, summaries, sections, tags and bylines is inert in listing pages', async () => {
    const { out, publisher } = siteWith(0, [
      publishedArticle(1, { headline: `Headline ${HOSTILE}`, summary: `Summary ${HOSTILE}`, section: 'Sec <script>alert(1)</script>', tags: [`Tag ${HOSTILE}`], byline: [`By ${HOSTILE}`] }),
    ]);
    const summary = await publisher.publishSite();
    expect(summary.errors).toEqual([]);
    const listings = filesUnder(out).filter((f) => f.endsWith('.html') && !f.includes('story-1'));
    expect(listings.length).toBeGreaterThanOrEqual(3);
    for (const file of listings) {
      const html = read(out, file);
      expect(html, file).not.toContain('<script>alert');
      expect(html, file).not.toContain('<img src=x');
      expect(await htmlProblems(html), file).toEqual([]);
    }
    expect(read(out, 'index.html')).toContain('Headline &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});
