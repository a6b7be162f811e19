-- Copydesk Site, sqlite engine: the listing index behind the home, section and tag pages, feeds
-- and sitemap. Keep in step with ../postgres/0002_pages.sql.
--
-- One row per article per listing it appears in: home (slug ''), its section, each of its tags,
-- by URL slug, so "World" and "world" share a page as on the static site. Written in the same
-- transaction as the article, so a page never lists what is not published. The card is what a
-- listing and a feed show of the article (JSON), kept here so a page reads 20 small rows and
-- never the articles' full documents. Articles stored before this migration are indexed by the
-- server at start.
CREATE TABLE listings (
  kind TEXT NOT NULL,
  slug TEXT NOT NULL,
  article_id TEXT NOT NULL,
  name TEXT NOT NULL,
  listed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  card TEXT NOT NULL,
  PRIMARY KEY (article_id, kind, slug)
);
-- A page is a range of this index, newest first as the static site orders (date, then id).
CREATE INDEX listings_order ON listings (kind, slug, listed_at DESC, article_id);
