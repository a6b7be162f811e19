import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { articlePath, DEFAULT_SITE_SETTINGS, SiteSettingsSchema, urlPatternProblem } from '../../src/shared/site';
import { relativeHref } from '../../src/core/publish/paths';
import { tempWorkspace } from './helpers';

describe('site settings', () => {
  it('a new workspace has the default settings (migration 0003)', async () => {
    const ws = tempWorkspace();
    const result = await dispatch(createHandlers(ws), 'site:get', {});
    expect(result).toEqual({ ok: true, value: DEFAULT_SITE_SETTINGS });
  });

  it('site:update stores valid changes and normalises the base URL', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const result = await dispatch(handlers, 'site:update', { title: 'Ledger', baseUrl: 'https://news.example.org/ledger', language: 'pt-BR', urlPattern: '/<yyyy>/<slug>/' });
    expect(result.ok).toBe(true);
    const stored = await dispatch(handlers, 'site:get', undefined);
    expect(stored).toMatchObject({ ok: true, value: { title: 'Ledger', baseUrl: 'https://news.example.org/ledger/', language: 'pt-BR', urlPattern: '/<yyyy>/<slug>/' } });
  });

  it('site:update reports per-field errors and changes nothing', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const result = await dispatch(handlers, 'site:update', {
      title: '',
      baseUrl: 'javascript:alert(1)',
      language: 'not a language',
      loginUrl: 'ftp://x.org/',
      outputDir: 'relative/folder',
      urlPattern: '/<section>/',
      logo: '../etc/passwd',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['baseUrl', 'language', 'loginUrl', 'logo', 'outputDir', 'title', 'urlPattern']);
    expect(await dispatch(handlers, 'site:get', {})).toEqual({ ok: true, value: DEFAULT_SITE_SETTINGS });
  });

  it('URL patterns: tokens, literals, <slug> exactly once, no reserved first segment', () => {
    expect(urlPatternProblem('/<section>/<slug>/')).toBeNull();
    expect(urlPatternProblem('/news/<yyyy>/<mm>/<dd>/<slug>/')).toBeNull();
    expect(urlPatternProblem('<slug>/')).toMatch(/Start and end/);
    expect(urlPatternProblem('/<section>/')).toMatch(/<slug> exactly once/);
    expect(urlPatternProblem('/<slug>/<slug>/')).toMatch(/exactly once/);
    expect(urlPatternProblem('/<author>/<slug>/')).toMatch(/Unknown token/);
    expect(urlPatternProblem('/x-<slug>/')).toMatch(/whole segment/);
    expect(urlPatternProblem('/../<slug>/')).toMatch(/not allowed/);
    expect(urlPatternProblem('/a//<slug>/')).toMatch(/Empty/);
    expect(urlPatternProblem('/tag/<slug>/')).toMatch(/used by the site/);
    expect(SiteSettingsSchema.shape.urlPattern.safeParse('/Caps/<slug>/').success).toBe(false);
  });

  it('expands patterns from the article (UTC dates, section slug, "news" for none)', () => {
    const article = { slug: 'a-story', section: 'Local News', publishedAt: '2026-01-12T23:30:00.000-05:00', updatedAt: '2026-01-20T00:00:00.000Z' };
    expect(articlePath('/<section>/<slug>/', article)).toBe('/local-news/a-story/');
    expect(articlePath('/<yyyy>/<mm>/<dd>/<slug>/', article)).toBe('/2026/01/13/a-story/');
    expect(articlePath('/<section>/<slug>/', { ...article, section: '' })).toBe('/news/a-story/');
  });

  it('relative hrefs between site paths', () => {
    expect(relativeHref('/', '/world/a/')).toBe('world/a/');
    expect(relativeHref('/world/a/', '/')).toBe('../../');
    expect(relativeHref('/world/a/', '/assets/site.css')).toBe('../../assets/site.css');
    expect(relativeHref('/page/2/', '/page/3/')).toBe('../3/');
    expect(relativeHref('/page/2/', '/page/2/')).toBe('./');
  });
});
