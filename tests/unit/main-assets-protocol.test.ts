import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ASSET_SCHEME, handleAssetProtocol, respondToAssetRequest } from '../../src/main/assets-protocol';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../../src/main/csp';
import { importAsset } from '../../src/core/assets/assets';
import { jpeg, png } from '../fixtures/images';
import { tempWorkspace } from './helpers';

// Electron's protocol module, reduced to what assets-protocol uses.
function fakeProtocol() {
  const handlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  return {
    handlers,
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response> | Response) => void handlers.set(scheme, handler)),
    unhandle: vi.fn((scheme: string) => void handlers.delete(scheme)),
  };
}

describe('copydesk-asset protocol', () => {
  it('serves workspace assets with their type and nosniff, and stops on cleanup', async () => {
    const ws = tempWorkspace();
    const bytes = jpeg(20, 10);
    const { src } = await importAsset(ws, bytes);
    const protocol = fakeProtocol();
    const stop = handleAssetProtocol(protocol, ws.dir);
    const handler = protocol.handlers.get(ASSET_SCHEME)!;
    const reply = await handler(new Request(`copydesk-asset://asset/${src.slice('assets/'.length)}`));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('image/jpeg');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await reply.arrayBuffer()).equals(bytes)).toBe(true);
    stop();
    expect(protocol.unhandle).toHaveBeenCalledWith(ASSET_SCHEME);
    expect(protocol.handlers.size).toBe(0);
  });

  it.each([
    'copydesk-asset://asset/copydesk.db',
    'copydesk-asset://asset/../copydesk.db',
    'copydesk-asset://asset/..%2Fcopydesk.db',
    'copydesk-asset://asset/',
    'copydesk-asset://asset/notes.png',
    'copydesk-asset://other/NAME',
    'copydesk-asset://asset/NAME?download=1',
    'copydesk-asset://asset/sub/NAME',
    'not a url',
  ])('answers 404 for %s', async (url) => {
    const ws = tempWorkspace();
    const { src } = await importAsset(ws, png(1, 1));
    writeFileSync(join(ws.dir, 'assets', 'notes.png'), png(1, 1));
    const reply = await respondToAssetRequest(ws.dir, url.replace('NAME', src.slice('assets/'.length)));
    expect(reply.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const ws = tempWorkspace();
    const { src } = await importAsset(ws, png(1, 1));
    const url = `copydesk-asset://asset/${src.slice('assets/'.length)}`;
    expect((await respondToAssetRequest(ws.dir, url, 'POST')).status).toBe(404);
    const head = await respondToAssetRequest(ws.dir, url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it('is allowed as an image source by the Electron page CSP, and nowhere else', () => {
    const directives = RENDERER_CONTENT_SECURITY_POLICY.split('; ');
    expect(directives.find((d) => d.startsWith('img-src'))).toContain('copydesk-asset:');
    expect(directives.filter((d) => d.includes('copydesk-asset:'))).toHaveLength(1);
    expect(RENDERER_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(RENDERER_CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});
