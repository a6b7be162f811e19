import type { EditorState } from 'lexical';
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ARTICLE_STATUSES, STATUS_LABELS, type Article, type ArticleStatus, type FollowUpQuestion, type Takeaway } from '../../../shared/article';
import { slugify } from '../../../shared/slug';
import { useClient } from '../../api/context';
import { BodyEditor } from '../../editor/BodyEditor';
import { TYPING_PAUSE_MS } from '../../editor/typing-pause';
import { editorStateJSON } from '../../editor/content-changes';
import { useVersionHistory } from '../history/useVersionHistory';
import { ArticleBar } from './ArticleBar';
import { DEFAULT_MAX_WAIT_MS, type Autosave } from './autosave';
import { fieldError, listErrorsOf, pendingDocument, toDocument, toDraft, type Draft, type PendingDocument } from './draft';
import { Field } from './Field';
import { PatchSaves } from './patch-save';
import { articleJournal } from './pending-edits';
import { pendingEditsStore } from './pending-edits-idb';
import { SaveProblems } from './SaveProblems';
import { useAutosave, useAutosaveFields } from './useAutosave';
import { yieldToInput } from './yield-to-input';
import { FindPanel, type FindMode } from '../helpers/FindPanel';
import { useTkHighlights } from '../helpers/highlights';
import { PrePublishChecklist } from '../helpers/PrePublishChecklist';
import { EditorRegistry, EditorRegistryContext, useRegisterEditorById } from '../helpers/registry';
import { articleStats } from '../helpers/stats';
import { useFindShortcuts } from '../helpers/useFindShortcuts';
import { useReplaceAllUndo } from '../helpers/useReplaceAllUndo';
import { spellcheckAttributes, usePreferences } from '../help/preferences';
import { QuestionsEditor } from '../questions/QuestionsEditor';
import { TakeawaysEditor } from '../takeaways/TakeawaysEditor';
import { PublishArticleButton } from '../publishing/PublishArticleButton';
import '../helpers/helpers.css';
import { PreviewPane } from '../preview/PreviewPane';
import { PreviewToggle } from '../preview/PreviewToggle';

export type ArticleSession = Autosave<PendingDocument, Article>;

export interface ArticleViewProps {
  article: Article;
  /** Filled with this view's autosave, so the app can flush it before switching away. */
  sessionRef: RefObject<ArticleSession | null>;
  autoFocusHeadline?: boolean;
  onSaved(article: Article): void;
  /** Throw away local edits and load the stored article again (after a conflict). */
  onReload(): void;
  onTrash(): void;
  onRestore(): void;
  onPurge(): void;
}

/**
 * How long after the last body keystroke the rest of the view (counts, checklist) catches up:
 * once the writer pauses, or sooner while the preview is open, which must show a change within
 * 300 ms of the last key (its own refresh waits another 150 ms).
 */
const bodyRenderDelayMs = (previewOpen: boolean) => (previewOpen ? 120 : TYPING_PAUSE_MS);

/**
 * App re-renders (every save refreshes the library list) pass new arrow functions for the
 * actions; those are only ever called, never rendered, so they do not make the view re-render.
 */
function sameView(before: ArticleViewProps, after: ArticleViewProps): boolean {
  return before.article === after.article && before.sessionRef === after.sessionRef && before.autoFocusHeadline === after.autoFocusHeadline;
}

/** The open article: its fields, body editor, save state and trash actions. Keyed by id. */
export const ArticleView = memo(function ArticleView(props: ArticleViewProps) {
  const { article, sessionRef, autoFocusHeadline } = props;
  const client = useClient();
  const trashed = article.trashedAt !== null;
  const [draft, setDraft] = useState<Draft>(() => toDraft(article));
  // The newest draft, except that while the body is being typed in its newest state is
  // `bodyState` (serialized only when needed) and `body` here lags behind.
  const draftRef = useRef(draft);
  const bodyState = useRef<EditorState | null>(null);
  // The body's newest editor state, serialized or not (null until the body is edited here): what
  // a patch save compares with the acknowledged one.
  const editorBody = useRef<EditorState | null>(null);
  const [meta, setMeta] = useState(() => ({ slug: article.slug, publishedAt: article.publishedAt }));
  const actions = useRef(props);
  // The article's rich-text editors, for find & replace and TK highlights across all of them.
  const [registry] = useState(() => new EditorRegistry());
  const [find, setFind] = useState<{ mode: FindMode; summon: number; seed: string } | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  useEffect(() => {
    actions.current = props;
  });
  const onReload = useCallback(() => actions.current.onReload(), []);
  // Every change is kept in this browser until the host acknowledges it (issues 15.4, 18.9).
  const [journal] = useState(() => articleJournal(pendingEditsStore, article.id));
  // Saves send only what changed since the host's last acknowledgement (issue 17.1).
  const [patches] = useState(() => new PatchSaves(article.id));

  const autosave = useAutosave<PendingDocument, Article>({
    revision: article.revision,
    // The promise is "at most the last 500 ms of typing lost", counted to when the host has it.
    // A save here first builds the document and lets pending keys go first (below), then travels:
    // started at the default 500 ms it landed just after the promise (the kill test in CI once
    // found 16 keys missing where 15 were typed in the last 500 ms). 100 ms of headroom.
    maxWaitMs: DEFAULT_MAX_WAIT_MS - 100,
    save: async (pending, expectedRevision, { keepalive }) => {
      // A regular save runs while the writer types: building a patch (or serializing a whole
      // body) and sending it each take time, so keys pressed meanwhile go first. An unload save
      // must start before the page goes away, so it does not wait.
      if (!keepalive) await yieldToInput();
      return patches.save(client, pending, expectedRevision, { keepalive, beforeWhole: keepalive ? undefined : yieldToInput });
    },
    revisionOf: (saved) => saved.revision,
    journal,
    onSaved: (saved, pending) => {
      patches.acknowledged(saved.revision, pending);
      const sent = pending.draft;
      setMeta((m) => (m.slug === saved.slug && m.publishedAt === saved.publishedAt ? m : { slug: saved.slug, publishedAt: saved.publishedAt }));
      const current = draftRef.current;
      // Show the slug core actually chose (it may add "-2"), unless the headline moved on since.
      if (current.slugFollowsHeadline && current.headline === sent.headline && current.slugText !== saved.slug) {
        const next = { ...current, slugText: saved.slug };
        draftRef.current = next;
        setDraft(next);
      }
      actions.current.onSaved(saved);
    },
  });

  useEffect(() => {
    sessionRef.current = autosave;
    return () => {
      if (sessionRef.current === autosave) sessionRef.current = null;
    };
  }, [autosave, sessionRef]);

  /** Hands autosave the newest document, to be built (body serialized) when the save starts. */
  const queueSave = () => {
    const draft = draftRef.current;
    const body = bodyState.current;
    autosave.update(pendingDocument(() => toDocument(article.id, body ? { ...draft, body: editorStateJSON(body) } : draft), draft, editorBody.current));
  };

  /** The draft with the newest body in it, serializing the body if it is pending. */
  const settledDraft = (): Draft => {
    const body = bodyState.current;
    if (body) {
      bodyState.current = null;
      draftRef.current = { ...draftRef.current, body: editorStateJSON(body) };
    }
    return draftRef.current;
  };

  const change = (patch: Partial<Draft>) => {
    if (trashed) return;
    let next: Draft = { ...draftRef.current, ...patch };
    if (patch.body !== undefined) {
      // A body set as JSON (not typed in the editor) replaces any editor state not yet serialized.
      bodyState.current = null;
      editorBody.current = null;
    }
    if (patch.status === 'published' && next.slugFollowsHeadline) {
      // A published URL must not move when the headline is later corrected.
      next = { ...next, slugFollowsHeadline: false, slugText: next.slugText || slugify(next.headline) };
    }
    if (next.slugFollowsHeadline && patch.headline !== undefined) next = { ...next, slugText: slugify(next.headline) };
    draftRef.current = next;
    setDraft(next);
    queueSave();
  };
  const changeRef = useRef(change);
  useEffect(() => {
    changeRef.current = change;
  });

  // Lexical owns the body's DOM, so nothing has to re-render for a keystroke to show. A body
  // edit only records the editor state and tells autosave (which serializes it when it saves);
  // the rest of the view (word count, checklist, preview) catches up once typing pauses.
  const bodyRenderTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (bodyRenderTimer.current) clearTimeout(bodyRenderTimer.current);
  }, []);
  const previewOpenRef = useRef(previewOpen);
  useEffect(() => {
    previewOpenRef.current = previewOpen;
  }, [previewOpen]);
  const changeBody = useCallback((state: EditorState) => {
    if (trashed) return;
    bodyState.current = state;
    editorBody.current = state;
    queueSave();
    if (bodyRenderTimer.current) clearTimeout(bodyRenderTimer.current);
    bodyRenderTimer.current = setTimeout(() => {
      bodyRenderTimer.current = null;
      startTransition(() => setDraft(settledDraft()));
    }, bodyRenderDelayMs(previewOpenRef.current));
    // Stable, so the memoized BodyEditor never re-renders: queueSave and settledDraft read only
    // refs, the article id (the view is keyed by it) and the autosave, which lives as long as the view.
  }, [trashed]);

  // Takeaway and question editors report through updaters so that several reporting in one tick
  // (replace all) each build on the latest list.
  const changeTakeaways = useCallback((update: (current: Takeaway[]) => Takeaway[]) => changeRef.current({ takeaways: update(draftRef.current.takeaways) }), []);
  const changeQuestions = useCallback(
    (update: (current: FollowUpQuestion[]) => FollowUpQuestion[]) => changeRef.current({ questions: update(draftRef.current.questions) }),
    [],
  );

  useRegisterEditorById('article-body', 'body', 'Body', [5], registry);
  const currentDraft = useCallback(() => draftRef.current, []);
  const replaceUndo = useReplaceAllUndo(registry, currentDraft, change);
  useTkHighlights(registry);
  // Counting words walks the whole article: only when the counted fields change, not per headline key.
  const { body: draftBody, takeaways: draftTakeaways, questions: draftQuestions } = draft;
  const stats = useMemo(() => articleStats({ body: draftBody, takeaways: draftTakeaways, questions: draftQuestions }), [draftBody, draftTakeaways, draftQuestions]);

  // Typing in the slug takes it over; clearing it and leaving the field hands it back to the headline.
  const changeSlug = (value: string) => change({ slugText: value, slugFollowsHeadline: false });

  const settleSlug = () => {
    const published = draft.status === 'published' || meta.publishedAt !== null;
    if (draftRef.current.slugText.trim() === '' && !published) {
      change({ slugFollowsHeadline: true, slugText: slugify(draftRef.current.headline) });
    }
  };

  const noNewline = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter') event.preventDefault();
  };

  const history = useVersionHistory({ articleId: article.id, session: autosave, enabled: !trashed, reload: onReload });
  useFindShortcuts(!history.open, (mode, seed) => setFind((current) => ({ mode, seed, summon: (current?.summon ?? 0) + 1 })));

  const fields = useAutosaveFields(autosave);
  const errorFor = (name: string) => fieldError(fields, name);
  const errors = useMemo(() => listErrorsOf(fields), [fields]);
  const bodyError = errorFor('body');
  // The writer's spell-check language, inherited by the form's text fields.
  const spelling = spellcheckAttributes(usePreferences());
  const slugHint = draft.slugFollowsHeadline ? 'Follows the headline until you edit it.' : 'Part of the article’s web address.';

  return (
    <EditorRegistryContext.Provider value={registry}>
    <article className={`article-view${previewOpen && !history.open ? ' with-preview' : ''}`} aria-labelledby="article-title">
      <ArticleBar
        headline={draft.headline}
        status={draft.status}
        slug={draft.slugText || slugify(draft.headline)}
        trashed={trashed}
        session={autosave}
        tools={
          <>
            {history.tools}
            <PreviewToggle open={previewOpen} onToggle={() => setPreviewOpen((open) => !open)} />
            <PublishArticleButton articleId={article.id} flush={() => autosave.flush()} onPublished={onReload} />
          </>
        }
        stats={stats.label}
        onTrash={() => actions.current.onTrash()}
        onRestore={() => actions.current.onRestore()}
        onPurge={() => actions.current.onPurge()}
      >
        {find && !history.open ? (
          <FindPanel
            mode={find.mode}
            summon={find.summon}
            seed={find.seed}
            draft={draft}
            registry={registry}
            readOnly={trashed}
            onPatch={change}
            currentDraft={currentDraft}
            replaceUndo={replaceUndo}
            onModeChange={(mode) => setFind({ ...find, mode })}
            onClose={() => setFind(null)}
          />
        ) : null}
      </ArticleBar>
      {history.panel}
      {/* Hidden, not unmounted, while the history is open: the editor keeps its state. */}
      <div className="article-content" hidden={history.open}>
        {trashed ? (
          <div className="notice notice-info">
            <p>This article is in the trash. Restore it to edit it again.</p>
          </div>
        ) : null}
        <SaveProblems session={autosave} otherErrors={errors.other} onReload={onReload} onRetry={() => autosave.retry()} />
        <form className="article-form" spellCheck={spelling.spellCheck} lang={spelling.lang} onSubmit={(event) => event.preventDefault()}>
          <Field id="field-section" label="Section" error={errorFor('section')} className="field-section">
            {(describedBy) => (
              <input
                id="field-section"
                className="input input-section"
                value={draft.section}
                placeholder="e.g. Local News"
                readOnly={trashed}
                aria-describedby={describedBy}
                aria-invalid={errorFor('section') ? true : undefined}
                onChange={(event) => change({ section: event.target.value })}
                autoComplete="off"
              />
            )}
          </Field>
          <Field id="field-headline" label="Headline" error={errorFor('headline')} className="field-headline">
            {(describedBy) => (
              <textarea
                id="field-headline"
                className="input input-headline"
                rows={1}
                value={draft.headline}
                placeholder="Write a headline"
                readOnly={trashed}
                autoFocus={autoFocusHeadline}
                aria-describedby={describedBy}
                aria-invalid={errorFor('headline') ? true : undefined}
                onKeyDown={noNewline}
                onChange={(event) => change({ headline: event.target.value.replace(/\r?\n/g, ' ') })}
              />
            )}
          </Field>
          <Field id="field-summary" label="Summary" error={errorFor('summary')}>
            {(describedBy) => (
              <textarea
                id="field-summary"
                className="input input-summary"
                rows={2}
                value={draft.summary}
                placeholder="One or two sentences that tell the reader what happened"
                readOnly={trashed}
                aria-describedby={describedBy}
                aria-invalid={errorFor('summary') ? true : undefined}
                onChange={(event) => change({ summary: event.target.value })}
              />
            )}
          </Field>

          <div className="field-grid">
            <Field id="field-byline" label="Byline" hint="Separate names with commas." error={errorFor('byline')}>
              {(describedBy) => (
                <input
                  id="field-byline"
                  className="input"
                  value={draft.bylineText}
                  placeholder="Maya Okafor, Daniel Reyes"
                  readOnly={trashed}
                  aria-describedby={describedBy}
                  aria-invalid={errorFor('byline') ? true : undefined}
                  onChange={(event) => change({ bylineText: event.target.value })}
                  autoComplete="off"
                />
              )}
            </Field>
            <Field id="field-tags" label="Tags" hint="Separate tags with commas." error={errorFor('tags')}>
              {(describedBy) => (
                <input
                  id="field-tags"
                  className="input"
                  value={draft.tagsText}
                  placeholder="water, city council"
                  readOnly={trashed}
                  aria-describedby={describedBy}
                  aria-invalid={errorFor('tags') ? true : undefined}
                  onChange={(event) => change({ tagsText: event.target.value })}
                  autoComplete="off"
                />
              )}
            </Field>
            <Field id="field-slug" label="Slug" hint={slugHint} error={errorFor('slug')}>
              {(describedBy) => (
                <input
                  id="field-slug"
                  className="input input-mono"
                  value={draft.slugText}
                  placeholder={slugify(draft.headline)}
                  readOnly={trashed}
                  spellCheck={false}
                  aria-describedby={describedBy}
                  aria-invalid={errorFor('slug') ? true : undefined}
                  onChange={(event) => changeSlug(event.target.value)}
                  onBlur={settleSlug}
                  autoComplete="off"
                />
              )}
            </Field>
            <Field id="field-status" label="Status" error={errorFor('status')}>
              {(describedBy) => (
                <select
                  id="field-status"
                  className="input select"
                  value={draft.status}
                  disabled={trashed}
                  aria-describedby={describedBy}
                  aria-invalid={errorFor('status') ? true : undefined}
                  onChange={(event) => change({ status: event.target.value as ArticleStatus })}
                >
                  {ARTICLE_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {STATUS_LABELS[status]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>

          <div className={`field field-body${bodyError ? ' has-error' : ''}`}>
            <span className="field-label" id="field-body-label" aria-hidden="true">
              Body
            </span>
            <BodyEditor
              initial={article.body}
              readOnly={trashed}
              onChange={changeBody}
              describedBy={bodyError ? 'field-body-error' : undefined}
              invalid={Boolean(bodyError)}
            />
            {bodyError ? (
              <p className="field-error" id="field-body-error">
                {bodyError}
              </p>
            ) : null}
          </div>
        </form>

        <TakeawaysEditor takeaways={draft.takeaways} readOnly={trashed} onChange={changeTakeaways} errors={errors.takeaways} />
        <QuestionsEditor questions={draft.questions} readOnly={trashed} onChange={changeQuestions} errors={errors.questions} />
        <PrePublishChecklist draft={draft} registry={registry} />
      </div>
      {previewOpen && !history.open ? <PreviewPane article={article} draft={draft} /> : null}
    </article>
    </EditorRegistryContext.Provider>
  );
}, sameView);
