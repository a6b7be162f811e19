import { describe, expect, it, vi } from 'vitest';
import { guardDesktopClose } from '../../src/renderer/features/article/closeGuard';

function fakeWindow(desktop: boolean, confirmAnswer = false) {
  return { ...(desktop ? { copydesk: {} } : {}), close: vi.fn(), confirm: vi.fn((_message: string) => confirmAnswer) };
}

function event() {
  return { preventDefault: vi.fn(), returnValue: '' as unknown };
}

describe('closing the desktop window with unsaved edits', () => {
  it('cancels the close, saves, then closes', async () => {
    let unsaved = true;
    const flush = vi.fn(async () => {
      unsaved = false;
      return { status: 'saved' as const, failures: 0 };
    });
    const win = fakeWindow(true);
    const guard = guardDesktopClose({ get hasUnsavedChanges() { return unsaved; }, flush }, win, 50);
    const e = event();
    expect(guard(e)).toBe(true);
    expect(e.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(win.close).toHaveBeenCalled());
    expect(flush).toHaveBeenCalledTimes(1);
    expect(win.confirm).not.toHaveBeenCalled();
  });

  it('asks before closing when the save fails, and stays open on "no"', async () => {
    const win = fakeWindow(true, false);
    const guard = guardDesktopClose({ hasUnsavedChanges: true, flush: () => new Promise(() => {}) }, win, 20);
    guard(event());
    await vi.waitFor(() => expect(win.confirm).toHaveBeenCalled());
    expect(win.close).not.toHaveBeenCalled();
  });

  it('lets the window go when nothing is unsaved, and leaves browsers to their own prompt', () => {
    const flush = vi.fn();
    expect(guardDesktopClose({ hasUnsavedChanges: false, flush }, fakeWindow(true))(event())).toBe(false);
    expect(guardDesktopClose({ hasUnsavedChanges: true, flush }, fakeWindow(false))(event())).toBe(false);
    expect(flush).not.toHaveBeenCalled();
  });
});
