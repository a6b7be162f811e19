import { html, joinHtml, safeHref, trustedHtml, type SafeHtml } from './html';

/**
 * What a page needs to show live votes and comments from a Copydesk site: the address of the
 * article's live-parts JSON (read by the script) and the site's own small script. Used by the
 * static publisher when its "live votes and comments" setting names a site server; the site's
 * own pages carry the same two tags with same-origin addresses.
 */

/** The article's live-parts JSON and the script on a site server at `liveUrl` (ends with "/"). */
export function liveAddresses(liveUrl: string, articleId: string): { json: string; script: string } {
  const base = new URL(liveUrl);
  return { json: new URL(`live/${encodeURIComponent(articleId)}.json`, base).href, script: new URL('assets/live.js', base).href };
}

/** `<meta name="copydesk-live">` and the deferred script, or nothing for an unusable address. */
export function liveHead(liveUrl: string, articleId: string): SafeHtml {
  const { json, script } = liveAddresses(liveUrl, articleId);
  const src = safeHref(script, ['http:', 'https:']);
  const content = safeHref(json, ['http:', 'https:']);
  if (src === null || content === null) return html``;
  // The closing tag is a plain string, not template text: the bundler rewrites `</script>` inside
  // template literals into a helper import the CLI bundle does not carry.
  return joinHtml([html`<meta name="copydesk-live" content="${content}">\n<script src="${src}" defer>`, trustedHtml('</script>\n')]);
}
