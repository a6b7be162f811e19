import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleSaveSchema, type Article } from '../../src/shared/article';
import { doc, link, paragraph } from '../../src/shared/lexical/build';
import { isAllowedLinkUrl, withoutDisallowedLinks } from '../../src/shared/lexical/link-url';
import { LexicalStateSchema, type SerializedNode } from '../../src/shared/lexical/schema';
import { renderLexicalHtml } from '../../src/shared/render/lexical-html';
import { SiteArticleSchema } from '../../src/shared/remote/site-api';
import { importFiles } from '../../src/core/io/import';
import { ghostLexical } from '../../src/core/remote/ghost/lexical';
import { toSiteArticle } from '../../src/core/remote/site/target';
import { tempDir, tempWorkspace } from './helpers';

/** Script and data schemes in the spellings that slip past a naive check. */
const HOSTILE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0001javascript:alert(1)',
  'javascript\u0000:alert(1)',
  '\u00a0javascript:alert(1)',
  'javascript&colon;alert(1)',
  '&#106;avascript:alert(1)',
  'java&#115;cript:alert(1)',
  'jav&#x61;script:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'VBScript:msgbox(1)',
  'file:///etc/passwd',
  'tel:+15555550100',
  '',
];
const ALLOWED = [
  'https://example.org/a?b=1&c=2#frag',
  'http://example.org/',
  'mailto:desk@example.org?subject=Hi&body=There',
  '/about',
  '#notes',
  '../archive/2024',
  './here',
  'example.org/page',
  'desk@example.org',
];

const withLink = (url: string) => doc(paragraph('See ', link(url, 'this'), '.'));

function anchors(html: string): number {
  return html.split('<a ').length - 1;
}

describe('issue 18.2: link URL schemes are validated in the shared schema', () => {
  it.each(HOSTILE)('the schema refuses %j, naming the link', (url) => {
    const result = LexicalStateSchema.safeParse(withLink(url));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['root', 'children', 0, 'children', 1, 'url']);
    expect(result.error!.issues[0]!.message).toMatch(/not allowed: use an http, https or mailto address, or a relative link/);
  });

  it.each(ALLOWED)('the schema accepts %j', (url) => {
    expect(LexicalStateSchema.safeParse(withLink(url)).success).toBe(true);
  });

  it('the schema and the renderer make the same decision for every URL', () => {
    for (const url of [...HOSTILE, ...ALLOWED]) {
      const rendered = anchors(renderLexicalHtml(withLink(url)));
      expect({ url, linked: rendered === 1 }).toEqual({ url, linked: isAllowedLinkUrl(url) });
    }
  });

  it('checks links nested in lists and autolinks, and refuses a link with no address', () => {
    const autolink: SerializedNode = { ...link('JAVASCRIPT:alert(1)', 'x'), type: 'autolink', isUnlinked: false };
    expect(LexicalStateSchema.safeParse(doc(paragraph(autolink))).success).toBe(false);
    const { url: _url, ...noUrl } = link('https://example.org/', 'x');
    expect(LexicalStateSchema.safeParse(doc(paragraph(noUrl as SerializedNode))).success).toBe(false);
  });

  it('save refuses a javascript: link in the body, a takeaway or an answer', () => {
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Links' });
    const { revision: _r, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
    const bad = withLink('JaVa\tScRiPt:alert(1)');
    for (const edit of [
      { body: bad },
      { takeaways: [{ id: 't1', content: bad }] },
      { questions: [{ id: 'q1', question: 'Why?', answer: bad }] },
    ]) {
      expect(ArticleSaveSchema.safeParse({ ...fields, ...edit }).success).toBe(false);
      expect(() => ws.articles.save({ ...fields, ...edit })).toThrow(/not allowed/);
    }
    expect(ws.articles.get(article.id).revision).toBe(article.revision);
  });

  it('JSON and Markdown imports refuse obfuscated script links with the place', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const json = join(dir, 'story.json');
    writeFileSync(json, JSON.stringify({ headline: 'X', questions: [{ id: 'q1', question: 'Q', answer: withLink('\u0001javascript:alert(1)') }] }));
    const md = join(dir, 'story.md');
    writeFileSync(md, '---\ntitle: X\n---\n\nIntro.\n\nSee [this](java&#115;cript:alert(1)).\n');
    const [fromJson, fromMd] = await importFiles(ws, [json, md]);
    expect(fromJson).toMatchObject({ ok: false, error: { path: 'questions[0].answer.root.children[0].children[1].url' } });
    expect(fromMd).toMatchObject({ ok: false, error: { line: 7 } });
    expect(ws.articles.count()).toBe(0);
  });

  it('remote payloads of an article stored before the rule carry the link text, never the link', () => {
    const stored = {
      id: 'a1',
      slug: 'old',
      headline: 'Old',
      section: '',
      summary: '',
      byline: [],
      tags: [],
      status: 'published',
      body: doc(paragraph('Body ', link('javascript:alert(1)', 'click'), ' ', link('https://example.org/', 'fine'))),
      takeaways: [{ id: 't1', content: doc(paragraph(link('data:text/html,x', 'take'))) }],
      questions: [{ id: 'q1', question: 'Q', answer: doc(paragraph(link('vbscript:x', 'answer'))) }],
      revision: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      publishedAt: '2025-01-01T00:00:00.000Z',
      trashedAt: null,
    } satisfies Article;
    const site = toSiteArticle(stored, () => '<p>page</p>');
    expect(SiteArticleSchema.safeParse(site).success).toBe(true);
    const ghost = JSON.stringify(ghostLexical(stored, renderLexicalHtml, new Map()));
    for (const payload of [JSON.stringify(site), ghost]) {
      expect(payload).not.toMatch(/javascript:|data:text|vbscript:/i);
      expect(payload).toContain('click');
      expect(payload).toContain('https://example.org/');
    }
    expect(JSON.stringify(site.takeaways)).toContain('take');
  });

  it('withoutDisallowedLinks unwraps a refused link inside another refused link', () => {
    const inner = link('javascript:inner()', 'deep');
    const outer = { ...link('javascript:outer()', ''), children: [inner] };
    const cleaned = withoutDisallowedLinks(doc(paragraph(outer)));
    expect(JSON.stringify(cleaned)).not.toContain('javascript');
    expect(JSON.stringify(cleaned)).toContain('deep');
  });
});
