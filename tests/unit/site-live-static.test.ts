// Issue 13 item 4: the static publisher's "Live votes and comments from a Copydesk site" setting.
// Set: every article page loads that site's live script and names its live JSON, and the page's
// CSP allows exactly that origin for script and fetch. Unset: pages run no script at all.
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { sitePageCsp } from '../../src/shared/render/page-csp';
import { filesUnder, publishedArticle, read, siteWith } from './site-fixtures';

function parse(html: string) {
  const doc = new Window().document;
  doc.write(html);
  return doc;
}

const policyOf = (doc: ReturnType<typeof parse>) => doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
const directive = (policy: string, name: string) => policy.split(';').map((p) => p.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1) ?? null;

describe('static pages with live votes and comments from a Copydesk site (issue 13)', () => {
  it('without the setting, article pages carry no live tags and no script-src', async () => {
    const { out, publisher, ws } = siteWith(2);
    expect(publisher.settings.get().liveUrl).toBe('');
    expect((await publisher.publishSite()).errors).toEqual([]);
    const [first] = ws.articles.list({});
    const pages = filesUnder(out).filter((f) => f.endsWith('index.html'));
    for (const file of pages) {
      const doc = parse(read(out, file));
      expect(doc.querySelector('meta[name="copydesk-live"]'), file).toBeNull();
      expect(directive(policyOf(doc), 'script-src'), file).toBeNull();
      expect(directive(policyOf(doc), 'connect-src'), file).toBeNull();
    }
    expect(first).toBeDefined();
  });

  it('with it, each article page names its live JSON and loads the site’s script, and the CSP allows that origin only', async () => {
    const { out, publisher, ws } = siteWith(0, [publishedArticle(1, { section: 'World', slug: 'harbor-story' })]);
    // Stored with a trailing slash, whatever was typed.
    expect(publisher.settings.update({ liveUrl: 'http://127.0.0.1:4567/live-site' }).liveUrl).toBe('http://127.0.0.1:4567/live-site/');
    expect((await publisher.publishSite()).errors).toEqual([]);
    const [article] = ws.articles.list({});
    const file = filesUnder(out).find((f) => f.includes('harbor-story'))!;
    const doc = parse(read(out, file));
    expect(doc.querySelector('meta[name="copydesk-live"]')!.getAttribute('content')).toBe(`http://127.0.0.1:4567/live-site/live/${article!.id}.json`);
    const scripts = [...doc.querySelectorAll('script[src]')];
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual(['http://127.0.0.1:4567/live-site/assets/live.js']);
    expect(scripts[0]!.hasAttribute('defer')).toBe(true);
    const policy = policyOf(doc);
    expect(policy).toBe(sitePageCsp({ liveUrl: 'http://127.0.0.1:4567/live-site/' }));
    expect(directive(policy, 'script-src')).toEqual(['http://127.0.0.1:4567']);
    expect(directive(policy, 'connect-src')).toEqual(['http://127.0.0.1:4567']);
    expect(directive(policy, 'default-src')).toEqual(["'none'"]);
    // Listing pages do not show live parts: they load no script.
    const home = parse(read(out, 'index.html'));
    expect(home.querySelector('script[src]')).toBeNull();
    expect(directive(policyOf(home), 'script-src')).toBeNull();
  });

  it('clearing the setting republishes the pages without the script', async () => {
    const { out, publisher } = siteWith(1);
    publisher.settings.update({ liveUrl: 'https://live.example.org/' });
    await publisher.publishSite();
    const file = filesUnder(out).find((f) => f !== 'index.html' && f.endsWith('index.html') && !f.startsWith('section/') && !f.startsWith('tag/'))!;
    expect(read(out, file)).toContain('https://live.example.org/assets/live.js');
    publisher.settings.update({ liveUrl: '' });
    const again = await publisher.publishSite();
    expect(again.written).toContain(file);
    expect(read(out, file)).not.toContain('live.js');
  });

  it('refuses an address that is not http(s), with a sentence', () => {
    const { publisher } = siteWith(0);
    expect(() => publisher.settings.update({ liveUrl: 'javascript:alert(1)' })).toThrow(/Copydesk site’s full address/);
    expect(publisher.settings.get().liveUrl).toBe('');
  });
});
