import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { classifyNavigation, installNavigationGuards, isAppDocument } from '../../src/main/navigation';

const FILE_APP = 'file:///opt/Copydesk/resources/app.asar/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';

describe('classifyNavigation', () => {
  it.each([
    [FILE_APP, FILE_APP, 'allow'],
    [`${FILE_APP}#/articles/42`, FILE_APP, 'allow'],
    [`${FILE_APP}?tab=library`, FILE_APP, 'allow'],
    ['http://localhost:5173/#/library', DEV_APP, 'allow'],
    ['http://localhost:5173', DEV_APP, 'allow'],
    ['https://example.com/story', FILE_APP, 'external'],
    ['http://example.com/', DEV_APP, 'external'],
    ['http://localhost:5174/', DEV_APP, 'external'],
    ['http://localhost:5173/other.html', DEV_APP, 'deny'],
    ['file:///etc/passwd', FILE_APP, 'deny'],
    ['file:///opt/Copydesk/resources/app.asar/out/renderer/other.html', FILE_APP, 'deny'],
    ['javascript:alert(1)', FILE_APP, 'deny'],
    ['data:text/html,<h1>x</h1>', FILE_APP, 'deny'],
    ['copydesk://open', FILE_APP, 'deny'],
    ['mailto:desk@example.com', FILE_APP, 'deny'],
    ['about:blank', DEV_APP, 'deny'],
    ['not a url', FILE_APP, 'deny'],
    ['http://user:pw@localhost:5173/', DEV_APP, 'deny'],
  ] as const)('%s from %s -> %s', (url, appUrl, expected) => {
    expect(classifyNavigation(url, appUrl)).toBe(expected);
  });

  it('treats a file app and an http page with the same path as different documents', () => {
    expect(isAppDocument('http://localhost/opt/Copydesk/resources/app.asar/out/renderer/index.html', FILE_APP)).toBe(false);
  });
});

/** A stand-in for WebContents that records handlers so tests can fire them. */
function fakeContents() {
  const emitter = new EventEmitter();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  let permissionHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: ((...args: unknown[]) => boolean) | undefined;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener),
    setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
      windowOpenHandler = handler;
    },
    session: {
      setPermissionRequestHandler: (handler: typeof permissionHandler) => {
        permissionHandler = handler;
      },
      setPermissionCheckHandler: (handler: typeof permissionCheck) => {
        permissionCheck = handler;
      },
    },
  };
  const fire = (name: string, url = '') => {
    const event = { url, preventDefault: vi.fn() };
    emitter.emit(name, event, url);
    return event;
  };
  return {
    contents: contents as unknown as WebContents,
    fire,
    openWindow: (url: string) => windowOpenHandler!({ url }),
    requestPermission: (permission: string) => {
      const callback = vi.fn();
      permissionHandler!({}, permission, callback);
      return callback;
    },
    checkPermission: () => permissionCheck!(),
  };
}

describe('installNavigationGuards', () => {
  function setup() {
    const fake = fakeContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    installNavigationGuards(fake.contents, FILE_APP, openExternal);
    return { ...fake, openExternal };
  }

  it('lets the app page navigate to itself', () => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', `${FILE_APP}#/library`).preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents navigation to a web page and opens it in the OS browser instead', async () => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', 'https://example.com/').preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledWith('https://example.com/'));
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x'])('prevents %s without opening anything', async (url) => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', url).preventDefault).toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('prevents redirects away from the app without opening them', async () => {
    const { fire, openExternal } = setup();
    expect(fire('will-redirect', 'https://example.com/').preventDefault).toHaveBeenCalled();
    expect(fire('will-redirect', FILE_APP).preventDefault).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('always denies window.open, sending web links to the OS browser', async () => {
    const { openWindow, openExternal } = setup();
    expect(openWindow('https://example.com/a')).toEqual({ action: 'deny' });
    expect(openWindow(FILE_APP)).toEqual({ action: 'deny' });
    expect(openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledTimes(1));
    expect(openExternal).toHaveBeenCalledWith('https://example.com/a');
  });

  it('survives an openExternal that rejects', async () => {
    const fake = fakeContents();
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    installNavigationGuards(fake.contents, FILE_APP, openExternal);
    expect(fake.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalled());
  });

  it('refuses to attach webviews', () => {
    const { fire } = setup();
    expect(fire('will-attach-webview').preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission request and check', () => {
    const { requestPermission, checkPermission } = setup();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      expect(requestPermission(permission)).toHaveBeenCalledWith(false);
    }
    expect(checkPermission()).toBe(false);
  });
});
