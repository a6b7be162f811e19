import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  clampToDisplays,
  DEFAULT_WINDOW_STATE,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  parseWindowState,
  saveWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
} from '../../src/main/window-state';
import { tempDir } from './helpers';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('clampToDisplays', () => {
  it('keeps bounds that already fit a display', () => {
    const bounds = { x: 100, y: 50, width: 1200, height: 800 };
    expect(clampToDisplays(bounds, [laptop, rightMonitor])).toEqual(bounds);
    const onSecond = { x: 2000, y: 100, width: 1600, height: 1000 };
    expect(clampToDisplays(onSecond, [laptop, rightMonitor])).toEqual(onSecond);
  });

  it('centres a window left on an unplugged monitor on the primary display', () => {
    const bounds = { x: 3000, y: 200, width: 1200, height: 800 };
    expect(clampToDisplays(bounds, [laptop])).toEqual({ x: 120, y: 38, width: 1200, height: 800 });
  });

  it('pulls a window hanging off an edge back inside the display it mostly covers', () => {
    expect(clampToDisplays({ x: 1000, y: -300, width: 1000, height: 700 }, [laptop, rightMonitor])).toEqual({
      x: 1440,
      y: 0,
      width: 1000,
      height: 700,
    });
    expect(clampToDisplays({ x: -200, y: 500, width: 1000, height: 700 }, [laptop])).toEqual({ x: 0, y: 175, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display, but never below the minimum size', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    expect(clampToDisplays({ x: 10, y: 10, width: 100, height: 50 }, [laptop])).toEqual({ x: 10, y: 10, width: MIN_WIDTH, height: MIN_HEIGHT });
  });

  it('centres bounds without a position, and passes the size through when no display is known', () => {
    expect(clampToDisplays({ width: 1040, height: 675 }, [laptop])).toEqual({ x: 200, y: 100, width: 1040, height: 675 });
    expect(clampToDisplays({ x: 5, y: 5, width: 1000, height: 700 }, [])).toEqual({ width: 1000, height: 700 });
  });

  it('respects a work area that does not start at the origin (menu bar, taskbar)', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 850 };
    expect(clampToDisplays({ x: 0, y: 0, width: 800, height: 600 }, [workArea])).toEqual({ x: 0, y: 25, width: 800, height: 600 });
  });
});

describe('window state file', () => {
  it('round-trips through an atomic write that leaves no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'nested', WINDOW_STATE_FILE);
    const state = { bounds: { x: 40, y: 60, width: 1100, height: 760 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(readdirSync(join(dir, 'nested'))).toEqual([WINDOW_STATE_FILE]);
  });

  it('falls back to the default for a missing or corrupt file', () => {
    const dir = tempDir();
    expect(loadWindowState(join(dir, 'absent.json'))).toEqual(DEFAULT_WINDOW_STATE);
    const file = join(dir, WINDOW_STATE_FILE);
    for (const text of ['{"bounds": {"width": 12', 'null', '[]', '{"bounds":{"width":"wide","height":700}}', '{"bounds":{"width":-5,"height":700}}']) {
      writeFileSync(file, text);
      expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('drops a half-saved position rather than guessing', () => {
    expect(parseWindowState({ bounds: { x: 10, width: 900, height: 700 }, maximized: 'yes' })).toEqual({
      bounds: { width: 900, height: 700 },
      maximized: false,
    });
  });

  it('saves the normal bounds and maximized flag when the window closes', () => {
    const file = join(tempDir(), WINDOW_STATE_FILE);
    const window = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 1, y: 2, width: 1000, height: 700 }),
      isMaximized: () => true,
    });
    trackWindowState(window, file);
    expect(existsSync(file)).toBe(false);
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
  });

  it('logs instead of throwing when the state cannot be saved', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const log = vi.fn();
    const window = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 1, y: 2, width: 1000, height: 700 }),
      isMaximized: () => false,
    });
    trackWindowState(window, join(blocker, 'window-state.json'), log);
    expect(() => window.emit('close')).not.toThrow();
    expect(log).toHaveBeenCalledTimes(1);
  });
});
