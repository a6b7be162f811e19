import { html, safeHref, safeLang, trustedHtml, type SafeHtml } from './html';

/** Small pieces the article page and the comments section share. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A long date in the site's language, in UTC so every reader and every build agrees. */
export function formatDate(iso: string, language: string): string {
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
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
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

