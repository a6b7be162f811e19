import articleCss from '../../../resources/site/article.css?raw';
import type { Article } from '../article';
import type { PublishedComment, VoteTallies } from '../engagement';
import type { SiteSettings } from '../site';
import { styleElement, trustedHtml } from './html';
import { renderArticlePage } from './article-page';

/**
 * The article page as the in-app preview shows it: the published renderer, with the stylesheet
 * inlined and a CSP of its own. The frame is sandboxed with no permissions (no script, opaque
 * origin); this policy additionally says the page may load nothing but inline styles and images
 * from the given origins. Links go nowhere ('#'): the preview is for reading, not navigating.
 *
 * A srcdoc frame inherits its parent's CSP, whose style-src allows no inline style, so the app's
 * CSP (src/web/security.ts, src/main/csp.ts) allows this one stylesheet by its SHA-256 hash:
 * PREVIEW_STYLESHEET must be the exact text of the <style> element.
 */

/**
 * Reloading a srcdoc frame starts it at the top; `scroll-initial-target` (CSS only, no script)
 * lets the reloaded page open at the element marked #preview-focus, the part last edited.
 */
const PREVIEW_EXTRAS = `
#preview-focus { scroll-initial-target: nearest; scroll-margin-top: 20vh; }
`;

export const PREVIEW_STYLESHEET = `${articleCss}${PREVIEW_EXTRAS}`;

export type PreviewTheme = 'system' | 'light' | 'dark';

/** Which part of the page the preview opens at: the area of the last edit. */
export type PreviewFocus =
  | { area: 'header' | 'takeaways' | 'tags' }
  | { area: 'body'; block: number }
  | { area: 'questions'; index: number };

export interface PreviewInput {
  article: Article;
  comments: PublishedComment[];
  votes: VoteTallies | null;
  site: Pick<SiteSettings, 'title' | 'baseUrl' | 'language' | 'description' | 'loginUrl' | 'logo'>;
  /** A workspace image's URL inside the frame (a data: URL or the asset scheme); null drops it. */
  assetUrl(src: string): string | null;
  /** Origins images may come from besides data: (e.g. 'copydesk-asset:'); each is checked. */
  imageSources?: string[];
  theme?: PreviewTheme;
  focus?: PreviewFocus | null;
}

const SOURCE_EXPRESSION = /^(?:[a-z][a-z0-9+.-]*:(?:\/\/[a-z0-9.-]+(?::\d+)?)?|'self')$/i;

/** The preview's own Content-Security-Policy. */
export function previewCsp(imageSources: string[] = []): string {
  const images = imageSources.filter((s) => SOURCE_EXPRESSION.test(s));
  return ["default-src 'none'", "style-src 'unsafe-inline'", `img-src ${[...images, 'data:'].join(' ')}`, "base-uri 'none'", "form-action 'none'"].join('; ');
}

/**
 * Marks the focused part with id="preview-focus". The page renderer gives each part a stable
 * shape, so the mark is added to the rendered string: the first tag of that part.
 */
function markFocus(page: string, focus: PreviewFocus | null | undefined): string {
  if (!focus) return page;
  const mark = (pattern: RegExp, nth = 0): string => {
    let seen = -1;
    return page.replace(pattern, (tag: string) => {
      seen += 1;
      return seen === nth ? tag.replace(/^<([a-z0-9]+)/, '<$1 id="preview-focus"') : tag;
    });
  };
  switch (focus.area) {
    case 'header':
      return mark(/<header class="article-header">/);
    case 'takeaways':
      return mark(/<section class="takeaways"/);
    case 'tags':
      return mark(/<nav class="article-tags"/);
    case 'questions':
      return mark(/<details class="follow-up__item">/g, focus.index);
    case 'body': {
      // Top-level blocks of the body are one per line between its opening and closing tags.
      const start = page.indexOf('<div class="article-body prose">\n');
      if (start < 0) return page;
      const from = start + '<div class="article-body prose">\n'.length;
      const end = page.indexOf('\n</div>', from);
      const lines = page.slice(from, end).split('\n');
      const index = Math.min(Math.max(focus.block, 0), lines.length - 1);
      if (index < 0 || !lines[index]) return page;
      lines[index] = lines[index]!.replace(/^<([a-z0-9]+)/, '<$1 id="preview-focus"');
      return page.slice(0, from) + lines.join('\n') + page.slice(end);
    }
  }
}

/** The complete srcdoc for the preview frame. */
export function renderPreviewDocument(input: PreviewInput): string {
  const theme = input.theme ?? 'system';
  const headExtra = trustedHtml(
    `<meta name="referrer" content="no-referrer">\n` +
      `<meta name="color-scheme" content="${theme === 'system' ? 'light dark' : theme}">\n` +
      styleElement(PREVIEW_STYLESHEET).value,
  );
  const logo = input.site.logo ? input.assetUrl(input.site.logo) : null;
  const page = renderArticlePage({
    article: input.article,
    comments: input.comments,
    votes: input.votes,
    site: {
      title: input.site.title,
      baseUrl: input.site.baseUrl,
      language: input.site.language,
      description: input.site.description,
      loginUrl: input.site.loginUrl,
      ...(logo ? { logoUrl: logo } : {}),
    },
    urls: { canonical: '', home: '#', section: '#', tag: () => '#', css: '', asset: (src) => input.assetUrl(src) },
    headExtra,
    // Its own policy instead of the site's: the frame's stylesheet is inline.
    contentSecurityPolicy: previewCsp(input.imageSources),
    bodyClass: `preview theme-${theme}`,
  });
  return markFocus(page, input.focus);
}
