import { useEffect, useState, useSyncExternalStore } from 'react';
import { Autosave, type AutosaveOptions, type AutosaveState } from './autosave';
import { guardDesktopClose } from './closeGuard';

/**
 * One Autosave per mounted document (remount with a new `key` for another document). It flushes
 * when the window loses focus, sends a keepalive save when the page is hidden or unloaded, and
 * flushes on unmount so switching away never leaves changes only in memory.
 */
export function useAutosave<D, R>(options: AutosaveOptions<D, R>): [Autosave<D, R>, AutosaveState] {
  const [autosave] = useState(() => new Autosave(options));
  const state = useSyncExternalStore(autosave.subscribe, autosave.getState);

  useEffect(() => {
    const flush = () => void autosave.flush();
    const desktopClose = guardDesktopClose(autosave, window);
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!desktopClose(event)) autosave.flushOnUnload();
    };
    const unload = () => autosave.flushOnUnload();
    const hidden = () => {
      if (document.visibilityState === 'hidden') autosave.flushOnUnload();
    };
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', unload);
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', unload);
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('visibilitychange', hidden);
      void autosave.flush();
    };
  }, [autosave]);

  return [autosave, state];
}
