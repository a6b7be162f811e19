import type { SiteIdentity } from '../../shared/site';
import type { PageOptions } from './article';

/**
 * The site as the shared renderers see it (title, base URL, language). The base URL is the
 * public URL as a folder ("https://example.org/news/"), so paths resolve under it the way the
 * static site's do under its base URL.
 */
export function siteIdentity(options: PageOptions): SiteIdentity {
  const url = new URL(options.publicUrl());
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { title: options.title, baseUrl: url.href, language: 'en', description: '' };
}

/** The newest of some ISO timestamps, or null when there are none. */
export function newest(times: readonly string[]): string | null {
  return times.reduce<string | null>((max, t) => (max === null || t > max ? t : max), null);
}
