import { Menu, shell, webContents, type MenuItemConstructorOptions, type WebContents } from 'electron';
import { acceleratorOf, appMenus, HELP_URL, type AppMenu, type MenuItem, type Shortcut } from '../shared/menu';

export { HELP_URL };

/**
 * Presses a command's shortcut in the page. The renderer already answers these keys (the same
 * ones the browser build's menu bar presses), so the menu needs no channel of its own.
 */
export function pressShortcut(contents: WebContents, shortcut: Shortcut, mac: boolean): void {
  const modifiers: Array<'shift' | 'control' | 'meta'> = [mac ? 'meta' : 'control'];
  if (shortcut.shift) modifiers.push('shift');
  contents.sendInputEvent({ type: 'keyDown', keyCode: shortcut.key, modifiers });
  contents.sendInputEvent({ type: 'keyUp', keyCode: shortcut.key, modifiers });
}

function electronItem(item: MenuItem, mac: boolean, openExternal: (url: string) => void, focused: () => WebContents | undefined): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  if (item.kind === 'native') return { role: item.role };
  const { shortcut, command, label } = item;
  return {
    label,
    // Shown in the menu, but the key itself goes to the page, which handles it.
    ...(shortcut ? { accelerator: acceleratorOf(shortcut), registerAccelerator: false } : {}),
    click: () => {
      if (command === 'help') return openExternal(HELP_URL);
      const contents = focused();
      if (contents && shortcut) pressShortcut(contents, shortcut, mac);
    },
  };
}

function electronMenu(menu: AppMenu, mac: boolean, openExternal: (url: string) => void, focused: () => WebContents | undefined): MenuItemConstructorOptions {
  if (menu.id === 'window') return { role: 'windowMenu' };
  const submenu = menu.items.map((item) => electronItem(item, mac, openExternal, focused));
  if (menu.id === 'help') return { role: 'help', submenu };
  return { label: menu.label, submenu };
}

/**
 * The application menu, from the list the browser build's menu bar shows too (src/shared/menu):
 * standard roles for what the platform does natively (undo, copy, zoom, full screen, window
 * cycling), and the app's own commands.
 */
export function menuTemplate(
  platform: NodeJS.Platform,
  openExternal: (url: string) => void = () => undefined,
  focused: () => WebContents | undefined = () => undefined,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  for (const menu of appMenus(mac)) template.push(electronMenu(menu, mac, openExternal, focused));
  return template;
}

/** Builds the template and makes it the application menu. */
export function installMenu(platform: NodeJS.Platform = process.platform): void {
  const open = (url: string): void => {
    shell.openExternal(url).catch(() => undefined);
  };
  const focused = () => webContents.getFocusedWebContents() ?? undefined;
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(platform, open, focused)));
}
