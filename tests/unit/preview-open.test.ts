import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { tempWorkspace } from './helpers';
import { fields } from './remote-helpers';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { SerializedNode } from '../../src/shared/lexical/schema';

describe('preview:open (Open in browser in the desktop app)', () => {
  it('writes the saved article preview (same renderer and CSP, images as workspace file URLs) and hands it to the host to open', async () => {
    const ws = tempWorkspace();
    const asset = `assets/${'a'.repeat(32)}.png`;
    const created = ws.articles.create({ headline: 'Harbor <bridge> reopens' });
    const body = doc(paragraph('Traffic resumes.'), { type: 'image', version: 1, src: asset, altText: 'The bridge', caption: '', width: 10, height: 10 } as unknown as SerializedNode);
    const article = ws.articles.save({ ...fields(created), body });
    const opened: string[] = [];
    const handlers = createHandlers(ws, { openPath: async (file) => void opened.push(file) });
    const reply = await dispatch(handlers, 'preview:open', { articleId: article.id, theme: 'dark' });
    expect(reply.ok).toBe(true);
    const file = (reply as { ok: true; value: { file: string } }).value.file;
    expect(opened).toEqual([file]);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Harbor &lt;bridge&gt; reopens');
    expect(html).toContain('<meta name="color-scheme" content="dark">');
    expect(html).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*img-src file: data:/);
    expect(html).toContain(`src="file://${ws.dir}/${asset}"`);
  });

  it('a host that cannot open files (the web host) refuses with a clear error and writes nothing for it', async () => {
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Web only' });
    const reply = await dispatch(createHandlers(ws), 'preview:open', { articleId: article.id });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/cannot open files/) } });
  });

  it('a failing opener is reported, not swallowed', async () => {
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'No browser' });
    const handlers = createHandlers(ws, { openPath: () => Promise.reject(new Error('Could not open the preview in the browser: no application')) });
    const reply = await dispatch(handlers, 'preview:open', { articleId: article.id });
    expect(reply.ok).toBe(false);
    expect(existsSync(ws.dir)).toBe(true);
  });
});
