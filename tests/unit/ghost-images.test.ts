// Issue 16.1: articles with images publish to Ghost from any host, through POST images/upload/.
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { FAST, fields, useGhostServers } from './remote-helpers';
import { png } from '../fixtures/images';
import { importAsset } from '../../src/core/assets/assets';
import { EnvFileSecretStore } from '../../src/core/remote/secrets';
import { openWorkspace } from '../../src/core/workspace';
import { doc, paragraph, text } from '../../src/shared/lexical/build';
import type { SerializedNode } from '../../src/shared/lexical/schema';

const startGhost = useGhostServers();

/** A workspace opened the way every host opens it (openWorkspace), with a Ghost target. */
async function setup() {
  const ghost = await startGhost();
  const ws = tempWorkspace({ seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, null), worker: FAST, timeoutMs: 2_000 } });
  const target = ws.remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
  return { ghost, ws, target };
}

const image = (src: string, altText: string): SerializedNode => ({ type: 'image', version: 1, src, altText, caption: 'Photo: R. Ames', width: 4, height: 3 });

async function publishWithImages(ws: Awaited<ReturnType<typeof setup>>['ws']) {
  const first = await importAsset(ws, png(4, 3, [200, 10, 10]), 'flood.png');
  const second = await importAsset(ws, png(5, 5, [10, 200, 10]), 'map.png');
  const created = ws.articles.create({ headline: 'Floods' });
  const body = doc(paragraph(text('The river rose.')), image(first.src, 'Flooded high street'), paragraph(text('Then it fell.')), image(second.src, 'A map'));
  const article = ws.articles.save({ ...fields(created), body, status: 'published' });
  return { article, first, second };
}

describe('issue 16.1: publishing an article with images to Ghost', () => {
  it('issue 16.1: uploads each image through images/upload/ and makes the first one the feature image with its alt text', async () => {
    const { ghost, ws, target } = await setup();
    const { first, second } = await publishWithImages(ws);
    await ws.remote.drain(target.id);
    expect(ws.remote.listOutbox().map((r) => [r.state, r.lastError])).toEqual([['done', null]]);
    expect(ghost.uploads.map((u) => ({ ref: u.ref, purpose: u.purpose, type: u.type }))).toEqual([
      { ref: first.src, purpose: 'image', type: 'image/png' },
      { ref: second.src, purpose: 'image', type: 'image/png' },
    ]);
    const [post] = [...ghost.posts.values()];
    expect(post!.feature_image).toMatch(new RegExp(`/content/images/\\d{4}/\\d{2}/${first.src.slice('assets/'.length)}$`));
    expect(post!.feature_image_alt).toBe('Flooded high street');
    const cards = (JSON.parse(post!.lexical).root.children as SerializedNode[]).filter((n) => n.type === 'image');
    expect(cards.map((c) => [String(c.src).endsWith(second.src.slice('assets/'.length)) || c.src === post!.feature_image, c.alt])).toEqual([
      [true, 'Flooded high street'],
      [true, 'A map'],
    ]);
    expect(ghost.violations).toEqual([]);
  });

  it('issue 16.1: a refused upload says which image and why, and needs attention', async () => {
    const { ghost, ws, target } = await setup();
    const { first } = await publishWithImages(ws);
    ghost.failNextUpload = { status: 413, type: 'RequestEntityTooLargeError', message: 'Request is larger than the maximum file size' };
    await ws.remote.drain(target.id);
    const [row] = ws.remote.listOutbox();
    expect(row!.state).toBe('needs_attention');
    expect(row!.lastError).toContain(`Ghost did not accept the image ${first.src}`);
    expect(row!.lastError).toContain('larger than the maximum file size');
    expect(ghost.posts.size).toBe(0);
  });

  it('issue 16: an image is uploaded once per Ghost: edits, other articles and a reopened workspace reuse its URL', async () => {
    const { ghost, ws, target } = await setup();
    const { article, first, second } = await publishWithImages(ws);
    await ws.remote.drain(target.id);
    expect(ghost.uploads).toHaveLength(2);
    const [post] = [...ghost.posts.values()];
    const featured = post!.feature_image;

    // An edit publishes again: the post keeps the same image URLs, nothing is uploaded.
    ws.articles.save({ ...fields(ws.articles.get(article.id)), headline: 'Floods recede', status: 'published' });
    await ws.remote.drain(target.id);
    expect(ws.remote.listOutbox().map((r) => r.state)).toEqual(['done', 'done']);
    expect(ghost.uploads).toHaveLength(2);
    expect(ghost.posts.get(post!.id)).toMatchObject({ title: 'Floods recede', feature_image: featured });

    // Another article showing the same picture, published by a second opening of the workspace
    // (another process: nothing carried over in memory); a new picture is uploaded.
    const again = openWorkspace(ws.dir, { seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, null), worker: FAST, timeoutMs: 2_000 } });
    try {
      const third = await importAsset(again, png(6, 2, [10, 10, 200]), 'river.png');
      const created = again.articles.create({ headline: 'Flood map' });
      const body = doc(image(second.src, 'The map again'), paragraph(text('Where the water went.')), image(third.src, 'The river'));
      again.articles.save({ ...fields(created), body, status: 'published' });
      await again.remote.drain(target.id);
      expect(again.remote.listOutbox().map((r) => [r.state, r.lastError])).toEqual([['done', null], ['done', null], ['done', null]]);
      expect(ghost.uploads.map((u) => u.ref)).toEqual([first.src, second.src, third.src]);
      const map = [...ghost.posts.values()].find((p) => p.title === 'Flood map')!;
      const original = JSON.parse(post!.lexical).root.children as SerializedNode[];
      expect(map.feature_image).toBe(original.filter((n) => n.type === 'image')[1]!.src);
      expect(ghost.violations).toEqual([]);
    } finally {
      again.close();
    }
  });
});
