import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../src/shared/contract/bridge';
import { BRIDGE_KEY, CALL_NAMES } from '../../src/shared/contract/names';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

/** Loads the preload afresh (it exposes the bridge as a side effect) and returns what it exposed. */
async function loadPreload(): Promise<{ key: string; bridge: Bridge }> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../src/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Bridge];
  return { key, bridge };
}

describe('preload bridge', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear();
    electron.ipcRenderer.on.mockClear();
    electron.ipcRenderer.removeListener.mockClear();
  });

  it('exposes only calls and on, under the contract key', async () => {
    const { key, bridge } = await loadPreload();
    expect(key).toBe(BRIDGE_KEY);
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'on']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('turns each call into an invoke on its own channel', async () => {
    const { bridge } = await loadPreload();
    for (const name of CALL_NAMES) {
      await bridge.calls[name]({ probe: name });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(name, { probe: name });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('subscribes to contract events, passing only the payload, and unsubscribes', async () => {
    const { bridge } = await loadPreload();
    const listener = vi.fn();
    const off = bridge.on('articles:changed', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...args: unknown[]) => void];
    expect(channel).toBe('articles:changed');
    forward({ sender: 'ipcRenderer itself' }, { ids: ['a'] });
    expect(listener).toHaveBeenCalledWith({ ids: ['a'] });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('articles:changed', forward);
  });

  it('refuses event names outside the contract', async () => {
    const { bridge } = await loadPreload();
    for (const name of ['articles:secret', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'articles:list']) {
      expect(() => bridge.on(name as 'articles:changed', () => undefined)).toThrow(/Unknown Copydesk event/);
    }
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('imports only electron and the contract names (no zod in the sandboxed bundle)', () => {
    const source = readFileSync(new URL('../../src/preload/index.ts', import.meta.url), 'utf8');
    const valueImports = [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(valueImports.sort()).toEqual(['../shared/contract/names', 'electron']);
  });
});
