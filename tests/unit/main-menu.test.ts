import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenus, browserMenus } from '../../src/shared/menu';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
  shell: { openExternal: vi.fn(async () => undefined) },
  webContents: { getFocusedWebContents: vi.fn(() => null) },
}));
vi.mock('electron', () => electron);

const { HELP_URL, installMenu, menuTemplate } = await import('../../src/main/menu');

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[];
const byLabel = (items: Item[], label: string) => items.find((item) => item.label === label);

describe('menuTemplate', () => {
  it('keeps the standard menus, with the app menu only on macOS', () => {
    const names = (template: Item[]) => template.map((item) => item.role ?? item.label);
    expect(names(menuTemplate('darwin'))).toEqual(['appMenu', 'File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(names(menuTemplate('linux'))).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(names(menuTemplate('win32'))).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help']);
    const edit = submenu(menuTemplate('linux')[1]);
    expect(edit.filter((item) => item.role).map((item) => item.role)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('has a help item that opens the help page outside the app', () => {
    const open = vi.fn();
    const help = menuTemplate('linux', open).at(-1)!;
    (byLabel(submenu(help), 'Copydesk Help')!.click as () => void)();
    expect(open).toHaveBeenCalledWith(HELP_URL);
    expect(new URL(HELP_URL).protocol).toBe('https:');
  });

  it('issue 15.12: is built from the shared list the browser menu bar shows, every command included', () => {
    const template = menuTemplate('linux');
    const commands = (menus: ReturnType<typeof appMenus>) => menus.flatMap((menu) => menu.items.flatMap((item) => (item.kind === 'command' ? [item.label] : [])));
    const desktopLabels = template.flatMap((menu) => submenu(menu).flatMap((item) => (item.label ? [item.label] : [])));
    expect(desktopLabels).toEqual(commands(appMenus(false)));
    expect(commands(browserMenus(false))).toEqual(commands(appMenus(false)));
    expect(desktopLabels).toEqual(['Editor preferences…', 'Find…', 'Find and replace…', 'Keyboard shortcuts', 'Copydesk Help']);
  });

  it('issue 15.12: a command shows its shortcut and presses it in the focused page, which handles the key', () => {
    const sendInputEvent = vi.fn();
    const contents = { sendInputEvent } as unknown as Electron.WebContents;
    const help = menuTemplate('linux', vi.fn(), () => contents).at(-1)!;
    const shortcuts = byLabel(submenu(help), 'Keyboard shortcuts')!;
    expect(shortcuts).toMatchObject({ accelerator: 'CmdOrCtrl+/', registerAccelerator: false });
    (shortcuts.click as () => void)();
    expect(sendInputEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'keyDown', keyCode: '/', modifiers: ['control'] },
      { type: 'keyUp', keyCode: '/', modifiers: ['control'] },
    ]);

    const mac = menuTemplate('darwin', vi.fn(), () => contents);
    const replace = byLabel(submenu(mac[2]), 'Find and replace…')!;
    expect(replace.accelerator).toBe('CmdOrCtrl+Shift+H');
    sendInputEvent.mockClear();
    (replace.click as () => void)();
    expect(sendInputEvent.mock.calls[0]![0]).toEqual({ type: 'keyDown', keyCode: 'h', modifiers: ['meta', 'shift'] });
  });
});

describe('installMenu', () => {
  it('sets the application menu, wiring help to the OS browser', () => {
    installMenu('linux');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const { template } = electron.Menu.setApplicationMenu.mock.calls[0]![0] as unknown as { template: Item[] };
    (byLabel(submenu(template.at(-1)), 'Copydesk Help')!.click as () => void)();
    expect(electron.shell.openExternal).toHaveBeenCalledWith(HELP_URL);
  });
});
