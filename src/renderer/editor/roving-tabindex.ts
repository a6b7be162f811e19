import { useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

const ITEMS = 'button:not(:disabled), select:not(:disabled), input:not(:disabled)';

/**
 * A toolbar is one Tab stop (WAI-ARIA toolbar pattern): Tab enters at the last-used control,
 * Left/Right (and Home/End) move between controls. Works for controls appended by others too.
 */
export function useRovingTabIndex(ref: RefObject<HTMLElement | null>) {
  const active = useRef(0);

  const items = () => Array.from(ref.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []);

  const sync = () => {
    const all = items();
    if (all.length === 0) return;
    active.current = Math.min(active.current, all.length - 1);
    all.forEach((item, index) => {
      item.tabIndex = index === active.current ? 0 : -1;
    });
  };

  // After every render: buttons enable and disable (Undo, Redo) and extra items come and go.
  useLayoutEffect(sync);

  const onKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    const moves: Record<string, number> = {
      ArrowRight: (current + 1) % all.length,
      ArrowLeft: (current - 1 + all.length) % all.length,
      Home: 0,
      End: all.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    active.current = next;
    sync();
    all[next]?.focus();
  };

  const onFocus = () => {
    const index = items().indexOf(document.activeElement as HTMLElement);
    if (index >= 0 && index !== active.current) {
      active.current = index;
      sync();
    }
  };

  return { onKeyDown, onFocus };
}
