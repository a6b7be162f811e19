import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/shared/article';
import type { PublishedComment } from '../../src/shared/engagement';
import { doc, heading, link, list, paragraph, quote, text } from '../../src/shared/lexical/build';
import type { SerializedNode } from '../../src/shared/lexical/schema';
import { renderArticlePage, type ArticlePageInput } from '../../src/shared/render/article-page';
import { articleParts } from '../../src/shared/render/article-parts';
import { renderDocumentShell, safeHref } from '../../src/shared/render/html';
import { renderLexicalHtml } from '../../src/shared/render/lexical-html';
import { renderPreviewDocument } from '../../src/shared/render/preview';
import { parseDocument, parseFragment } from './render-dom';

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<Doc['querySelector']> & object;

/** Untrusted text as it could arrive from an import, a remote comment or a careless paste. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea></title></style><script>alert(1)</script>',
  '<!-- --><a href="javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  '\u202Eevil.exe\u202C and more',
];
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' java\tscript:alert(1)',
  'jav&#x61;script:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '"><img src=x onerror=alert(1)>',
];
const all = HOSTILE.join(' ');

const lexicalLinks = (): SerializedNode[] => HOSTILE_URLS.map((url) => link(url, `link to ${url}`));
const hostileDoc = () =>
  doc(
    heading('h2', all),
    paragraph(all, text(all, 1 | 2 | 16), ...lexicalLinks()),
    quote(all),
    list('bullet', [{ content: [all], nested: { kind: 'number', items: [{ content: [...lexicalLinks()] }] } }]),
    {
      type: 'image',
      version: 1,
      src: 'assets/0123456789abcdef0123456789abcdef.png',
      altText: HOSTILE[1]!,
      caption: all,
      width: 10,
      height: 10,
    },
    { type: 'image', version: 1, src: 'javascript:alert(1)', altText: 'x', caption: '', width: 1, height: 1 },
    { type: 'image', version: 1, src: '"><script>alert(1)</script>', altText: 'x', caption: '', width: 1, height: 1 },
  );

function hostileArticle(): Article {
  return {
    id: 'a1',
    slug: 'x',
    section: all,
    headline: all,
    summary: all,
    byline: HOSTILE,
    tags: HOSTILE,
    body: hostileDoc(),
    takeaways: HOSTILE.map((h, i) => ({ id: `t${i}`, content: doc(paragraph(h, ...lexicalLinks().slice(0, 2))) })),
    questions: HOSTILE.map((h, i) => ({ id: `q${i}`, question: h, answer: hostileDoc() })),
    status: 'published',
    revision: 1,
    createdAt: '2026-01-12T10:00:00.000Z',
    updatedAt: '2026-01-13T10:00:00.000Z',
    publishedAt: '2026-01-12T10:00:00.000Z',
    trashedAt: null,
  };
}

function hostileComments(): PublishedComment[] {
  return HOSTILE.flatMap((h, i) => [
    { id: `c${i}`, parentId: null, authorName: h, body: `${h}\n${h}\n\n${h}`, createdAt: '2026-01-12T11:00:00.000Z' },
    { id: `r${i}`, parentId: `c${i}`, authorName: `\u202E${h}`, body: h, createdAt: h },
    { id: `"><script>alert(${i})</script>`, parentId: `c${i}`, authorName: 'x', body: 'y', createdAt: '2026-01-12T11:00:00.000Z' },
  ]);
}

const hostileSite = { title: all, baseUrl: 'javascript:alert(1)', language: '"><script>', description: all, loginUrl: 'JaVaScRiPt:alert(1)', logoUrl: 'javascript:alert(1)' };

function pageInput(): ArticlePageInput & { article: Article } {
  return {
    article: hostileArticle(),
    comments: hostileComments(),
    votes: { interesting: { yes: 1, total: 2 }, support: { yes: 0, total: 2 }, votingOpen: true },
    site: hostileSite,
    urls: {
      canonical: 'javascript:alert(1)',
      home: 'javascript:alert(1)',
      section: 'vbscript:msgbox(1)',
      tag: (name) => `/tag/${name}/`,
      css: 'javascript:alert(1)',
      asset: (src) => `../${src}`,
    },
    jsonLd: [{ '@type': 'NewsArticle', headline: all, description: '</script><script>alert(1)</script><!--' }],
  };
}

const URL_ATTRIBUTES = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite'];

/** The scheme a browser would see: it ignores ASCII whitespace and control characters in it. */
function dangerous(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const squashed = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  return /^(?:javascript|vbscript|data):/.test(squashed) && !/^data:image\//.test(squashed);
}

function expectInert(document: Doc | El, jsonLd: unknown[] = []): void {
  const scripts = Array.from(document.querySelectorAll('script'));
  for (const script of scripts) expect(script.getAttribute('type')).toBe('application/ld+json');
  expect(scripts.map((s) => JSON.parse(s.textContent ?? ''))).toEqual(jsonLd);
  for (const tag of ['iframe', 'object', 'embed', 'svg', 'math', 'form', 'base', 'textarea']) {
    expect(document.querySelectorAll(tag).length, `no <${tag}>`).toBe(0);
  }
  // The preview's own stylesheet is the only <style>, and it is in <head>.
  for (const style of Array.from(document.querySelectorAll('style'))) expect(style.parentElement?.tagName).toBe('HEAD');
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(element.attributes)) {
      const name = attr.name.toLowerCase();
      expect(name.startsWith('on'), `${element.tagName} has ${name}`).toBe(false);
      if (URL_ATTRIBUTES.includes(name)) expect(dangerous(attr.value ?? ''), `${element.tagName} ${name}=${attr.value}`).toBe(false);
    }
  }
  for (const img of Array.from(document.querySelectorAll('img'))) {
    expect(img.getAttribute('src')).toMatch(/^(?:\.\.\/)?assets\/[0-9a-f]{32}\.png$|^data:image\//);
  }
  for (const meta of Array.from(document.querySelectorAll('meta[http-equiv]'))) {
    expect(meta.getAttribute('http-equiv')).toBe('Content-Security-Policy');
  }
}

/** Every text node holding U+202E sits inside a <bdi>, so it cannot reorder the text around it. */
function expectIsolated(root: El, selector: string): void {
  const scopes = Array.from(root.querySelectorAll(selector));
  expect(scopes.length).toBeGreaterThan(0);
  for (const scope of scopes) {
    const walker = (node: unknown): void => {
      const n = node as unknown as { nodeType: number; textContent: string | null; parentElement: El | null; childNodes: ArrayLike<unknown> };
      if (n.nodeType === 3 && n.textContent?.includes('\u202E')) expect(n.parentElement?.closest('bdi'), `unisolated: ${n.textContent}`).not.toBeNull();
      for (const child of Array.from(n.childNodes)) walker(child);
    };
    walker(scope);
  }
}

describe('hostile text renders inert', () => {
  it('in every field of the article page: no script, no on* attribute, no javascript:/data:/vbscript: URL', () => {
    const input = pageInput();
    const html = renderArticlePage(input);
    const page = parseDocument(html);
    // The page's structured data parses back to exactly what was given, then the FAQPage with the hostile questions as text.
    const faq = JSON.parse(articleParts(input.article).faqJsonLd!) as { mainEntity: { name: string }[] };
    expect(faq.mainEntity.map((q) => q.name).join(' ')).toContain(HOSTILE[0]);
    expectInert(page, [...(input.jsonLd as unknown[]), faq]);
    // Nothing was dropped: the hostile text is shown as text.
    const visible = page.body.textContent ?? '';
    for (const h of HOSTILE) expect(visible).toContain(h);
    expect(page.title).toContain(HOSTILE[0]);
    expect(page.documentElement.getAttribute('lang')).toBe('en');
    // Unsafe site URLs (login, home, canonical, stylesheet, logo) are left out, not emitted.
    expect(page.querySelector('link[rel="canonical"]')).toBeNull();
    expect(page.querySelector('link[rel="stylesheet"]')).toBeNull();
    expect(page.querySelector('.site-logo')).toBeNull();
    expect(page.querySelector('.comments__login a')).toBeNull();
    expect(page.querySelector('.comments__login')?.textContent).toBe('Only logged-in users can comment.');
    // Every link text that pointed at a hostile URL is there, unlinked.
    for (const url of HOSTILE_URLS) expect(visible).toContain(`link to ${url}`);
    // Only the entity-encoded one survives, as Lexical's formatUrl makes it: an https link to the
    // (odd) host "jav&", which is harmless. Every other hostile link is plain text.
    for (const a of Array.from(page.querySelectorAll('.article-body a'))) expect(a.getAttribute('href')).toBe('https://jav&/#x61;script:alert(1)');
  });

  it('wraps untrusted names and comment bodies in <bdi>', () => {
    const page = parseDocument(renderArticlePage(pageInput()));
    expectIsolated(page.body as unknown as El, '.comment__meta');
    expectIsolated(page.body as unknown as El, '.comment__text');
    expectIsolated(page.body as unknown as El, '.article-byline');
    expectIsolated(page.body as unknown as El, '.article-tags');
    expectIsolated(page.body as unknown as El, '.article-section');
    expectIsolated(page.body as unknown as El, '.site-title');
  });

  it('in comment threads, with hostile ids, parents and dates', () => {
    const page = parseDocument(renderArticlePage(pageInput()));
    expect(page.querySelectorAll('.comment').length).toBe(hostileComments().length);
    // Replies nest under their parent.
    expect(page.querySelectorAll('.comment-list--replies .comment').length).toBe(HOSTILE.length * 2);
    // A date that is not a date is shown as text, never as a datetime attribute.
    for (const time of Array.from(page.querySelectorAll('time'))) expect(time.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('in the preview document too', () => {
    const input = pageInput();
    const html = renderPreviewDocument({
      article: input.article,
      comments: input.comments,
      votes: input.votes,
      site: { ...hostileSite, language: 'en', logo: null },
      assetUrl: (src) => `data:image/png;base64,${btoa(src)}`,
      imageSources: ["'unsafe-inline' javascript:"],
      theme: 'dark',
    });
    const page = parseDocument(html);
    expectInert(page);
    expect(page.querySelector('meta[http-equiv]')?.getAttribute('content')).not.toContain('unsafe-inline javascript');
  });

  it('in the Lexical renderer on its own, including links in every casing and encoding', () => {
    const fragment = parseFragment(renderLexicalHtml(hostileDoc()));
    expectInert(fragment as unknown as El);
    // Issue 18.2: a character reference before the path (`jav&#x61;script:`) is refused too, rather
    // than turned into a strange https link another renderer might decode into a script URL.
    expect(Array.from(fragment.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual([]);
    expect(fragment.querySelectorAll('img').length).toBe(1);
  });

  it('a link inside a link (found by fuzzing) renders one anchor, keeping the inner text', () => {
    const inner = link('https://example.org/inner', 'inner text');
    const outer = { ...link('https://example.org/outer', ''), children: [text('outer '), inner] };
    const fragment = parseFragment(renderLexicalHtml(doc(paragraph(outer))));
    expect(Array.from(fragment.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['https://example.org/outer']);
    expect(fragment.textContent).toBe('outer inner text');
  });

  it('an ordered list starting at 0 or below (found by fuzzing) has no start attribute; 2 and up keep theirs', () => {
    const numbered = (start: number) => ({ ...list('number', [{ content: [text('one')] }]), start });
    for (const start of [-1, 0, 1]) expect(renderLexicalHtml(doc(numbered(start)))).toMatch(/^<ol>/);
    expect(renderLexicalHtml(doc(numbered(3)))).toMatch(/^<ol start="3">/);
  });

  it('in the document shell', () => {
    const page = parseDocument(
      renderDocumentShell({ lang: '"><script>', title: all, description: all, canonicalUrl: 'data:text/html,x', cssHref: 'javascript:x', body: '<p>ok</p>', siteTitle: all, homeHref: 'JaVaScRiPt:x' }),
    );
    expectInert(page);
    expect(page.querySelector('.site-title')?.getAttribute('href')).toBe('/');
  });

  it('safeHref accepts only web and mail URLs', () => {
    for (const url of HOSTILE_URLS.filter((u) => !u.startsWith('"') && !u.startsWith('jav&'))) expect(safeHref(url)).toBeNull();
    expect(safeHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeHref('mailto:desk@example.org')).toBe('mailto:desk@example.org');
    expect(safeHref('/tag/water/')).toBe('/tag/water/');
    expect(safeHref('tel:+15555550100')).toBeNull();
  });
});
