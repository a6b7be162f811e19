// Moved to shared/render/sitemap.ts so the site server writes the same sitemap and robots.txt.
export {
  monthOf,
  monthRange,
  newestOf,
  pagesPartEntries,
  renderRobots,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_INDEX,
  SITEMAP_PAGES,
  sitemapMonthPath,
  type SitemapEntry,
} from '../../shared/render/sitemap';
