/**
 * The application menu, one list for both builds: the desktop app turns it into Electron's
 * native menu (src/main/menu.ts) and the browser build draws it as a menu bar
 * (src/renderer/features/help/AppMenuBar.tsx). Items the browser already provides itself (undo,
 * copy, zoom, reload, full screen, window handling, quit) are native roles, shown on the desktop
 * only. Every command is also a keyboard shortcut the renderer listens for, so choosing it from
 * either menu does exactly what pressing its keys does.
 */

/** Electron's standard menu roles the desktop menu uses; the platform supplies their labels. */
export type NativeRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'close'
  | 'quit';

export type MenuCommand = 'find' | 'replace' | 'preferences' | 'shortcuts' | 'help';

/** A key with Ctrl (⌘ on a Mac), and Shift when `shift` is set. `key` is KeyboardEvent.key. */
export interface Shortcut {
  key: string;
  shift?: boolean;
}

export type MenuItem =
  | { kind: 'command'; command: MenuCommand; label: string; shortcut?: Shortcut }
  | { kind: 'native'; role: NativeRole }
  | { kind: 'separator' };

export interface AppMenu {
  /** 'window' and 'help' become Electron's windowMenu and help roles (native extras on macOS). */
  id: 'file' | 'edit' | 'view' | 'window' | 'help';
  label: string;
  items: MenuItem[];
}

const separator: MenuItem = { kind: 'separator' };
const native = (role: NativeRole): MenuItem => ({ kind: 'native', role });

/** The menus, in menu-bar order. ⌘H hides the app on a Mac, so Replace is ⇧⌘H there. */
export function appMenus(mac: boolean): AppMenu[] {
  return [
    { id: 'file', label: 'File', items: [{ kind: 'command', command: 'preferences', label: 'Editor preferences…', shortcut: { key: ',' } }, separator, native(mac ? 'close' : 'quit')] },
    {
      id: 'edit',
      label: 'Edit',
      items: [
        native('undo'),
        native('redo'),
        separator,
        native('cut'),
        native('copy'),
        native('paste'),
        native('selectAll'),
        separator,
        { kind: 'command', command: 'find', label: 'Find…', shortcut: { key: 'f' } },
        { kind: 'command', command: 'replace', label: 'Find and replace…', shortcut: { key: 'h', shift: mac } },
      ],
    },
    { id: 'view', label: 'View', items: [native('reload'), native('toggleDevTools'), separator, native('resetZoom'), native('zoomIn'), native('zoomOut'), separator, native('togglefullscreen')] },
    { id: 'window', label: 'Window', items: [] },
    {
      id: 'help',
      label: 'Help',
      items: [{ kind: 'command', command: 'shortcuts', label: 'Keyboard shortcuts', shortcut: { key: '/' } }, { kind: 'command', command: 'help', label: 'Copydesk Help' }],
    },
  ];
}

/** The menus without native roles (what a browser shows); menus left empty are dropped. */
export function browserMenus(mac: boolean): AppMenu[] {
  return appMenus(mac)
    .map((menu) => {
      const items = menu.items.filter((item) => item.kind === 'command' || item.kind === 'separator');
      // No separator at either end or twice in a row once the native items are gone.
      const tidy = items.filter((item, i) => item.kind !== 'separator' || (i > 0 && i < items.length - 1 && items[i - 1]?.kind !== 'separator'));
      return { ...menu, items: tidy };
    })
    .filter((menu) => menu.items.length > 0);
}

/** Electron's accelerator for a shortcut ("CmdOrCtrl+Shift+H"). */
export function acceleratorOf(shortcut: Shortcut): string {
  return `CmdOrCtrl+${shortcut.shift ? 'Shift+' : ''}${shortcut.key.toUpperCase()}`;
}

/** How a shortcut is written for people: "Ctrl+/" or "⇧⌘H". */
export function shortcutLabel(shortcut: Shortcut, mac: boolean): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return mac ? `${shortcut.shift ? '⇧' : ''}⌘${key}` : `Ctrl+${shortcut.shift ? 'Shift+' : ''}${key}`;
}

/** The parts of a keydown a shortcut is matched on (no DOM types here). */
export interface KeyState {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** True when a keydown is this shortcut (Ctrl, or ⌘ alone on a Mac; Shift as declared). */
export function matchesShortcut(event: KeyState, shortcut: Shortcut, mac: boolean): boolean {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && !event.altKey && event.shiftKey === Boolean(shortcut.shift) && event.key.toLowerCase() === shortcut.key;
}

export const HELP_URL = 'https://copydesk.app/help';
