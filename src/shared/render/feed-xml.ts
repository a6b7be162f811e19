import { escapeHtml } from './html';
import type { SiteIdentity } from '../site';
import { stripXmlUnsafe } from '../xml-text';

/** One feed item, its HTML fields already HTML-escaped plain text. */
export interface FeedEntry {
  url: string;
  titleHtml: string;
  summaryHtml: string;
  authors: readonly string[];
  categories: readonly string[];
  updatedAt: string;
  publishedAt: string;
}

export interface FeedChannel {
  site: SiteIdentity;
  updatedAt: string;
  selfRss: string;
  selfAtom: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text for XML element content or a double-quoted attribute: every markup character escaped
 * (attributes included, so `label="a < b"` cannot happen) and the characters XML 1.0 cannot
 * carry at all removed. The schema refuses those at save and import; this covers text stored
 * before it did, so a feed is well-formed whatever is in the database.
 */
export function xmlEscape(text: string): string {
  return stripXmlUnsafe(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const rssDate = (iso: string): string => new Date(iso).toUTCString();
const atomDate = (iso: string): string => new Date(iso).toISOString();

/** RSS 2.0, with Atom's self link and Dublin Core creators (RSS's own author wants an e-mail address). */
export function rssXml({ site, updatedAt, selfRss }: FeedChannel, entries: readonly FeedEntry[]): string {
  const items = entries.map((entry) =>
    [
      '    <item>',
      `      <title>${xmlEscape(entry.titleHtml)}</title>`,
      `      <link>${xmlEscape(entry.url)}</link>`,
      `      <guid isPermaLink="true">${xmlEscape(entry.url)}</guid>`,
      `      <pubDate>${rssDate(entry.publishedAt)}</pubDate>`,
      `      <description>${xmlEscape(entry.summaryHtml)}</description>`,
      ...entry.authors.map((name) => `      <dc:creator>${xmlEscape(name)}</dc:creator>`),
      ...entry.categories.map((name) => `      <category>${xmlEscape(name)}</category>`),
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${xmlEscape(site.title)}</title>`,
    `    <link>${xmlEscape(site.baseUrl)}</link>`,
    `    <description>${xmlEscape(escapeHtml(site.description))}</description>`,
    `    <language>${xmlEscape(site.language)}</language>`,
    `    <lastBuildDate>${rssDate(updatedAt)}</lastBuildDate>`,
    '    <generator>Copydesk</generator>',
    `    <atom:link href="${xmlEscape(selfRss)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Atom 1.0. Categories carry `term` (required) and `label`, both escaped as attributes. */
export function atomXml({ site, updatedAt, selfAtom }: FeedChannel, entries: readonly FeedEntry[]): string {
  const items = entries.map((entry) =>
    [
      '  <entry>',
      `    <title type="html">${xmlEscape(entry.titleHtml)}</title>`,
      `    <id>${xmlEscape(entry.url)}</id>`,
      `    <link href="${xmlEscape(entry.url)}"/>`,
      `    <updated>${atomDate(entry.updatedAt)}</updated>`,
      `    <published>${atomDate(entry.publishedAt)}</published>`,
      `    <summary type="html">${xmlEscape(entry.summaryHtml)}</summary>`,
      ...entry.authors.map((name) => `    <author><name>${xmlEscape(name)}</name></author>`),
      ...entry.categories.map((name) => `    <category term="${xmlEscape(name)}" label="${xmlEscape(name)}"/>`),
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(site.language)}">`,
    `  <id>${xmlEscape(site.baseUrl)}</id>`,
    `  <title>${xmlEscape(site.title)}</title>`,
    ...(site.description ? [`  <subtitle>${xmlEscape(site.description)}</subtitle>`] : []),
    `  <updated>${atomDate(updatedAt)}</updated>`,
    '  <generator>Copydesk</generator>',
    `  <link rel="alternate" href="${xmlEscape(site.baseUrl)}"/>`,
    `  <link rel="self" href="${xmlEscape(selfAtom)}"/>`,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}
