import { describe, expect, it } from 'vitest';
import { doc, link, paragraph } from '../../src/shared/lexical/build';
import { internalPath, prepublishChecklist, type SiteLinkContext } from '../../src/shared/prepublish';
import type { SerializedNode } from '../../src/shared/lexical/schema';

const site: SiteLinkContext = {
  baseUrl: 'https://news.example.org/ledger/',
  urlPattern: '/<section>/<slug>/',
  published: [
    { slug: 'known-story', section: 'World', tags: ['water'], publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  ],
};

const takeaway = (text: string) => ({ id: `t${text.length}`, content: doc(paragraph(text)) });
const image = (altText: string): SerializedNode => ({ type: 'image', version: 1, src: 'assets/0123456789abcdef0123456789abcdef.png', altText, caption: '', width: 10, height: 10 });

function clean() {
  return {
    headline: 'A finished story',
    summary: 'All done.',
    body: doc(paragraph('Body text with ', link('https://news.example.org/ledger/world/known-story/', 'a known story'), '.')),
    takeaways: [takeaway('One point.')],
    questions: [{ id: 'q1', question: 'Why?', answer: doc(paragraph('Because.')) }],
  };
}

describe('pre-publish checklist', () => {
  it('a finished article passes', () => {
    expect(prepublishChecklist(clean(), site)).toEqual([]);
  });

  it('finds TK markers in every field, not inside words or in lowercase', () => {
    const article = { ...clean(), headline: 'Mayor TK resigns', body: doc(paragraph('Cost: TKTK dollars. TKO and tk are fine.')), questions: [{ id: 'q', question: 'Who is TK?', answer: doc(paragraph('TK')) }] };
    const tk = prepublishChecklist(article, site).filter((i) => i.kind === 'tk');
    expect(tk.map((i) => i.where)).toEqual(['Headline', 'Body', 'Question 1', 'Answer 1']);
  });

  it('missing or empty takeaways', () => {
    expect(prepublishChecklist({ ...clean(), takeaways: [] }, site)).toEqual([{ kind: 'takeaways', where: 'Key takeaways', message: 'No key takeaways yet' }]);
    expect(prepublishChecklist({ ...clean(), takeaways: [takeaway('One.'), takeaway('')] }, site).map((i) => i.where)).toEqual(['Takeaway 2']);
  });

  it('questions without answers', () => {
    const issues = prepublishChecklist({ ...clean(), questions: [{ id: 'q', question: 'Open question?', answer: doc(paragraph('')) }] }, site);
    expect(issues).toEqual([{ kind: 'unanswered', where: 'Question 1', message: '“Open question?” has no answer' }]);
  });

  it('images without alt text, in the body and in answers', () => {
    const article = { ...clean(), body: doc(image('A harbor at dawn'), image('  ')), questions: [{ id: 'q', question: 'Where?', answer: doc(paragraph('Here.'), image('')) }] };
    expect(prepublishChecklist(article, site).filter((i) => i.kind === 'alt').map((i) => i.where)).toEqual(['Body', 'Answer 1']);
  });

  it('broken internal links; external links, anchors and listing pages are fine', () => {
    const body = doc(
      paragraph(link('https://news.example.org/ledger/world/missing-story/', 'gone')),
      paragraph(link('/ledger/section/world/', 'section'), link('https://other.example.com/x', 'external'), link('#notes', 'anchor')),
      paragraph(link('https://news.example.org/ledger/tag/water/', 'tag'), link('https://news.example.org/elsewhere/', 'outside the base path')),
    );
    const issues = prepublishChecklist({ ...clean(), body }, site);
    expect(issues.map((i) => [i.kind, i.message])).toEqual([['link', 'The link to https://news.example.org/ledger/world/missing-story/ points at a page the site will not have']]);
  });

  it('internalPath maps URLs under the base URL to site paths', () => {
    expect(internalPath('https://news.example.org/ledger/a/b/index.html', site.baseUrl)).toBe('/a/b/');
    expect(internalPath('a/b/', site.baseUrl)).toBe('/a/b/');
    expect(internalPath('mailto:x@example.org', site.baseUrl)).toBeNull();
    expect(internalPath('https://news.example.org/other/', site.baseUrl)).toBeNull();
  });
});
