import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Article } from '../shared/article';
import { useClient } from './api/context';
import { ArticleView, type ArticleSession } from './features/article/ArticleView';
import { KeptEditsNotice } from './features/article/KeptEditsNotice';
import { pendingEditsStore } from './features/article/pending-edits-idb';
import { replayAllPendingEdits, replayPendingEdit, saveKeptOverNewer, type ReplayOutcome } from './features/article/replay';
import { LibrarySidebar } from './features/library/LibrarySidebar';
import { DEFAULT_REFINE, isNarrowed, type LibraryFilter, type LibraryRefine } from './features/library/filters';
import { useArticleList } from './features/library/useArticleList';
import { useFacets } from './features/library/useFacets';
import { ModerationView } from './features/moderation/ModerationView';
import { PublishSiteView } from './features/publishing/PublishSiteView';
import { NetworkIndicator } from './features/remote/NetworkIndicator';
import { OutboxView } from './features/remote/OutboxView';
import { ConfirmDialog } from './features/remote/ConfirmDialog';
import { useOutboxBadge } from './features/remote/useRemote';
import { UndoToast } from './features/library/UndoToast';
import { SettingsView } from './features/settings/SettingsView';
import { WorkspaceNav, type Screen } from './features/settings/WorkspaceNav';
import { HelpAndPreferences } from './features/help/HelpAndPreferences';

interface Open {
  article: Article;
  /** Changes when the same article must be remounted (reload after a conflict, restore). */
  mount: number;
  focusHeadline: boolean;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App() {
  const client = useClient();
  const [filter, setFilter] = useState<LibraryFilter>('all');
  const [screen, setScreen] = useState<Screen>('articles');
  // Mounted on first visit, then kept (hidden) so the queue keeps its place and undo history.
  const [moderationOpened, setModerationOpened] = useState(false);
  if (screen === 'moderation' && !moderationOpened) setModerationOpened(true);
  const [refine, setRefine] = useState<LibraryRefine>(DEFAULT_REFINE);
  const list = useArticleList(client, filter, refine);
  const facets = useFacets(client);
  const outboxBadge = useOutboxBadge(client);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The article just moved to the trash, while its "Undo" is offered.
  const [trashed, setTrashed] = useState<{ id: string; title: string } | null>(null);
  const [confirmPurge, setConfirmPurge] = useState<{ id: string; title: string } | null>(null);
  const session = useRef<ArticleSession | null>(null);
  // The library drawer of narrow windows (see layout.css); wider windows ignore it.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawerToggle = useRef<HTMLButtonElement>(null);
  const closeDrawerOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !drawerOpen) return;
    setDrawerOpen(false);
    drawerToggle.current?.focus();
  };
  const sidebarRef = useRef<HTMLDivElement>(null);
  // An opened drawer takes the focus (its current workspace item), so the keyboard lands in it.
  useEffect(() => {
    if (drawerOpen) sidebarRef.current?.querySelector<HTMLElement>('[aria-current="page"], button')?.focus();
  }, [drawerOpen]);
  const mounts = useRef(0);
  // Edits this browser kept while the server did not have them: replayed once at start, before
  // any article opens, then per article as it opens (see features/article/replay.ts).
  const [kept, setKept] = useState<Exclude<ReplayOutcome, { kind: 'none' }> | null>(null);
  const startupReplay = useRef<Promise<Map<string, ReplayOutcome>> | null>(null);
  const openId = useRef<string | null>(null);
  const replayAtStart = useCallback(
    () => (startupReplay.current ??= replayAllPendingEdits(client, pendingEditsStore, (id) => id === openId.current)),
    [client],
  );

  // The article the person asked for last. A load that resolves after they moved on (for example
  // the first-run auto-open landing after "New article") must not take the editor back.
  const wanted = useRef<string | null>(null);
  const show = useCallback((article: Article, focusHeadline = false) => {
    wanted.current = article.id;
    setKept(null);
    mounts.current += 1;
    setSelectedId(article.id);
    setOpen({ article, mount: mounts.current, focusHeadline });
    setLoadError(null);
  }, []);

  const load = useCallback(
    async (id: string) => {
      wanted.current = id;
      setSelectedId(id);
      setLoadError(null);
      try {
        const replayedAtStart = await replayAtStart();
        const outcome = await replayPendingEdit(client, pendingEditsStore, await client.api['articles:get']({ id }));
        if (wanted.current !== id) return;
        show(outcome.article);
        // Told once: edits replayed at start show their notice when their article first opens.
        const told = outcome.kind === 'none' ? replayedAtStart.get(id) : outcome;
        replayedAtStart.delete(id);
        if (told && told.kind !== 'none') setKept({ ...told, article: outcome.article });
      } catch (error) {
        if (wanted.current !== id) return;
        setOpen(null);
        setLoadError(message(error));
      }
    },
    [client, show, replayAtStart],
  );

  /**
   * Saves the open article before leaving it. If it cannot be saved (invalid, conflict), asks
   * before the edits are left behind; transient failures keep retrying in the background.
   */
  const leaveCurrent = useCallback(async (): Promise<boolean> => {
    const current = session.current;
    if (!current || !current.hasUnsavedChanges) return true;
    const state = await current.flush();
    if (!current.hasUnsavedChanges || state.status === 'retrying') return true;
    return window.confirm(`Your latest changes to this article could not be saved (${state.message ?? state.status}). Leave them behind?`);
  }, []);

  const select = async (id: string) => {
    setScreen('articles');
    if (id === selectedId && open) return;
    if (!(await leaveCurrent())) return;
    setActionError(null);
    await load(id);
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (error) {
      setActionError(message(error));
    } finally {
      setBusy(false);
      list.refresh();
    }
  };

  const create = () =>
    run(async () => {
      if (!(await leaveCurrent())) return;
      const article = await client.api['articles:create']({});
      if (filter !== 'all' && filter !== 'draft') setFilter('all');
      // A new article has no section, tags or text yet: show it rather than hide it behind a search.
      if (isNarrowed(refine)) setRefine((r) => ({ ...DEFAULT_REFINE, sort: r.sort }));
      show(article, true);
    });

  const titleOf = (article: Article) => article.headline.trim() || 'Untitled';

  const trash = () =>
    run(async () => {
      if (!open) return;
      await session.current?.flush();
      await client.api['articles:trash']({ id: open.article.id });
      setTrashed({ id: open.article.id, title: titleOf(open.article) });
      setOpen(null);
      setSelectedId(null);
    });

  /** "Undo" on the trash toast: restores the article and opens it again. */
  const undoTrash = () =>
    run(async () => {
      const item = trashed;
      setTrashed(null);
      if (!item || !(await leaveCurrent())) return;
      show(await client.api['articles:restore']({ id: item.id }));
    });
  const closeTrashToast = useCallback(() => setTrashed(null), []);

  const restore = () =>
    run(async () => {
      if (!open) return;
      const article = await client.api['articles:restore']({ id: open.article.id });
      setFilter('all');
      show(article);
    });

  const askPurge = () => {
    if (open) setConfirmPurge({ id: open.article.id, title: titleOf(open.article) });
  };

  const purge = (id: string) =>
    run(async () => {
      setConfirmPurge(null);
      await client.api['articles:purge']({ id });
      if (open?.article.id === id) {
        setOpen(null);
        setSelectedId(null);
      }
    });

  const reload = () => {
    if (!open) return;
    const id = open.article.id;
    // The last keys typed may still wait for an idle moment to be kept in this browser: keep (and
    // try to save) them first, or the reload reads an older copy of the kept edits back, and
    // "Use my kept edits" would save that, losing those keys.
    void (session.current?.flush() ?? Promise.resolve()).then(() => load(id));
  };

  const changeFilter = (next: LibraryFilter) => {
    setFilter(next);
  };

  // Open the newest article on first load, so the app never starts on an empty page.
  const [autoOpened, setAutoOpened] = useState(false);
  useEffect(() => {
    if (autoOpened || list.loading) return;
    setAutoOpened(true);
    const first = list.articles[0];
    if (first && !selectedId) void load(first.id);
  }, [autoOpened, list.loading, list.articles, selectedId, load]);

  useEffect(() => {
    openId.current = open?.article.id ?? null;
  }, [open]);

  const refresh = list.refresh;
  const onSaved = useCallback(() => refresh(), [refresh]);
  useEffect(() => {
    void replayAtStart().then((replayed) => replayed.size > 0 && refresh());
  }, [replayAtStart, refresh]);
  // Back after an outage (the tab may have opened while the server was down): replay what was
  // kept and reload the library, which could not load meanwhile.
  const { connection } = client;
  useEffect(() => {
    if (!connection) return;
    return connection.subscribe(() => {
      if (connection.getState().status !== 'reconnected') return;
      startupReplay.current = null;
      void replayAtStart().then(() => refresh());
    });
  }, [connection, replayAtStart, refresh]);

  return (
    <div className={`app${drawerOpen ? ' drawer-open' : ''}`} onKeyDown={closeDrawerOnEscape}>
      <header className="brand">
        {/* Below 900 px the library is a drawer; this button (hidden on wider windows) opens it. */}
        <button
          ref={drawerToggle}
          type="button"
          className="button drawer-toggle"
          aria-expanded={drawerOpen}
          aria-controls="app-sidebar"
          onClick={() => setDrawerOpen((o) => !o)}
        >
          <span aria-hidden="true" className="drawer-toggle-icon">
            ☰
          </span>
          Library
        </button>
        <span className="brand-mark" aria-hidden="true">
          C
        </span>
        <span className="brand-name">Copydesk</span>
        <NetworkIndicator />
      </header>
      {drawerOpen ? <div className="drawer-backdrop" aria-hidden="true" onClick={() => setDrawerOpen(false)} /> : null}
      <div className="sidebar" id="app-sidebar" ref={sidebarRef}>
        <HelpAndPreferences editorActive={screen === 'articles'} />
        <WorkspaceNav
          screen={screen}
          onChange={(next) => {
            setDrawerOpen(false);
            setScreen(next);
          }}
          badges={{ outbox: outboxBadge }}
        />
        <LibrarySidebar
          articles={list.articles}
          loading={list.loading}
          error={list.error}
          filter={filter}
          refine={refine}
          facets={facets}
          selectedId={selectedId}
          creating={busy}
          onFilterChange={changeFilter}
          onRefineChange={setRefine}
          onSelect={(id) => {
            setDrawerOpen(false);
            void select(id);
          }}
          onCreate={() => {
            setDrawerOpen(false);
            void create();
          }}
        />
      </div>
      {moderationOpened ? (
        <main className="main" aria-label="Moderation" hidden={screen !== 'moderation'}>
          <ModerationView visible={screen === 'moderation'} />
        </main>
      ) : null}
      {screen !== 'articles' && screen !== 'moderation' ? (
        <main className="main" aria-label={screen === 'settings' ? 'Settings' : screen === 'outbox' ? 'Outbox' : 'Publishing'}>
          {screen === 'settings' ? <SettingsView /> : screen === 'outbox' ? <OutboxView /> : <PublishSiteView onOpenSettings={() => setScreen('settings')} />}
        </main>
      ) : null}
      {/* Hidden, not unmounted, while another screen shows: the open article keeps its editor state. */}
      <main className="main" aria-label="Article" hidden={screen !== 'articles'}>
        {actionError ? (
          <div className="notice notice-warning main-notice" role="alert">
            <p>{actionError}</p>
            <button type="button" className="button button-quiet" onClick={() => setActionError(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        {kept && open && kept.article.id === open.article.id ? (
          <KeptEditsNotice
            outcome={kept}
            onUseKept={() => (kept.kind === 'replayed' ? Promise.resolve(open.article) : saveKeptOverNewer(client, pendingEditsStore, kept.pending))}
            onDiscard={() => (kept.kind === 'replayed' ? Promise.resolve() : pendingEditsStore.delete(kept.pending.articleId))}
            onDone={(article) => {
              setKept(null);
              if (article) show(article);
              refresh();
            }}
          />
        ) : null}
        {open && open.article.id === selectedId ? (
          <ArticleView
            key={`${open.article.id}:${open.mount}`}
            article={open.article}
            sessionRef={session}
            autoFocusHeadline={open.focusHeadline}
            onSaved={onSaved}
            onReload={reload}
            onTrash={() => void trash()}
            onRestore={() => void restore()}
            onPurge={askPurge}
          />
        ) : loadError ? (
          <div className="empty-state" role="alert">
            <h1 className="empty-title">This article could not be opened</h1>
            <p>{loadError}</p>
          </div>
        ) : selectedId ? (
          <div className="empty-state" aria-busy="true">
            <p>Opening…</p>
          </div>
        ) : (
          <div className="empty-state">
            <h1 className="empty-title">No article open</h1>
            <p>Pick an article from the library, or start one with “New article”.</p>
          </div>
        )}
      </main>
      <UndoToast message={trashed ? `Moved “${trashed.title}” to the trash` : null} onUndo={() => void undoTrash()} onClose={closeTrashToast} />
      {confirmPurge ? (
        <ConfirmDialog
          title="Delete forever?"
          message={`“${confirmPurge.title}” and its history will be deleted for good. This cannot be undone.`}
          confirmLabel="Delete forever"
          danger
          onConfirm={() => void purge(confirmPurge.id)}
          onCancel={() => setConfirmPurge(null)}
        />
      ) : null}
    </div>
  );
}
