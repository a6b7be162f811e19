import { useEffect, useMemo, useRef, useState } from 'react';
import type { Article } from '../../../shared/article';
import { BRIDGE_KEY } from '../../../shared/contract/names';
import { NO_VOTES, type PublishedComment, type VoteTallies } from '../../../shared/engagement';
import { renderPreviewDocument, type PreviewFocus, type PreviewTheme } from '../../../shared/render/preview';
import type { SiteSettings } from '../../../shared/site';
import { useClient } from '../../api/context';
import type { Draft } from '../article/draft';
import { assetSources, usePreviewImages } from './images';
import { draftArticle, editFocus } from './model';
import './preview.css';

/** Phone, tablet, desktop. */
export const PREVIEW_WIDTHS = [390, 820, 1280] as const;
type PreviewWidth = (typeof PREVIEW_WIDTHS)[number];
const WIDTH_LABELS: Record<PreviewWidth, string> = { 390: 'Phone', 820: 'Tablet', 1280: 'Desktop' };
const THEMES: { value: PreviewTheme; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** "Fit" scales the page down to the pane; "100%" shows it at its real size, scrolling sideways. */
type PreviewZoom = 'fit' | 'actual';
const ZOOMS: { value: PreviewZoom; label: string }[] = [
  { value: 'fit', label: 'Fit' },
  { value: 'actual', label: '100%' },
];

/** Re-render at most this long after the last keystroke (the page itself renders in ~1 ms). */
const REFRESH_DELAY_MS = 150;

type SitePreview = Pick<SiteSettings, 'title' | 'baseUrl' | 'language' | 'description' | 'loginUrl' | 'logo'>;
const FALLBACK_SITE: SitePreview = { title: 'Copydesk', baseUrl: 'https://example.invalid/', language: 'en', description: '', loginUrl: '', logo: null };

export interface PreviewPaneProps {
  article: Article;
  draft: Draft;
}

/**
 * The article exactly as it will be published, beside the editor: the shared page renderer runs
 * here on the unsaved draft, and the result is shown in a frame that may run nothing (sandbox="")
 * and load nothing but its own styles and images (the document's CSP).
 */
export function PreviewPane({ article, draft }: PreviewPaneProps) {
  const client = useClient();
  const [site, setSite] = useState<SitePreview>(FALLBACK_SITE);
  const [engagement, setEngagement] = useState<{ comments: PublishedComment[]; votes: VoteTallies }>({ comments: [], votes: NO_VOTES });
  const [width, setWidth] = useState<PreviewWidth>(820);
  const [theme, setTheme] = useState<PreviewTheme>(() => (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  const [srcDoc, setSrcDoc] = useState('');
  const previousDraft = useRef<Draft | null>(null);
  const focus = useRef<PreviewFocus | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [stageWidth, setStageWidth] = useState(0);
  const [zoom, setZoom] = useState<PreviewZoom>('fit');
  // The whole window for the preview, so "Desktop 1280" can be read in a 1280 px window; Esc returns.
  const [full, setFull] = useState(false);
  const fullButton = useRef<HTMLButtonElement>(null);
  const exitButton = useRef<HTMLButtonElement>(null);
  const wasFull = useRef(false);
  useEffect(() => {
    if (full) exitButton.current?.focus();
    else if (wasFull.current) fullButton.current?.focus();
    wasFull.current = full;
    if (!full) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setFull(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [full]);

  useEffect(() => {
    let live = true;
    client.call('site:get', undefined).then(
      (settings) => live && setSite(settings),
      () => {
        // No site settings yet: the preview uses neutral defaults.
      },
    );
    const loadEngagement = () =>
      client.call('preview:engagement', { articleId: article.id }).then(
        (result) => live && setEngagement(result),
        () => {},
      );
    void loadEngagement();
    const off = client.on('moderation:changed', () => void loadEngagement());
    return () => {
      live = false;
      off();
    };
  }, [client, article.id]);

  const documentJson = useMemo(() => JSON.stringify([draft.body, draft.questions, site.logo]), [draft.body, draft.questions, site.logo]);
  const images = usePreviewImages(useMemo(() => assetSources(documentJson), [documentJson]));

  // Render shortly after the last change; typing resets the timer.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const moved = editFocus(previousDraft.current, draft);
      if (moved) focus.current = moved;
      previousDraft.current = draft;
      setSrcDoc(
        renderPreviewDocument({
          article: draftArticle(article, draft),
          comments: engagement.comments,
          votes: engagement.votes,
          site,
          assetUrl: images.url,
          imageSources: images.imageSources,
          theme,
          focus: focus.current,
        }),
      );
    }, REFRESH_DELAY_MS);
    return () => window.clearTimeout(timer);
    // images.version: a fetched image re-renders; images.url reads the same cache.
  }, [article, draft, engagement, site, theme, images.version]);

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setStageWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const scale = zoom === 'actual' ? 1 : stageWidth > 0 ? Math.min(1, stageWidth / width) : 1;

  const [openError, setOpenError] = useState<string | null>(null);
  const openInBrowser = () => {
    setOpenError(null);
    if (BRIDGE_KEY in window) {
      // The app window never opens pages itself (navigation guards): main writes the saved
      // article's preview to a file and hands it to the system browser.
      client.call('preview:open', { articleId: article.id, theme }).catch((e: unknown) => setOpenError(e instanceof Error ? e.message : String(e)));
      return;
    }
    const url = URL.createObjectURL(new Blob([srcDoc], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.click();
    // The new tab has loaded the blob by then; release it.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <section className={`preview-pane${full ? ' is-full' : ''}`} aria-label="Preview">
      <div className="preview-toolbar">
        <div className="preview-group" role="group" aria-label="Preview width">
          {PREVIEW_WIDTHS.map((w) => (
            <button key={w} type="button" className="preview-toggle" aria-pressed={width === w} onClick={() => setWidth(w)} title={`${WIDTH_LABELS[w]} (${w} px)`}>
              {WIDTH_LABELS[w]} <span className="preview-toggle-detail">{w}</span>
            </button>
          ))}
        </div>
        <div className="preview-group" role="group" aria-label="Preview colour scheme">
          {THEMES.map((t) => (
            <button key={t.value} type="button" className="preview-toggle" aria-pressed={theme === t.value} onClick={() => setTheme(t.value)}>
              {t.label}
            </button>
          ))}
        </div>
        <div className="preview-group" role="group" aria-label="Preview size">
          {ZOOMS.map((z) => (
            <button key={z.value} type="button" className="preview-toggle" aria-pressed={zoom === z.value} onClick={() => setZoom(z.value)}>
              {z.label}
            </button>
          ))}
        </div>
        {full ? (
          <button ref={exitButton} type="button" className="button button-quiet" onClick={() => setFull(false)} aria-keyshortcuts="Escape" title="Back to the editor (Esc)">
            Exit full window
          </button>
        ) : (
          <button ref={fullButton} type="button" className="button button-quiet" onClick={() => setFull(true)}>
            Full window
          </button>
        )}
        <button type="button" className="button button-quiet preview-open" onClick={openInBrowser} disabled={srcDoc === ''}>
          Open in browser
        </button>
        {openError ? (
          <span className="preview-open-error" role="alert">
            {openError}
          </span>
        ) : null}
      </div>
      <div className={`preview-stage${zoom === 'actual' ? ' is-actual' : ''}`} ref={stage}>
        <div className="preview-frame-box" style={{ width: width * scale }}>
          <iframe
            className="preview-frame"
            title="Article preview"
            sandbox=""
            srcDoc={srcDoc}
            width={width}
            data-width={width}
            style={{ width, transform: `scale(${scale})`, height: `${100 / scale}%` }}
          />
        </div>
      </div>
    </section>
  );
}
