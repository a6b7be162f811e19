// Issue 13 item 4: static pages on another host read the live parts from the site server, so the
// live script and JSON answer CORS for GET without credentials; nothing else on the site does.
import { afterEach, describe, expect, it } from 'vitest';
import { useEngines } from '../site/engines';
import { siteArticle, startSite, type SiteUnderTest } from '../site/harness';

const ENGINES = useEngines();
const sites: SiteUnderTest[] = [];
afterEach(async () => {
  while (sites.length) await sites.pop()!.running.close();
});

const ORIGIN = 'http://127.0.0.1:9';

describe.each(ENGINES)('live parts across origins on $name', (engine) => {
  it('live.js and /live/<id>.json allow any origin without credentials; pages and the API do not', async () => {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    expect((await s.call('PUT', 'articles/p1', { body: siteArticle('Ferry timetable', { slug: 'ferry-timetable' }) })).status).toBe(200);
    const get = (path: string) => fetch(new URL(path, s.running.listening), { headers: { origin: ORIGIN } });

    for (const path of ['assets/live.js', 'live/p1.json']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
      // A wildcard never comes with credentials.
      expect(response.headers.get('access-control-allow-credentials'), path).toBeNull();
      await response.arrayBuffer();
    }
    for (const path of ['ferry-timetable/', 'assets/site.css', 'healthz']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      await response.arrayBuffer();
    }
    const api = await fetch(new URL('api/comments', s.running.listening), { headers: { origin: ORIGIN, authorization: `Bearer ${s.token}` } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    // Only GET (and its HEAD) exist there: a write is not a route.
    expect((await fetch(new URL('live/p1.json', s.running.listening), { method: 'POST', headers: { origin: ORIGIN } })).status).toBe(404);
  });

  it('the article page’s own <meta> policy allows its live script and fetch from the site (a browser enforces it beside the header)', async () => {
    const s = await startSite({ storage: await engine.storage() });
    sites.push(s);
    expect((await s.call('PUT', 'articles/p2', { body: siteArticle('Tide tables', { slug: 'tide-tables' }) })).status).toBe(200);
    const body = await (await fetch(new URL('tide-tables/', s.running.listening))).text();
    const metas = [...body.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]!.replaceAll('&#39;', "'"));
    expect(metas).toHaveLength(1);
    // The site's own origin ('self'): its script, its live JSON, and the plain vote forms.
    expect(metas[0]).toContain("script-src 'self'");
    expect(metas[0]).toContain("connect-src 'self'");
    expect(metas[0]).toContain("form-action 'self'");
    expect(metas[0]).not.toMatch(/unsafe|\*/);
  });
});
