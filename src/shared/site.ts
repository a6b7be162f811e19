import { z } from 'zod';
import { ASSET_SRC_PATTERN } from './assets';
import { slugify } from './slug';
import { publishableText } from './xml-text';

/**
 * Settings of the published static site, and the pure rules around them: the article URL
 * pattern (tokens expanded from an article) and the paths of listing pages. Shared so the
 * Settings screen validates exactly as core does.
 */

export const URL_PATTERN_TOKENS = ['section', 'slug', 'yyyy', 'mm', 'dd'] as const;
export type UrlPatternToken = (typeof URL_PATTERN_TOKENS)[number];
export const DEFAULT_URL_PATTERN = '/<section>/<slug>/';

/** First path segments the site itself uses; an article pattern may not start with one of them. */
export const RESERVED_SEGMENTS = ['page', 'section', 'tag', 'assets', 'feed.xml', 'atom.xml', 'feed.json', 'sitemap.xml', 'robots.txt', '404.html'];

const LITERAL_SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;
const TOKEN_ONLY = /^<([a-z]+)>$/;

/**
 * Checks a URL pattern and returns a message, or null when it is fine. Rules: starts and ends
 * with "/"; each segment is either one token (<section>, <slug>, <yyyy>, <mm>, <dd>) or a
 * lowercase literal; <slug> appears exactly once (so every article has its own address); the
 * first segment is not one the site reserves for listings, feeds and assets.
 */
export function urlPatternProblem(pattern: string): string | null {
  if (!pattern.startsWith('/') || !pattern.endsWith('/')) return 'Start and end the pattern with "/", e.g. /<section>/<slug>/';
  const segments = pattern.slice(1, -1).split('/');
  if (segments.some((s) => s === '')) return 'Empty path segment ("//")';
  let slugs = 0;
  for (const segment of segments) {
    const token = TOKEN_ONLY.exec(segment);
    if (token) {
      if (!(URL_PATTERN_TOKENS as readonly string[]).includes(token[1]!)) {
        return `Unknown token <${token[1]}>; use ${URL_PATTERN_TOKENS.map((t) => `<${t}>`).join(' ')}`;
      }
      if (token[1] === 'slug') slugs += 1;
      continue;
    }
    if (segment.includes('<') || segment.includes('>')) return `A token must fill a whole segment: "${segment}"`;
    if (segment === '.' || segment === '..' || !LITERAL_SEGMENT.test(segment)) {
      return `"${segment}" is not allowed; literal segments use a-z, 0-9, ".", "_" and "-"`;
    }
  }
  if (slugs !== 1) return 'The pattern needs <slug> exactly once';
  if (RESERVED_SEGMENTS.includes(segments[0]!)) return `"/${segments[0]}/" is used by the site itself; start the pattern differently`;
  return null;
}

/** The slug a section or tag gets in URLs; articles without a section go under "news". */
export function termSlug(name: string, fallback = 'news'): string {
  return name.trim() === '' ? fallback : slugify(name);
}

/** Expands an article's site path (always starting and ending with "/") from the pattern. */
export function articlePath(pattern: string, article: { slug: string; section: string; publishedAt: string | null; updatedAt: string }): string {
  const date = new Date(article.publishedAt ?? article.updatedAt);
  const pad = (n: number) => String(n).padStart(2, '0');
  const values: Record<UrlPatternToken, string> = {
    section: termSlug(article.section),
    slug: article.slug,
    yyyy: String(date.getUTCFullYear()),
    mm: pad(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
  };
  return pattern.replace(/<([a-z]+)>/g, (_, token: UrlPatternToken) => values[token]);
}

/** Listing paths: "/" then "/page/2/"; "/section/x/" then "/section/x/page/2/". */
export function listingPath(prefix: string, page: number): string {
  return page <= 1 ? prefix : `${prefix}page/${page}/`;
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function httpUrl(message: string) {
  return z.string().trim().max(2000, 'At most 2000 characters').refine(isWebAddress, message);
}

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** An absolute folder path (POSIX or Windows). Shared code cannot use node:path, so this is a shape check. */
function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

export const SiteSettingsSchema = z.object({
  title: publishableText(z.string().trim().min(1, 'The site needs a title').max(200, 'At most 200 characters')),
  /** Where the site will live; every page's canonical URL starts with it. Stored with a trailing "/". */
  baseUrl: httpUrl('Enter a full http:// or https:// address, e.g. https://news.example.org/').transform((value) => {
    const url = new URL(value);
    url.search = '';
    url.hash = '';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  }),
  language: z
    .string()
    .trim()
    .min(1, 'Enter a language tag such as en or en-GB')
    .max(35, 'At most 35 characters')
    .refine(isLanguageTag, 'Not a BCP 47 language tag (e.g. en, en-GB, pt-BR)'),
  description: publishableText(z.string().trim().max(500, 'At most 500 characters')),
  /** Readers' login page for voting and comments; empty hides the login links. */
  loginUrl: z.union([z.literal(''), httpUrl('Enter a full http:// or https:// address, or leave it empty')]),
  /** A workspace asset shown before the site title, or null. */
  logo: z.string().regex(ASSET_SRC_PATTERN, 'The logo must be an image in the workspace assets').nullable(),
  /** The folder the site is written to; empty until chosen. */
  outputDir: z.union([z.literal(''), z.string().trim().max(4096).refine(isAbsolutePath, 'Enter an absolute folder path, e.g. /home/me/site')]),
  urlPattern: z
    .string()
    .trim()
    .max(200, 'At most 200 characters')
    .superRefine((value, ctx) => {
      const problem = urlPatternProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /**
   * A Copydesk site server whose live votes and comments the static pages show (its
   * /assets/live.js fills them in from /live/<id>.json); empty: the pages run no script at all.
   */
  liveUrl: z
    .string()
    .trim()
    .max(2000, 'At most 2000 characters')
    .refine((value) => value === '' || isWebAddress(value), 'Enter the Copydesk site’s full address, e.g. https://live.example.org/, or leave it empty')
    .transform((value) => {
      if (value === '') return '';
      const url = new URL(value);
      url.search = '';
      url.hash = '';
      if (!url.pathname.endsWith('/')) url.pathname += '/';
      return url.href;
    }),
});
export type SiteSettings = z.output<typeof SiteSettingsSchema>;

export const SiteSettingsUpdateSchema = SiteSettingsSchema.partial().strict();
export type SiteSettingsUpdate = z.input<typeof SiteSettingsUpdateSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: 'Copydesk',
  baseUrl: 'http://localhost:8080/',
  language: 'en',
  description: '',
  loginUrl: '',
  logo: null,
  outputDir: '',
  urlPattern: DEFAULT_URL_PATTERN,
  liveUrl: '',
};

/** Publishing: what a run did (or, for a dry run, would do). */
export const PublishSummarySchema = z.object({
  dryRun: z.boolean(),
  outDir: z.string(),
  written: z.array(z.string()),
  unchanged: z.number().int().nonnegative(),
  deleted: z.array(z.string()),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  articles: z.number().int().nonnegative(),
  ms: z.number().nonnegative(),
});
export type PublishSummary = z.infer<typeof PublishSummarySchema>;

export const PUBLISH_PHASES = ['checking', 'rendering', 'writing', 'deleting', 'done'] as const;
export const PublishProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  phase: z.enum(PUBLISH_PHASES),
});
export type PublishProgress = z.infer<typeof PublishProgressSchema>;

/** What pages, feeds and the sitemap say about the site itself: the static site and Copydesk Site both have it. */
export type SiteIdentity = Pick<SiteSettings, 'title' | 'baseUrl' | 'language' | 'description'>;
