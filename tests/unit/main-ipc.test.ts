import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { forwardEvents, registerIpc, type IpcRegistrar } from '../../src/main/ipc';
import { isAppDocument } from '../../src/main/navigation';
import { CALL_NAMES } from '../../src/shared/contract/names';
import type { Envelope } from '../../src/shared/errors';
import { tempWorkspace } from './helpers';

const APP_URL = 'copydesk-app://app/index.html';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** An ipcMain stand-in that keeps the registered handlers so tests can invoke them. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc = {
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  };
  return { ipc: ipc as unknown as IpcRegistrar, handlers };
}

/** The web contents of windows "the app created" in these tests. */
const appWindows = new WeakSet<object>();

/** A window's web contents whose main frame shows `url`; `ours` when the app created it. */
function contentsAt(url: string, ours = true) {
  const contents = { mainFrame: { url } };
  if (ours) appWindows.add(contents);
  return contents;
}

/** An IPC event from the main frame of one of the app's windows, showing `url`. */
const frameAt = (url: string) => {
  const sender = contentsAt(url);
  return { sender, senderFrame: sender.mainFrame } as unknown as IpcMainInvokeEvent;
};

function setup() {
  const workspace = tempWorkspace();
  const { ipc, handlers } = fakeIpcMain();
  const log = vi.fn();
  const senders = { isAppContents: (contents: WebContents) => appWindows.has(contents), isAppUrl: (url: string) => isAppDocument(url, APP_URL) };
  const cleanup = registerIpc(ipc, createHandlers(workspace), senders, { log });
  const invoke = async (event: IpcMainInvokeEvent, name: string, input?: unknown) => {
    const listener = handlers.get(name);
    if (!listener) throw new Error(`no handler for ${name}`);
    return (await listener(event, input)) as Envelope<unknown>;
  };
  return { workspace, handlers, cleanup, invoke, log };
}

describe('registerIpc', () => {
  it('registers exactly the contract calls and removes them on cleanup', () => {
    const { handlers, cleanup } = setup();
    expect([...handlers.keys()].sort()).toEqual([...CALL_NAMES].sort());
    cleanup();
    expect(handlers.size).toBe(0);
  });

  it('answers the app frame through core dispatch', async () => {
    const { invoke, workspace } = setup();
    const created = await invoke(frameAt(APP_URL), 'articles:create', { headline: 'Council votes on budget' });
    expect(created.ok).toBe(true);
    expect(workspace.articles.count()).toBe(1);
    const info = await invoke(frameAt(`${APP_URL}#/library`), 'workspace:info');
    expect(info).toEqual({ ok: true, value: { path: workspace.dir, articleCount: 1 } });
  });

  it('refuses a foreign sender frame without touching the workspace', async () => {
    const { invoke, workspace } = setup();
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', 'http://localhost:5173/', 'file:///opt/Copydesk/out/renderer/index.html']) {
      const result = await invoke(frameAt(url), 'articles:create', { headline: 'Injected' });
      expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(workspace.articles.count()).toBe(0);
  });

  it('issue 18.12: refuses a subframe of the app window, even one showing the app URL', async () => {
    const { invoke, workspace } = setup();
    const sender = contentsAt(APP_URL);
    const subframe = { url: APP_URL };
    const result = await invoke({ sender, senderFrame: subframe } as unknown as IpcMainInvokeEvent, 'articles:create', { headline: 'From a frame' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(workspace.articles.count()).toBe(0);
  });

  it('issue 18.12: refuses web contents the app did not create, even at the app URL', async () => {
    const { invoke, workspace } = setup();
    const stranger = contentsAt(APP_URL, false);
    const result = await invoke({ sender: stranger, senderFrame: stranger.mainFrame } as unknown as IpcMainInvokeEvent, 'articles:create', { headline: 'Stranger' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const noSender = await invoke({ senderFrame: { url: APP_URL } } as unknown as IpcMainInvokeEvent, 'workspace:info');
    expect(noSender).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(workspace.articles.count()).toBe(0);
  });

  it('refuses a missing sender frame, and a frame that throws when read', async () => {
    const { invoke } = setup();
    const missing = await invoke({ sender: contentsAt(APP_URL), senderFrame: null } as unknown as IpcMainInvokeEvent, 'workspace:info');
    expect(missing).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const destroyed = {
      sender: contentsAt(APP_URL),
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    } as unknown as IpcMainInvokeEvent;
    expect(await invoke(destroyed, 'workspace:info')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('rejects invalid input with an invalid_input envelope', async () => {
    const { invoke, workspace } = setup();
    const noId = await invoke(frameAt(APP_URL), 'articles:get', {});
    expect(noId).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { id: expect.any(String) } } });
    const extraKey = await invoke(frameAt(APP_URL), 'articles:get', { id: 'x', sql: 'DROP TABLE articles' });
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const wrongType = await invoke(frameAt(APP_URL), 'articles:create', 'not an object');
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(workspace.articles.count()).toBe(0);
  });

  it('returns core errors as envelopes (unknown id -> not_found)', async () => {
    const { invoke } = setup();
    const result = await invoke(frameAt(APP_URL), 'articles:get', { id: 'no-such-article' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('hides internal errors from the renderer and logs them', async () => {
    const { invoke, workspace, log } = setup();
    workspace.db.close();
    const result = await invoke(frameAt(APP_URL), 'articles:list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/database|connection/i);
    expect(log).toHaveBeenCalledTimes(1);
  });
});

describe('forwardEvents', () => {
  it('forwards workspace events to the window and stops after cleanup', () => {
    const workspace = tempWorkspace();
    const send = vi.fn();
    const stop = forwardEvents(workspace.events, send);
    const article = workspace.articles.create({ headline: 'Storm closes ferry' });
    expect(send).toHaveBeenCalledWith('articles:changed', { ids: [article.id] });
    stop();
    send.mockClear();
    workspace.articles.create({ headline: 'Second story' });
    expect(send).not.toHaveBeenCalled();
  });
});
