import { html, safeHref, safeLang, trustedHtml, type SafeHtml } from './html';

/** Small pieces the article page and the comments section share. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatted dates by language, then by UTC day: a build formats the same few days thousands of times. */
const byDay = new Map<string, Map<string, string>>();
// Hours up to 23 only: V8 reads T24:00:00 as the next day, which the day prefix would not show.
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,3})?Z$/;

/** A long date in the site's language, in UTC so every reader and every build agrees. */
export function formatDate(iso: string, language: string): string {
  // A UTC timestamp's first ten characters are its (UTC) day, which is all a long date shows.
  const day = UTC_ISO.test(iso) ? iso.slice(0, 10) : null;
  let days = byDay.get(language);
  if (day !== null && days) {
    const known = days.get(day);
    if (known !== undefined) return known;
  }
  let formatter = formatters.get(language);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(safeLang(language), { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      formatter = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    }
    formatters.set(language, formatter);
  }
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? iso : formatter.format(date);
  if (day !== null && !Number.isNaN(date.getTime())) {
    if (!days) byDay.set(language, (days = new Map()));
    if (days.size >= 20000) days.clear();
    days.set(day, text);
  }
  return text;
}

/** <time> with a machine-readable datetime; an unparseable value is shown as text only. */
export function timeElement(iso: string, language: string): SafeHtml {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`<bdi>${iso}</bdi>`;
  return html`<time datetime="${date.toISOString()}">${formatDate(iso, language)}</time>`;
}

/** A link when the URL is safe, otherwise the text alone. */
export function linkOrText(url: string, content: SafeHtml | string, attrs: SafeHtml = trustedHtml('')): SafeHtml {
  const href = safeHref(url);
  return href === null ? html`${content}` : html`<a href="${href}"${attrs}>${content}</a>`;
}

