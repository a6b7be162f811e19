import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
  shell: { openExternal: vi.fn(async () => undefined) },
}));
vi.mock('electron', () => electron);

const { HELP_URL, installMenu, menuTemplate } = await import('../../src/main/menu');

const roles = (template: MenuItemConstructorOptions[]) => template.map((item) => item.role);

describe('menuTemplate', () => {
  it('uses the standard roles, with the app menu only on macOS', () => {
    expect(roles(menuTemplate('darwin'))).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    expect(roles(menuTemplate('linux'))).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    expect(roles(menuTemplate('win32'))).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
  });

  it('has a help item that opens the help page outside the app', () => {
    const open = vi.fn();
    const help = menuTemplate('linux', open).at(-1)!;
    const [item] = help.submenu as MenuItemConstructorOptions[];
    (item!.click as () => void)();
    expect(open).toHaveBeenCalledWith(HELP_URL);
    expect(new URL(HELP_URL).protocol).toBe('https:');
  });
});

describe('installMenu', () => {
  it('sets the application menu, wiring help to the OS browser', () => {
    installMenu('linux');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const { template } = electron.Menu.setApplicationMenu.mock.calls[0]![0] as unknown as { template: MenuItemConstructorOptions[] };
    const [item] = template.at(-1)!.submenu as MenuItemConstructorOptions[];
    (item!.click as () => void)();
    expect(electron.shell.openExternal).toHaveBeenCalledWith(HELP_URL);
  });
});
