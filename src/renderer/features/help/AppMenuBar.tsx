import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { browserMenus, shortcutLabel, type MenuCommand, type Shortcut } from '../../../shared/menu';
import { isMac } from './editorShortcuts';

/** The shortcut in aria-keyshortcuts' notation ("Control+Shift+H"). */
function ariaShortcut(shortcut: Shortcut): string {
  return `${isMac ? 'Meta' : 'Control'}+${shortcut.shift ? 'Shift+' : ''}${shortcut.key.toUpperCase()}`;
}

export interface AppMenuBarProps {
  onCommand(command: MenuCommand): void;
}

/**
 * The browser build's menu bar: the desktop menu's list (src/shared/menu) without what the
 * browser does itself. A WAI-ARIA menubar: one Tab stop, ←/→ across the menus, ↓/Enter opens
 * one, ↑/↓ inside it, Enter chooses, Escape closes and returns to the menu's name.
 */
export function AppMenuBar({ onCommand }: AppMenuBarProps) {
  const menus = browserMenus(isMac);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const focusItem = useRef<number | null>(null);

  useEffect(() => {
    if (open === null) return;
    const items = barRef.current?.querySelectorAll<HTMLElement>(`[data-menu="${open}"] [role="menu"] [role="menuitem"]`);
    const index = focusItem.current ?? 0;
    focusItem.current = null;
    items?.[Math.min(index, items.length - 1)]?.focus();
    const close = (event: MouseEvent) => {
      if (!barRef.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const topButton = (index: number) => barRef.current?.querySelectorAll<HTMLElement>('[data-menubar-item]')[index];
  const move = (index: number, keepOpen: boolean) => {
    const next = (index + menus.length) % menus.length;
    setActive(next);
    setOpen(keepOpen ? next : null);
    if (!keepOpen) topButton(next)?.focus();
  };

  const choose = (command: MenuCommand) => {
    setOpen(null);
    topButton(active)?.focus();
    onCommand(command);
  };

  const onBarKey = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      move(index + (event.key === 'ArrowRight' ? 1 : -1), open !== null);
    } else if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setActive(index);
      setOpen(index);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusItem.current = Number.MAX_SAFE_INTEGER;
      setActive(index);
      setOpen(index);
    }
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setOpen(null);
      topButton(index)?.focus();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      move(index + (event.key === 'ArrowRight' ? 1 : -1), true);
    } else if (event.key === 'Tab') {
      setOpen(null);
    }
  };

  return (
    <div ref={barRef} className="app-menubar" role="menubar" aria-label="Copydesk">
      {menus.map((menu, index) => (
        <div key={menu.id} className="app-menu" data-menu={index}>
          <button
            type="button"
            className="app-menu-title"
            role="menuitem"
            data-menubar-item=""
            aria-haspopup="menu"
            aria-expanded={open === index}
            tabIndex={index === active ? 0 : -1}
            onClick={() => {
              setActive(index);
              setOpen(open === index ? null : index);
            }}
            onKeyDown={(event) => onBarKey(event, index)}
          >
            {menu.label}
          </button>
          {open === index ? (
            <div className="app-menu-popup" role="menu" aria-label={menu.label} onKeyDown={(event) => onMenuKey(event, index)}>
              {menu.items.map((item, i) =>
                item.kind === 'command' ? (
                  <button
                    key={item.command}
                    type="button"
                    role="menuitem"
                    tabIndex={-1}
                    className="app-menu-item"
                    aria-keyshortcuts={item.shortcut ? ariaShortcut(item.shortcut) : undefined}
                    onClick={() => choose(item.command)}
                  >
                    <span>{item.label}</span>
                    {item.shortcut ? (
                      <kbd className="app-menu-shortcut" aria-hidden="true">
                        {shortcutLabel(item.shortcut, isMac)}
                      </kbd>
                    ) : null}
                  </button>
                ) : (
                  <div key={`separator-${i}`} role="separator" className="app-menu-separator" />
                ),
              )}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
