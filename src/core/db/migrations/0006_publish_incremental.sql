-- Incremental publishing at 16,000 articles.
-- `size`: the byte size of each published file as written. Output files are renamed into place
-- without fsync (they can always be regenerated), so after a power loss a file may be truncated;
-- a file whose size on disk differs from the manifest is treated as changed and rewritten.
-- NULL = written before sizes were kept (compared against the rendered content instead).
ALTER TABLE publish_manifest ADD COLUMN size INTEGER;
-- `detail`: what a targeted publish needs to know about the file's last inputs, as JSON: for an
-- article page its publication time and the listings it was on; for a sitemap part its lastmod
-- (and for the pages part each listing's lastmod).
ALTER TABLE publish_manifest ADD COLUMN detail TEXT NOT NULL DEFAULT '';

-- Listing order of the published site (newest first), so "page k of the home page", "rank of this
-- article" and "articles of this month" are index range scans instead of a sort of every article.
CREATE INDEX articles_live_by_date ON articles (published_at DESC, id)
  WHERE status = 'published' AND trashed_at IS NULL AND published_at IS NOT NULL;
CREATE INDEX articles_live_by_section ON articles (section, published_at DESC, id)
  WHERE status = 'published' AND trashed_at IS NULL AND published_at IS NOT NULL;
