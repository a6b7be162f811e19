import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { classifyNavigation, installNavigationGuards, installWebContentsGuards, isAppDocument } from '../../src/main/navigation';

const APP = 'copydesk-app://app/index.html';
const FILE_PAGE = 'file:///opt/Copydesk/resources/app.asar/out/renderer/index.html';
const DEV_APP = 'http://localhost:5173/';

describe('classifyNavigation', () => {
  it.each([
    [APP, APP, 'allow'],
    [`${APP}#/articles/42`, APP, 'allow'],
    [`${APP}?tab=library`, APP, 'allow'],
    ['http://localhost:5173/#/library', DEV_APP, 'allow'],
    ['http://localhost:5173', DEV_APP, 'allow'],
    ['https://example.com/story', APP, 'external'],
    ['http://example.com/', DEV_APP, 'external'],
    ['http://localhost:5174/', DEV_APP, 'external'],
    ['http://localhost:5173/other.html', DEV_APP, 'deny'],
    ['file:///etc/passwd', APP, 'deny'],
    // issue 18.10: the built page itself, as file:, is no longer the app.
    [FILE_PAGE, APP, 'deny'],
    ['copydesk-app://app/other.html', APP, 'deny'],
    ['copydesk-app://evil/index.html', APP, 'deny'],
    ['copydesk-app://user@app/index.html', APP, 'deny'],
    ['copydesk-app://app:8080/index.html', APP, 'deny'],
    ['copydesk-asset://asset/index.html', APP, 'deny'],
    ['copydesk-app://app/index.html', DEV_APP, 'deny'],
    ['javascript:alert(1)', APP, 'deny'],
    ['data:text/html,<h1>x</h1>', APP, 'deny'],
    ['copydesk://open', APP, 'deny'],
    ['mailto:desk@example.com', APP, 'deny'],
    ['about:blank', DEV_APP, 'deny'],
    ['not a url', APP, 'deny'],
    ['http://user:pw@localhost:5173/', DEV_APP, 'deny'],
  ] as const)('%s from %s -> %s', (url, appUrl, expected) => {
    expect(classifyNavigation(url, appUrl)).toBe(expected);
  });

  it('treats the app page and an http or file page with the same path as different documents', () => {
    expect(isAppDocument('http://app/index.html', APP)).toBe(false);
    expect(isAppDocument('file://app/index.html', APP)).toBe(false);
    expect(isAppDocument(APP, FILE_PAGE)).toBe(false);
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
  const fire = (name: string, url = '', extra: Record<string, unknown> = {}) => {
    const event = { url, preventDefault: vi.fn(), ...extra };
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
    installNavigationGuards(fake.contents, APP, openExternal);
    return { ...fake, openExternal };
  }

  it('lets the app page navigate to itself', () => {
    const { fire, openExternal } = setup();
    expect(fire('will-navigate', `${APP}#/library`).preventDefault).not.toHaveBeenCalled();
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
    expect(fire('will-redirect', APP).preventDefault).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('always denies window.open, sending web links to the OS browser', async () => {
    const { openWindow, openExternal } = setup();
    expect(openWindow('https://example.com/a')).toEqual({ action: 'deny' });
    expect(openWindow(APP)).toEqual({ action: 'deny' });
    expect(openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledTimes(1));
    expect(openExternal).toHaveBeenCalledWith('https://example.com/a');
  });

  it('survives an openExternal that rejects', async () => {
    const fake = fakeContents();
    const openExternal = vi.fn(() => Promise.reject(new Error('no browser')));
    installNavigationGuards(fake.contents, APP, openExternal);
    expect(fake.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalled());
  });

  it('issue 18.12: subframes may hold only the preview srcdoc document; the top frame is left to will-navigate', async () => {
    const { fire, openExternal } = setup();
    for (const url of ['about:srcdoc', 'about:blank']) {
      expect(fire('will-frame-navigate', url, { isMainFrame: false }).preventDefault).not.toHaveBeenCalled();
    }
    for (const url of ['https://example.com/', APP, 'file:///etc/passwd', 'copydesk-asset://asset/x.png', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(fire('will-frame-navigate', url, { isMainFrame: false }).preventDefault).toHaveBeenCalled();
    }
    expect(fire('will-frame-navigate', `${APP}#/x`, { isMainFrame: true }).preventDefault).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(openExternal).not.toHaveBeenCalled();
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

describe('installWebContentsGuards (issue 18.12)', () => {
  function created(type: string) {
    const app = new EventEmitter();
    installWebContentsGuards(app as unknown as Parameters<typeof installWebContentsGuards>[0]);
    const fake = fakeContents();
    const contents = Object.assign(fake.contents, { getType: () => type });
    app.emit('web-contents-created', {}, contents);
    return fake;
  }

  it('every new web contents refuses webviews and window.open', () => {
    for (const type of ['window', 'webview', 'browserView']) {
      const { fire, openWindow } = created(type);
      expect(fire('will-attach-webview').preventDefault).toHaveBeenCalled();
      expect(openWindow('https://example.com/')).toEqual({ action: 'deny' });
    }
  });

  it('contents of a kind the app never makes (a webview) may not navigate anywhere', () => {
    const { fire } = created('webview');
    expect(fire('will-navigate', APP).preventDefault).toHaveBeenCalled();
    expect(fire('will-frame-navigate', 'https://example.com/', { isMainFrame: true }).preventDefault).toHaveBeenCalled();
  });

  it('leaves the navigation of windows to their own guards', () => {
    const { fire } = created('window');
    expect(fire('will-navigate', APP).preventDefault).not.toHaveBeenCalled();
  });
});
