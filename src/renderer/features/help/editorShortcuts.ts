import { appMenus, shortcutLabel, type MenuCommand, type Shortcut } from '../../../shared/menu';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

/** A command's shortcut on this platform, from the shared menu list. */
export function shortcutFor(command: MenuCommand): Shortcut | undefined {
  for (const menu of appMenus(isMac)) {
    for (const item of menu.items) if (item.kind === 'command' && item.command === command) return item.shortcut;
  }
  return undefined;
}

/** A command's shortcut as the menus show it ("Ctrl+/"). */
export function commandShortcut(command: MenuCommand): string | undefined {
  const shortcut = shortcutFor(command);
  return shortcut ? shortcutLabel(shortcut, isMac) : undefined;
}

const keysOf = (command: MenuCommand): string[] => [commandShortcut(command) ?? ''];

/**
 * Every key the article editor answers, for the ? sheet. The Markdown marks are those of the
 * toolbar's tooltips and the article format (docs/markdown-format.md).
 */
export const EDITOR_SHORTCUTS: ReadonlyArray<{ keys: string[]; label: string }> = [
  { keys: [mod, 'B'], label: 'Bold' },
  { keys: [mod, 'I'], label: 'Italic' },
  { keys: [mod, 'U'], label: 'Underline' },
  { keys: [mod, 'K'], label: 'Link the selection (or edit the link at the caret)' },
  { keys: [mod, 'Z'], label: 'Undo (after Replace all: the whole replace, in every field)' },
  { keys: isMac ? ['⇧', '⌘', 'Z'] : ['Ctrl', 'Shift', 'Z'], label: 'Redo' },
  { keys: ['## '], label: 'Heading 2 (type at the start of a line)' },
  { keys: ['### '], label: 'Heading 3' },
  { keys: ['#### '], label: 'Heading 4' },
  { keys: ['> '], label: 'Quote' },
  { keys: ['- '], label: 'Bulleted list' },
  { keys: ['1. '], label: 'Numbered list' },
  { keys: ['--- '], label: 'Horizontal rule' },
  { keys: ['Tab'], label: 'Nest a list item (Shift+Tab un-nests)' },
  { keys: ['Enter'], label: 'On a selected image: edit its alt text and caption' },
  { keys: ['Alt', '↑ / ↓'], label: 'Move a takeaway up or down' },
  { keys: keysOf('find'), label: 'Find in the article' },
  { keys: keysOf('replace'), label: 'Find and replace' },
  { keys: keysOf('preferences'), label: 'Editor preferences' },
  { keys: ['?'], label: `This list (or ${commandShortcut('shortcuts') ?? ''}; ? works outside text fields)` },
];
