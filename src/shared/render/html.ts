/**
 * Safe HTML building blocks shared by the article renderer, the in-app preview and the static site.
 * Everything here is DOM-free string work so it runs in the renderer, core and the CLI alike.
 *
 * The rule: text goes through `escapeHtml`, attribute values through `escapeAttr`, URLs through
 * `safeHref`. The `html` tag applies the first automatically to every interpolation, so markup only
 * gets in through a `SafeHtml` value that some earlier `html` call (or `trustedHtml`) produced.
 */

import { sitePageCsp } from './page-csp';

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content. Quotes are escaped too, so the result is also attribute-safe. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape: a scan is ~3x cheaper than a replace that finds nothing,
  // and a published page escapes a few hundred strings.
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (c) => TEXT_ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPABLE = /[&<>"']/g;

/** Escapes a value for a double- or single-quoted attribute. */
export function escapeAttr(text: string): string {
  return escapeHtml(text);
}

export const DEFAULT_URL_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/**
 * Returns the URL, normalised by the URL parser, when its scheme is allowed; null otherwise.
 * Relative URLs (no scheme) are accepted and returned as written: they cannot change the scheme.
 * `new URL` lowercases the scheme and strips the tabs/newlines a browser would ignore, so
 * `JaVa\tScRiPt:` is recognised for what it is instead of slipping past a regex.
 */
export function safeHref(url: string, allowed: readonly string[] = DEFAULT_URL_SCHEMES): string | null {
  // A site build asks about the same few hundred hrefs (home, sections, tags, the login URL)
  // on every page, and `new URL` is the costliest step of rendering one. The answer depends only
  // on the URL and the allow-list, so it is remembered per list; the cache is cleared when it
  // grows large so one long build of distinct URLs cannot hold memory.
  let cache = hrefCache.get(allowed);
  if (!cache) hrefCache.set(allowed, (cache = new Map()));
  const known = cache.get(url);
  if (known !== undefined) return known;
  const result = checkHref(url, allowed);
  if (cache.size >= HREF_CACHE_LIMIT) cache.clear();
  cache.set(url, result);
  return result;
}

const HREF_CACHE_LIMIT = 5000;
const hrefCache = new WeakMap<readonly string[], Map<string, string | null>>();

function checkHref(url: string, allowed: readonly string[]): string | null {
  const trimmed = url.trim();
  if (trimmed === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return isSafeRelative(trimmed) ? trimmed : null;
  }
  return allowed.includes(parsed.protocol) ? parsed.href : null;
}

/**
 * A relative reference is safe when, resolved against an http base, it stays http: something that
 * only looks relative (`javascript&colon;`, control characters before a colon) fails this check.
 */
function isSafeRelative(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(url)) return false;
  try {
    const resolved = new URL(url, 'http://relative.invalid/');
    return resolved.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Markup that is already safe: produced by `html`, `join`, or explicitly trusted by the caller. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Interpolations allowed in `html`: text is escaped; arrays are joined; null/undefined/false vanish. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function toHtml(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(toHtml).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: html`<p title="${title}">${text}</p>` escapes `title` and `text`.
 * Put attribute values in quotes in the template; escaping covers both quote kinds.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += toHtml(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a string as already-safe HTML. Use only for output of this module or of the renderers. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins values (escaping plain strings) into one SafeHtml. */
export function joinHtml(values: readonly HtmlValue[], separator: SafeHtml | string = ''): SafeHtml {
  const sep = separator instanceof SafeHtml ? separator.value : escapeHtml(separator);
  return new SafeHtml(values.map(toHtml).join(sep));
}

/**
 * Serialises data for a `<script type="application/ld+json">` block. `<` becomes \u003c so the
 * text can never close the script element or open a comment; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(data: unknown): string {
  // One pass over the text instead of five: JSON-LD blocks are a few kilobytes on every page.
  const json = JSON.stringify(data);
  return SCRIPT_UNSAFE_TEST.test(json) ? json.replace(SCRIPT_UNSAFE, (c) => SCRIPT_ESCAPES[c]!) : json;
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
const SCRIPT_UNSAFE_TEST = /[<>&\u2028\u2029]/;
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export interface DocumentShellInput {
  lang: string;
  title: string;
  description?: string;
  canonicalUrl?: string;
  /** Stylesheet URL (validated with safeHref; relative URLs allowed). */
  cssHref?: string;
  /** Already-safe HTML appended to <head> (inline <style>, CSP meta, JSON-LD...). */
  headExtra?: SafeHtml | string;
  bodyClass?: string;
  /** Already-safe HTML placed inside <main>. */
  body: SafeHtml | string;
  siteTitle: string;
  homeHref: string;
  /** Optional logo (validated), shown before the site title. */
  logoUrl?: string;
  /** The page's CSP, first in <head> so it covers every load; default: the site's (page-csp.ts). */
  contentSecurityPolicy?: string;
}

/** A BCP 47-looking language tag, or 'en' when the setting is missing or malformed. */
export function safeLang(lang: string): string {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang) ? lang : 'en';
}

const asSafe = (value: SafeHtml | string | undefined): SafeHtml => (value instanceof SafeHtml ? value : new SafeHtml(value ?? ''));

const LOGO_SCHEMES: readonly string[] = ['http:', 'https:', 'data:'];

/** A complete HTML page: head with meta, a header linking home, main content, footer. */
export function renderDocumentShell(input: DocumentShellInput): string {
  const canonical = input.canonicalUrl ? safeHref(input.canonicalUrl) : null;
  const css = input.cssHref ? safeHref(input.cssHref) : null;
  const home = safeHref(input.homeHref) ?? '/';
  const logo = input.logoUrl ? safeHref(input.logoUrl, LOGO_SCHEMES) : null;
  const csp = input.contentSecurityPolicy ?? sitePageCsp({ cssHref: css, logoUrl: logo });
  const page = html`<!doctype html>
<html lang="${safeLang(input.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
${input.description ? html`<meta name="description" content="${input.description}">\n` : ''}${canonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}${css ? html`<link rel="stylesheet" href="${css}">\n` : ''}${asSafe(input.headExtra)}
</head>
<body${input.bodyClass ? html` class="${input.bodyClass}"` : ''}>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header" role="banner">
<div class="site-header__inner">
<a class="site-title" href="${home}">${logo ? html`<img class="site-logo" src="${logo}" alt="" width="32" height="32">` : ''}<bdi>${input.siteTitle}</bdi></a>
</div>
</header>
<main id="content" class="site-main">
${asSafe(input.body)}
</main>
<footer class="site-footer" role="contentinfo">
<div class="site-footer__inner">
<a href="${home}"><bdi>${input.siteTitle}</bdi></a>
</div>
</footer>
</body>
</html>
`;
  return page.value;
}

/** An inline <style> element for a trusted stylesheet; `</` is escaped so the text cannot end the element. */
export function styleElement(css: string): SafeHtml {
  return new SafeHtml(`<style>${css.replace(/<\//g, '<\\/')}</style>`);
}
