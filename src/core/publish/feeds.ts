// Moved to shared/render/feeds.ts so the site server writes the same feeds.
export { FEED_PATHS, FEED_SIZE, renderFeeds } from '../../shared/render/feeds';
