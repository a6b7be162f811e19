import { useEffect, useState } from 'react';
import { HELP_URL, matchesShortcut, type MenuCommand } from '../../../shared/menu';
import { BRIDGE_KEY } from '../../../shared/contract/names';
import { ShortcutHelp } from '../moderation/ShortcutHelp';
import { AppMenuBar } from './AppMenuBar';
import { commandShortcut, EDITOR_SHORTCUTS, isMac, shortcutFor } from './editorShortcuts';
import { FONT_SIZES, setPreferences, usePreferences } from './preferences';
import { PreferencesDialog } from './PreferencesDialog';
import { applyTheme } from './theme';
import './help.css';

/** The desktop app has its native menu; the browser build draws the same one. */
const inBrowser = typeof window !== 'undefined' && (window as unknown as Record<string, unknown>)[BRIDGE_KEY] === undefined;

/** Typing goes to text fields and editors; `?` there is a question mark, not the help sheet. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

/**
 * Help and preferences for the writing desk: the editor's shortcuts sheet (`?` outside text
 * fields, or Ctrl/⌘+/, the same sheet Moderation shows for its keys), editor preferences
 * (Ctrl/⌘+,) applied to the whole page, and, in the browser build, the menu bar.
 * `editorActive`: the article screen is showing (Moderation has its own `?`).
 */
export function HelpAndPreferences({ editorActive }: { editorActive: boolean }) {
  const preferences = usePreferences();
  const [sheet, setSheet] = useState(false);
  const [editing, setEditing] = useState(false);

  useEffect(() => applyTheme(preferences.theme), [preferences.theme]);
  useEffect(() => {
    const size = FONT_SIZES.find((option) => option.value === preferences.fontSize)?.css ?? '';
    document.documentElement.style.setProperty('--editor-font-size', size);
  }, [preferences.fontSize]);

  const run = (command: MenuCommand) => {
    if (command === 'shortcuts') setSheet(true);
    else if (command === 'preferences') setEditing(true);
    else if (command === 'help') window.open(HELP_URL, '_blank', 'noopener,noreferrer');
    else {
      // Find and replace belong to the open article, which answers their keys.
      const shortcut = shortcutFor(command);
      if (!shortcut) return;
      window.dispatchEvent(
        new KeyboardEvent('keydown', { key: shortcut.key, shiftKey: Boolean(shortcut.shift), ctrlKey: !isMac, metaKey: isMac, bubbles: true, cancelable: true }),
      );
    }
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const preferencesKey = shortcutFor('preferences');
      const sheetKey = shortcutFor('shortcuts');
      if (preferencesKey && matchesShortcut(event, preferencesKey, isMac)) {
        event.preventDefault();
        setEditing(true);
      } else if (editorActive && sheetKey && matchesShortcut(event, sheetKey, isMac)) {
        event.preventDefault();
        setSheet(true);
      } else if (editorActive && event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntry(event.target)) {
        event.preventDefault();
        setSheet(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editorActive]);

  return (
    <>
      {/* In its own landmark, so every part of the page sits in one (axe's "region" rule). */}
      {inBrowser ? (
        <nav aria-label="Application menu">
          <AppMenuBar onCommand={run} />
        </nav>
      ) : null}
      {sheet ? (
        <ShortcutHelp
          shortcuts={EDITOR_SHORTCUTS}
          note={`? opens this list when you are not typing in a field; ${commandShortcut('shortcuts') ?? ''} opens it from anywhere.`}
          onDismiss={() => setSheet(false)}
        />
      ) : null}
      {editing ? <PreferencesDialog preferences={preferences} onChange={setPreferences} onDismiss={() => setEditing(false)} /> : null}
    </>
  );
}
