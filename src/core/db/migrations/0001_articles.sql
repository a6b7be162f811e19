-- Articles in the shape of a published news page. Structured parts (byline, body, takeaways,
-- questions) are JSON text: they are always read and written whole, with the document.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  section TEXT NOT NULL DEFAULT '',
  headline TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  byline TEXT NOT NULL DEFAULT '[]',
  body TEXT NOT NULL,
  takeaways TEXT NOT NULL DEFAULT '[]',
  questions TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'in_review', 'ready', 'published', 'unpublished')),
  revision INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  trashed_at TEXT
) STRICT;

CREATE INDEX articles_by_updated ON articles (updated_at);
CREATE INDEX articles_by_section ON articles (section);
CREATE INDEX articles_by_status ON articles (status);

-- Tags get their own rows so that "articles tagged X" is an index lookup, not a JSON scan.
CREATE TABLE article_tags (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (article_id, position)
) STRICT;

CREATE INDEX article_tags_by_tag ON article_tags (tag COLLATE NOCASE);
