import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { importAsset } from '../../src/core/assets/assets';
import { ASSETS_FOLDER, MAX_ASSET_BYTES } from '../../src/shared/assets';
import { ASSETS_DIR } from '../../src/core/workspace';
import { gif, HTML, jpeg, png, SVG, webp } from '../fixtures/images';
import { tempWorkspace } from './helpers';

function assetFiles(dir: string): string[] {
  return readdirSync(join(dir, 'assets'));
}

describe('importAsset', () => {
  it.each([
    ['png', png(3, 2), 3, 2],
    ['jpg', jpeg(640, 480), 640, 480],
    ['gif', gif(17, 9), 17, 9],
    ['webp', webp(1200, 800), 1200, 800],
  ] as const)('accepts %s, reads its size and stores it under its content hash', async (ext, bytes, width, height) => {
    const ws = tempWorkspace();
    const result = await importAsset(ws, bytes, `photo.${ext}`);
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    expect(result).toEqual({ src: `assets/${hash}.${ext}`, width, height, bytes: bytes.length });
    expect(assetFiles(ws.dir)).toEqual([`${hash}.${ext}`]);
    expect(readFileSync(join(ws.dir, result.src)).equals(bytes)).toBe(true);
  });

  it('writes into the folder the workspace creates', () => {
    expect(ASSETS_FOLDER).toBe(ASSETS_DIR);
  });

  it('names the type from the bytes, not the file name', async () => {
    const ws = tempWorkspace();
    const result = await importAsset(ws, png(1, 1), 'looks-like.jpg');
    expect(result.src).toMatch(/\.png$/);
  });

  it('stores the same bytes once and returns the same src', async () => {
    const ws = tempWorkspace();
    const first = await importAsset(ws, png(4, 4), 'a.png');
    const second = await importAsset(ws, png(4, 4), 'copy of a.png');
    expect(second.src).toBe(first.src);
    expect(assetFiles(ws.dir)).toHaveLength(1);
    expect((await importAsset(ws, png(5, 4))).src).not.toBe(first.src);
    expect(assetFiles(ws.dir)).toHaveLength(2);
  });

  it.each([
    ['an SVG (it can carry script)', SVG, /SVG/],
    ['an HTML page', HTML, /not an image Copydesk can use.*PNG, JPEG, GIF and WebP/],
    ['a truncated PNG', png(8, 8).subarray(0, 40), /incomplete/],
    ['a PNG cut inside its header', png(8, 8).subarray(0, 20), /incomplete|cannot be read/],
    ['a JPEG without its end', jpeg(10, 10).subarray(0, 30), /incomplete/],
    ['a truncated GIF', gif(4, 4).subarray(0, 20), /incomplete/],
    ['a WebP shorter than its RIFF size', webp(4, 4).subarray(0, 24), /incomplete/],
    ['an empty file', Buffer.alloc(0), /empty/],
  ])('rejects %s and writes nothing', async (_what, bytes, message) => {
    const ws = tempWorkspace();
    await expect(importAsset(ws, bytes, 'upload')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(assetFiles(ws.dir)).toEqual([]);
  });

  it('rejects an image over 20 MB and writes nothing', async () => {
    const ws = tempWorkspace();
    const big = Buffer.alloc(MAX_ASSET_BYTES + 1);
    png(1, 1).copy(big);
    await expect(importAsset(ws, big, 'huge.png')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/at most 20 MB/) });
    expect(assetFiles(ws.dir)).toEqual([]);
  });

  it('rejects a picture wider than 20000 pixels', async () => {
    const ws = tempWorkspace();
    await expect(importAsset(ws, gif(20_001, 10))).rejects.toMatchObject({ message: expect.stringMatching(/20000 pixels/) });
    expect(assetFiles(ws.dir)).toEqual([]);
  });
});

describe('assets:import call', () => {
  it('copies base64 image data into the workspace and returns src and size', async () => {
    const ws = tempWorkspace();
    const bytes = png(6, 3);
    const result = await dispatch(createHandlers(ws), 'assets:import', { name: 'chart.png', dataBase64: bytes.toString('base64') });
    expect(result).toEqual({ ok: true, value: { src: expect.stringMatching(/^assets\/[0-9a-f]{32}\.png$/), width: 6, height: 3 } });
    expect(assetFiles(ws.dir)).toHaveLength(1);
  });

  it('answers invalid_input with a readable message for an SVG', async () => {
    const ws = tempWorkspace();
    const result = await dispatch(createHandlers(ws), 'assets:import', { name: 'logo.svg', dataBase64: SVG.toString('base64') });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('"logo.svg" is an SVG image') } });
    expect(assetFiles(ws.dir)).toEqual([]);
  });

  it('validates its input: base64 only, bounded name and size', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const notBase64 = await dispatch(handlers, 'assets:import', { name: 'a.png', dataBase64: 'not base64!' });
    expect(notBase64).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { dataBase64: expect.any(String) } } });
    const longName = await dispatch(handlers, 'assets:import', { name: 'x'.repeat(256), dataBase64: png(1, 1).toString('base64') });
    expect(longName).toMatchObject({ ok: false, error: { fields: { name: expect.any(String) } } });
    const tooBig = await dispatch(handlers, 'assets:import', { name: 'a.png', dataBase64: 'A'.repeat(28 * 1024 * 1024) });
    expect(tooBig).toMatchObject({ ok: false, error: { fields: { dataBase64: expect.stringMatching(/20 MB/) } } });
    const extra = await dispatch(handlers, 'assets:import', { name: 'a.png', dataBase64: 'AAAA', path: '../x' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(assetFiles(ws.dir)).toEqual([]);
  });
});

describe('saving an article with images', () => {
  it('keeps an image with alt text, and rejects one without it at body.root.children.N.altText', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const { src, width, height } = await importAsset(ws, png(8, 6));
    const created = await dispatch(handlers, 'articles:create', { headline: 'Flood' });
    if (!created.ok) throw new Error(created.error.message);
    const { revision: _r, createdAt: _c, updatedAt: _u, ...article } = created.value as Record<string, unknown>;
    const para = { type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: 'Water rose.' }] };
    const body = (altText: string) => ({
      root: { type: 'root', version: 1, children: [para, para, para, { type: 'image', version: 1, src, altText, caption: '', width, height }] },
    });
    const saved = await dispatch(handlers, 'articles:save', { ...article, body: body('Water over the quay') });
    expect(saved.ok ? 'saved' : saved.error).toBe('saved');
    const rejected = await dispatch(handlers, 'articles:save', { ...article, body: body('') });
    expect(rejected).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { 'body.root.children.3.altText': expect.stringMatching(/Alt text is required/) } } });
  });
});
