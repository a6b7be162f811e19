/**
 * Site paths are what URLs look like under the base URL: "/", "/section/world/", "/feed.xml".
 * Pages link to each other with hrefs relative to the linking page, so the same files work at
 * the base URL's path, in a sub-folder, or straight from disk; canonical URLs are absolute.
 */

/** "/a/b/" → "a/b/index.html"; "/feed.xml" → "feed.xml". */
export function fileForPath(sitePath: string): string {
  const trimmed = sitePath.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? `${trimmed}index.html` : trimmed;
}

/** The absolute URL of a site path under the base URL (which ends with "/"). */
export function absoluteUrl(baseUrl: string, sitePath: string): string {
  const relative = sitePath.replace(/^\/+/, '');
  // Site paths made of slug characters (every article, listing and feed path) resolve to the
  // base's folder plus the path, so `new URL` runs once per base instead of once per link
  // (a sitemap part has hundreds). Anything else (dot segments, escapes, empty) takes the parser.
  if (PLAIN_PATH.test(relative) && !DOT_SEGMENT.test(relative)) {
    let folder = baseFolders.get(baseUrl);
    if (folder === undefined) {
      if (baseFolders.size >= 100) baseFolders.clear();
      baseFolders.set(baseUrl, (folder = new URL('./', baseUrl).href));
    }
    return folder + relative;
  }
  return new URL(relative, baseUrl).href;
}

const PLAIN_PATH = /^[a-z0-9_-][a-z0-9._/-]*$/;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)|\/\//;
const baseFolders = new Map<string, string>();

/** The root-relative URL of a site path under the base URL's own path ("/news/" + "a/"). */
export function rootRelativeUrl(baseUrl: string, sitePath: string): string {
  return new URL(baseUrl).pathname + sitePath.replace(/^\/+/, '');
}

/**
 * The href from page `from` to `to` (both site paths). "./" when they are the same folder.
 * Site paths as the publisher makes them ("/" first, no empty segments) are compared in place;
 * a listing page links to ~20 articles, sections and tags, and splitting both paths into
 * arrays for every link was ~2% of a full build. Anything else takes relativeHrefBySegments.
 */
export function relativeHref(from: string, to: string): string {
  if (from.charCodeAt(0) !== SLASH || to.charCodeAt(0) !== SLASH || from.includes('//') || to.includes('//')) return relativeHrefBySegments(from, to);
  const fromEnd = from.lastIndexOf('/');
  const limit = Math.min(fromEnd, to.lastIndexOf('/'));
  // The last "/" of the folders both paths start with.
  let common = 0;
  for (let i = 1; i <= limit; i += 1) {
    const c = from.charCodeAt(i);
    if (c !== to.charCodeAt(i)) break;
    if (c === SLASH) common = i;
  }
  let up = 0;
  for (let i = common + 1; i <= fromEnd; i += 1) if (from.charCodeAt(i) === SLASH) up += 1;
  const href = '../'.repeat(up) + to.slice(common + 1);
  return href === '' ? './' : href;
}

const SLASH = 47;

/** relativeHref by folder names, for any path (empty segments are ignored). */
export function relativeHrefBySegments(from: string, to: string): string {
  const fromDir = from.slice(0, from.lastIndexOf('/') + 1).split('/').filter(Boolean);
  const toParts = to.split('/');
  const toFile = toParts.pop() ?? '';
  const toDir = toParts.filter(Boolean);
  let common = 0;
  while (common < fromDir.length && common < toDir.length && fromDir[common] === toDir[common]) common += 1;
  const up = '../'.repeat(fromDir.length - common);
  const down = toDir.slice(common).map((s) => `${s}/`).join('');
  const href = `${up}${down}${toFile}`;
  return href === '' ? './' : href;
}
