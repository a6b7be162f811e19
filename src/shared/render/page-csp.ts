/**
 * The published site's Content-Security-Policy, carried by every page as a `<meta>` so it holds
 * on any static host (a host that can send headers may send the same policy, plus
 * `frame-ancestors`, which a `<meta>` cannot say). Published pages run no script at all — JSON-LD
 * is a data block, which script-src does not govern — so the policy starts from nothing and
 * allows only what a page really loads: its stylesheet and images from the site itself, data:
 * images, and the one other origin a stylesheet or logo URL may name. Feeds, canonical and
 * pagination links are not loads, and links to other sites are only followed by the reader.
 */
export function sitePageCsp(options: { cssHref?: string | null | undefined; logoUrl?: string | null | undefined; liveUrl?: string | null | undefined } = {}): string {
  // A page showing live votes and comments from a Copydesk site loads its script and fetches its
  // JSON from that one origin, and from nowhere else.
  const live = webOrigin(options.liveUrl);
  return [
    "default-src 'none'",
    ["img-src 'self' data:", ...webOrigin(options.logoUrl)].join(' '),
    ["style-src 'self'", ...webOrigin(options.cssHref)].join(' '),
    ...(live.length > 0 ? [`script-src ${live[0]}`, `connect-src ${live[0]}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The origin of an absolute http(s) URL, as a one-item list; nothing for relative or other URLs. */
function webOrigin(url: string | null | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? [parsed.origin] : [];
  } catch {
    // Relative: the page's own origin, already 'self'.
    return [];
  }
}
