import { sha256 } from './page-bytes';

// Bundled at build time (like the migrations): the article page's stylesheet, then the listings'.
const SITE_CSS = import.meta.glob<string>('../../../resources/site/*.css', { query: '?raw', import: 'default', eager: true });

/** The site stylesheet and its fingerprinted path: a new stylesheet gets a new URL, so caches never serve a stale one. */
export function siteStylesheet(): { path: string; css: string; hash: string } {
  // Bundled text never changes while the process runs: every publish reuses the first answer.
  return (stylesheet ??= buildStylesheet());
}

let stylesheet: { path: string; css: string; hash: string } | undefined;

function buildStylesheet(): { path: string; css: string; hash: string } {
  const css = [SITE_CSS['../../../resources/site/article.css'], SITE_CSS['../../../resources/site/listing.css']].filter((part) => part !== undefined).join('\n');
  const hash = sha256(css);
  return { path: `/assets/site.${hash.slice(0, 12)}.css`, css, hash };
}
