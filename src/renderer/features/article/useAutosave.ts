import { startTransition, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useClient } from '../../api/context';
import { Autosave, type AutosaveOptions, type AutosaveState } from './autosave';
import { guardDesktopClose } from './closeGuard';

/**
 * One Autosave per mounted document (remount with a new `key` for another document). It flushes
 * when the window loses focus, sends a keepalive save when the page is hidden or unloaded, and
 * flushes on unmount so switching away never leaves changes only in memory. When the web host
 * is reachable again after an outage, a save waiting out its retry backoff goes at once.
 *
 * It does not subscribe the caller to the save state: that changes several times a second while
 * typing (pending, saving, saved), so only the small parts that show it subscribe, through
 * useAutosaveState.
 */
export function useAutosave<D, R>(options: AutosaveOptions<D, R>): Autosave<D, R> {
  const [autosave] = useState(() => new Autosave(options));
  const { connection } = useClient();

  useEffect(() => {
    if (!connection) return;
    return connection.subscribe(() => {
      if (connection.getState().status === 'reconnected') autosave.retryNow();
    });
  }, [autosave, connection]);

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

  return autosave;
}

/** What shows the save state needs of an autosave. */
export type SaveStateSource = Pick<Autosave<unknown, unknown>, 'subscribe' | 'getState'>;

/** The save state, re-rendering the caller whenever it changes. */
export function useAutosaveState(autosave: SaveStateSource): AutosaveState {
  return useSyncExternalStore(autosave.subscribe, autosave.getState);
}

/**
 * The per-field messages of a validation error, re-rendering the caller only when they change
 * (not on every pending/saving/saved step).
 */
export function useAutosaveFields(autosave: SaveStateSource): Record<string, string> | undefined {
  return useSyncExternalStore(autosave.subscribe, () => {
    const state = autosave.getState();
    return state.status === 'invalid' ? state.fields : undefined;
  });
}

/**
 * A view of the save state (`view` must return equal values for states that show the same),
 * re-rendering the caller only when the view changes. Changes `urgent` does not pick out are
 * rendered as a transition: the "Saving…"/"Saved" flips come several times a second while
 * typing, often from inside a key's handler, and must not add a React render and commit to it.
 */
export function useAutosaveView<V>(
  autosave: SaveStateSource,
  view: (state: AutosaveState) => V,
  same: (a: V, b: V) => boolean,
  urgent: (next: V) => boolean = () => true,
): V {
  const viewRef = useRef({ view, same, urgent });
  viewRef.current = { view, same, urgent };
  const [shown, setShown] = useState(() => view(autosave.getState()));
  useEffect(() => {
    const update = () => {
      const { view: current, same: equal, urgent: now } = viewRef.current;
      const next = current(autosave.getState());
      const apply = () => setShown((before) => (equal(before, next) ? before : next));
      if (now(next)) apply();
      else startTransition(apply);
    };
    update(); // a change between render and subscribing
    return autosave.subscribe(update);
  }, [autosave]);
  return shown;
}
