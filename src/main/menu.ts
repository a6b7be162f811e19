import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export const HELP_URL = 'https://copydesk.app/help';

/**
 * The application menu: standard roles only, so the platform supplies the native labels,
 * shortcuts and behaviour (undo, copy, zoom, full screen, window cycling).
 */
export function menuTemplate(platform: NodeJS.Platform, openExternal: (url: string) => void = () => undefined): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') template.push({ role: 'appMenu' });
  template.push(
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Copydesk Help', click: () => openExternal(HELP_URL) }],
    },
  );
  return template;
}

/** Builds the template and makes it the application menu. */
export function installMenu(platform: NodeJS.Platform = process.platform): void {
  const open = (url: string): void => {
    shell.openExternal(url).catch(() => undefined);
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(platform, open)));
}
