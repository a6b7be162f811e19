import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 820;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Window bounds; without x/y the window is centred by Electron. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  bounds: { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT },
  maximized: false,
};

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

/** Reads a saved state, or null when the value is not one (hand-edited, truncated, old format). */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isNumber(width) || !isNumber(height) || width <= 0 || height <= 0) return null;
  const result: WindowBounds = { width: Math.round(width), height: Math.round(height) };
  if (isNumber(x) && isNumber(y)) {
    result.x = Math.round(x);
    result.y = Math.round(y);
  }
  return { bounds: result, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(value, max));

/**
 * Makes saved bounds fit the displays attached now (their work areas, primary first): the window
 * goes on the display it overlaps most, shrinks to fit it, and moves fully inside it. A window
 * that overlaps no display (a monitor was unplugged) is centred on the primary display.
 */
export function clampToDisplays(bounds: WindowBounds, displays: readonly Rect[]): WindowBounds {
  const size = { width: Math.max(bounds.width, MIN_WIDTH), height: Math.max(bounds.height, MIN_HEIGHT) };
  const primary = displays[0];
  if (!primary) return size;

  let target: Rect | null = null;
  if (bounds.x !== undefined && bounds.y !== undefined) {
    const rect = { x: bounds.x, y: bounds.y, ...size };
    let best = 0;
    for (const display of displays) {
      const area = overlap(rect, display);
      if (area > best) {
        best = area;
        target = display;
      }
    }
  }

  const area = target ?? primary;
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  if (!target || bounds.x === undefined || bounds.y === undefined) {
    return {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
    };
  }
  return {
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/** The saved state, or the default when the file is missing or corrupt. */
export function loadWindowState(file: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8'))) ?? DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Writes the state to a temp file and renames it, so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The parts of a BrowserWindow that state tracking needs. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's normal (unmaximized) bounds and maximized flag when it closes. */
export function trackWindowState(window: TrackedWindow, file: string, log: (error: unknown) => void = console.error): void {
  window.on('close', () => {
    try {
      saveWindowState(file, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      log(error);
    }
  });
}
