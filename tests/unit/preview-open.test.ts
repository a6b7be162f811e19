import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { PreviewFolder } from '../../src/core/preview/preview-folder';
import { dispatch } from '../../src/core/api/dispatch';
import { tempWorkspace } from './helpers';
import { fields } from './remote-helpers';
import { doc, paragraph } from '../../src/shared/lexical/build';
import type { SerializedNode } from '../../src/shared/lexical/schema';

const parents: string[] = [];
/** A stand-in for the shared OS temp folder, so tests can look at everything put there. */
function sharedTemp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-preview-test-'));
  parents.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of parents.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('preview:open (Open in browser in the desktop app)', () => {
  it('writes the saved article preview (same renderer and CSP, images as workspace file URLs) and hands it to the host to open', async () => {
    const ws = tempWorkspace();
    const asset = `assets/${'a'.repeat(32)}.png`;
    const created = ws.articles.create({ headline: 'Harbor <bridge> reopens' });
    const body = doc(paragraph('Traffic resumes.'), { type: 'image', version: 1, src: asset, altText: 'The bridge', caption: '', width: 10, height: 10 } as unknown as SerializedNode);
    const article = ws.articles.save({ ...fields(created), body });
    const opened: string[] = [];
    const handlers = createHandlers(ws, { openPath: async (file) => void opened.push(file), previewFolder: new PreviewFolder(sharedTemp()) });
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
    const handlers = createHandlers(ws, {
      openPath: () => Promise.reject(new Error('Could not open the preview in the browser: no application')),
      previewFolder: new PreviewFolder(sharedTemp()),
    });
    const reply = await dispatch(handlers, 'preview:open', { articleId: article.id });
    expect(reply.ok).toBe(false);
    expect(existsSync(ws.dir)).toBe(true);
  });

  it('issue 18.11: previews go to a private mkdtemp folder (0700), files are 0600, and the folder is gone after dispose', async () => {
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Embargoed draft' });
    const shared = sharedTemp();
    const folder = new PreviewFolder(shared);
    const reply = await dispatch(createHandlers(ws, { openPath: async () => undefined, previewFolder: folder }), 'preview:open', { articleId: article.id });
    const file = (reply as { ok: true; value: { file: string } }).value.file;
    const dir = dirname(file);
    // Not the old fixed, guessable name: a fresh mkdtemp folder per run.
    expect(dirname(dir)).toBe(shared);
    expect(dir).toMatch(/[/\\]copydesk-preview-[A-Za-z0-9]{6}$/);
    expect(existsSync(join(shared, 'copydesk-preview'))).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    // The write leaves no temp file behind, only the article's preview.
    expect(readdirSync(dir)).toEqual([`${article.id}.html`]);
    folder.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('issue 18.11: a symlink planted at the preview name is replaced, never followed', () => {
    const shared = sharedTemp();
    const folder = new PreviewFolder(shared);
    const victim = join(shared, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const planted = join(folder.path(), 'a1.html');
    symlinkSync(victim, planted);
    const file = folder.write('a1.html', '<p>draft</p>');
    expect(file).toBe(planted);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('<p>draft</p>');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('issue 18.11: a folder that was opened up to others, or removed, is not reused', () => {
    const shared = sharedTemp();
    const folder = new PreviewFolder(shared);
    const first = folder.path();
    rmSync(first, { recursive: true });
    // Someone else makes a folder of that name in the shared temp folder, open to all.
    mkdirSync(first, { mode: 0o777 });
    const second = folder.path();
    expect(second).not.toBe(first);
    expect(statSync(second).mode & 0o077).toBe(0);
    expect(dirname(folder.write('a2.html', 'x'))).toBe(second);
  });
});
