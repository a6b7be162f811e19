// Moved to shared/render/feed-xml.ts so the site server writes the same feeds.
export { atomXml, rssXml, xmlEscape, type FeedChannel, type FeedEntry } from '../../shared/render/feed-xml';
