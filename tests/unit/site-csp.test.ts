// Issue 18.14: the published site ships a strict Content-Security-Policy as a <meta> on every
// page, one that fits what the pages really load (tests/e2e/csp.spec.ts loads them in Chromium).
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { renderDocumentShell } from '../../src/shared/render/html';
import { sitePageCsp } from '../../src/shared/render/page-csp';
import { renderPreviewDocument } from '../../src/shared/render/preview';
import { HOSTILE, filesUnder, publishedArticle, read, siteWith } from './site-fixtures';

/** Parses a policy into directive -> sources, failing on anything that is not `name source…`. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    expect(name, `directive in ${policy}`).toMatch(/^[a-z-]+$/);
    expect(map.has(name!), `${name} twice`).toBe(false);
    for (const source of sources) expect(source).toMatch(/^(?:'(?:self|none)'|[a-z][a-z0-9+.-]*:(?:\/\/[a-z0-9.-]+(?::\d+)?)?)$/);
    map.set(name!, sources);
  }
  return map;
}

function parse(html: string) {
  const doc = new Window().document;
  doc.write(html);
  return doc;
}

describe('published site CSP (issue 18.14)', () => {
  it('allows nothing by default, no script at all, and only the site for styles and images', () => {
    const policy = directives(sitePageCsp());
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'style-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(sitePageCsp()).not.toMatch(/unsafe|\*|script-src/);
  });

  it('adds the origin of an absolute stylesheet or logo URL, and nothing for relative or other URLs', () => {
    const policy = directives(sitePageCsp({ cssHref: 'https://cdn.example.org/site.css?v=1', logoUrl: 'https://img.example.org/logo.png' }));
    expect(policy.get('style-src')).toEqual(["'self'", 'https://cdn.example.org']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'https://img.example.org']);
    expect(sitePageCsp({ cssHref: '../site.css', logoUrl: 'data:image/png;base64,AAAA' })).toBe(sitePageCsp());
    expect(sitePageCsp({ cssHref: 'javascript:alert(1)' })).toBe(sitePageCsp());
  });

  it('every page the publisher writes carries exactly one policy, first in <head>, and loads only what it allows', async () => {
    const { out, publisher } = siteWith(4, [publishedArticle(9, { headline: HOSTILE, summary: HOSTILE, tags: [HOSTILE] })]);
    const summary = await publisher.publishSite();
    expect(summary.errors).toEqual([]);
    const pages = filesUnder(out).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(5);
    for (const file of pages) {
      const html = read(out, file);
      const doc = parse(html);
      const metas = [...doc.querySelectorAll('meta[http-equiv]')].filter((m) => m.getAttribute('http-equiv')!.toLowerCase() === 'content-security-policy');
      expect(metas, file).toHaveLength(1);
      // Before any element that loads something: right after the charset.
      expect(html.indexOf('<meta http-equiv="Content-Security-Policy"'), file).toBe(html.indexOf('<meta charset="utf-8">') + '<meta charset="utf-8">\n'.length);
      const policy = metas[0]!.getAttribute('content')!;
      expect(policy, file).toBe(sitePageCsp());
      // What the policy forbids is not on the page: no executable script, inline style or handler.
      for (const script of doc.querySelectorAll('script')) expect(script.getAttribute('type'), file).toBe('application/ld+json');
      expect(doc.querySelectorAll('[style], style, iframe, object, embed, form, base').length, file).toBe(0);
      for (const element of doc.querySelectorAll('*')) {
        for (const name of element.getAttributeNames()) expect(name.startsWith('on'), `${file}: ${name}`).toBe(false);
      }
      for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) expect(link.getAttribute('href'), file).not.toMatch(/^[a-z]+:/i);
      for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('src'), file).toMatch(/^(?![a-z]+:)|^data:/i);
    }
  });

  it('the preview keeps its own policy (inline stylesheet) and carries no second one', () => {
    const { ws } = siteWith(0);
    const article = ws.articles.create({ headline: 'Draft' });
    const page = renderPreviewDocument({
      article,
      comments: [],
      votes: null,
      site: { title: 'T', baseUrl: 'https://example.org/', language: 'en', description: '', loginUrl: '', logo: null },
      assetUrl: () => null,
      imageSources: ['copydesk-asset:'],
    });
    const metas = page.match(/http-equiv="Content-Security-Policy"/g) ?? [];
    expect(metas).toHaveLength(1);
    expect(page).toContain("style-src &#39;unsafe-inline&#39;");
    expect(page).not.toContain(sitePageCsp().replace(/'/g, '&#39;'));
  });

  it('a shell given its own policy uses it instead of the site one', () => {
    const page = renderDocumentShell({ lang: 'en', title: 'x', body: '', siteTitle: 's', homeHref: '/', contentSecurityPolicy: "default-src 'none'" });
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">');
    expect(page.match(/Content-Security-Policy/g)).toHaveLength(1);
  });
});
