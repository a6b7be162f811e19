// Issue 18.10: the Electron window loads the built renderer from copydesk-app://app/, served by
// main from out/renderer only: no file:// page, no traversal, no symlink out of the folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleAppProtocol, registerPrivilegedSchemes, respondToAppRequest } from '../../src/main/app-protocol';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../../src/main/csp';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built renderer folder beside a secret the page must never reach. */
function builtRenderer() {
  const base = mkdtempSync(join(tmpdir(), 'copydesk-app-scheme-'));
  dirs.push(base);
  const dir = join(base, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Copydesk</title><script type="module" src="./assets/index.js"></script>');
  writeFileSync(join(dir, 'assets', 'index.js'), 'console.log("app")');
  writeFileSync(join(dir, 'assets', 'index.css'), 'body{}');
  const secret = join(base, 'copydesk.db');
  writeFileSync(secret, 'SQLite format 3 secret');
  symlinkSync(secret, join(dir, 'assets', 'linked.js'));
  symlinkSync(base, join(dir, 'up'));
  return { dir, secret };
}

describe('copydesk-app protocol (issue 18.10)', () => {
  it('declares the app and asset schemes once, both standard and secure', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerPrivilegedSchemes(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    const [schemes] = protocol.registerSchemesAsPrivileged.mock.calls[0]! as [{ scheme: string; privileges: Record<string, boolean> }[]];
    expect(schemes.map((s) => s.scheme)).toEqual(['copydesk-app', 'copydesk-asset']);
    for (const scheme of schemes) expect(scheme.privileges).toMatchObject({ standard: true, secure: true });
    // Images only: the asset scheme gets no fetch, CORS or service workers.
    expect(schemes[1]!.privileges).toEqual({ standard: true, secure: true });
    expect(schemes[0]!.privileges.allowServiceWorkers).toBeUndefined();
    expect(schemes[0]!.privileges.bypassCSP).toBeUndefined();
  });

  it('serves the page with its CSP header, and its scripts and styles with their types and nosniff', async () => {
    const { dir } = builtRenderer();
    const page = await respondToAppRequest(dir, 'copydesk-app://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('Content-Security-Policy')).toBe(`${RENDERER_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(await page.text()).toContain('<title>Copydesk</title>');
    const root = await respondToAppRequest(dir, 'copydesk-app://app/');
    expect(await root.text()).toContain('<title>Copydesk</title>');
    const script = await respondToAppRequest(dir, 'copydesk-app://app/assets/index.js');
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(script.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect((await respondToAppRequest(dir, 'copydesk-app://app/assets/index.css')).headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    const head = await respondToAppRequest(dir, 'copydesk-app://app/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });

  it.each([
    'copydesk-app://app/../copydesk.db',
    'copydesk-app://app/%2e%2e/copydesk.db',
    'copydesk-app://app/..%2fcopydesk.db',
    'copydesk-app://app/assets/..%2f..%2fcopydesk.db',
    'copydesk-app://app/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'copydesk-app://app/..%5ccopydesk.db',
    'copydesk-app://app/assets/linked.js',
    'copydesk-app://app/up/copydesk.db',
    'copydesk-app://app/index.html%00.js',
    'copydesk-app://app/%E0%A4%A',
    'copydesk-app://app/assets',
    'copydesk-app://app/missing.js',
    'copydesk-app://other/index.html',
    'copydesk-app://user@app/index.html',
    'copydesk-asset://app/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s without reading outside the folder', async (url) => {
    const { dir } = builtRenderer();
    const reply = await respondToAppRequest(dir, url);
    expect([403, 404]).toContain(reply.status);
    expect(await reply.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { dir } = builtRenderer();
    expect((await respondToAppRequest(dir, 'copydesk-app://app/index.html', 'POST')).status).toBe(405);
  });

  it('is served through protocol.handle until the cleanup', async () => {
    const { dir } = builtRenderer();
    const handlers = new Map<string, (request: Request) => Promise<Response>>();
    const protocol = {
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => void handlers.set(scheme, handler)),
      unhandle: vi.fn((scheme: string) => void handlers.delete(scheme)),
    };
    const stop = handleAppProtocol(protocol, dir);
    const reply = await handlers.get('copydesk-app')!(new Request('copydesk-app://app/index.html'));
    expect(reply.status).toBe(200);
    stop();
    expect(handlers.size).toBe(0);
  });

  it('the page CSP: its own origin only, no connections (IPC only), images also from the asset scheme', () => {
    const directives = new Map(RENDERER_CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives.get('default-src')).toBe("default-src 'self'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('connect-src')).toBe("connect-src 'none'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('img-src')).toContain('copydesk-asset:');
    expect(RENDERER_CONTENT_SECURITY_POLICY).not.toMatch(/file:|unsafe|\*/);
  });
});
