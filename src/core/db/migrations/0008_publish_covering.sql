-- Publishing at 16,000 articles without reading article rows (0006 has shipped: never edited).
-- An articles row is ~45 KB and its JSON documents come before status, revision, updated_at and
-- published_at, so reading any of those from the table walks the row's overflow pages (~11 per
-- row): the summaries of a 16,000-article site were ~700 MB of reads, and a listing query that
-- sorted or filtered through the table took 20-200 ms. These partial indexes carry every column
-- a listing, feed or sitemap shows, so those queries read only the index.

-- Site order (newest first): every summary, home pages, feeds, ranks, sitemap months.
CREATE INDEX articles_live_listing ON articles (published_at DESC, id, slug, section, headline, summary, byline, revision, updated_at)
  WHERE status = 'published' AND trashed_at IS NULL AND published_at IS NOT NULL;
-- Section pages, counts and ranks.
CREATE INDEX articles_live_section ON articles (section, published_at DESC, id, slug, headline, summary, byline, revision, updated_at)
  WHERE status = 'published' AND trashed_at IS NULL AND published_at IS NOT NULL;
-- Tag pages: article_tags gives the ids, this gives whether each is live and its order key.
CREATE INDEX articles_live_ids ON articles (id, published_at, updated_at)
  WHERE status = 'published' AND trashed_at IS NULL AND published_at IS NOT NULL;
CREATE INDEX article_tags_members ON article_tags (tag COLLATE NOCASE, article_id);

-- Superseded by the covering indexes above (each only held the order key).
DROP INDEX articles_live_by_date;
DROP INDEX articles_live_by_section;
