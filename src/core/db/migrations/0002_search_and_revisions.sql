-- Full-text search over everything an editor writes. The FTS row id is the article's rowid; the
-- index is rewritten in the same transaction as every save, restore and purge.
CREATE VIRTUAL TABLE article_search USING fts5 (
  headline,
  summary,
  body,
  takeaways,
  questions,
  answers,
  tags,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Rank by bm25 with the headline weighted highest, then summary, takeaways and questions.
INSERT INTO article_search (article_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 3.0, 3.0, 1.0, 2.0)');

-- Revisions: whole-document snapshots, deflate-compressed JSON. Never updated, only added.
CREATE TABLE article_revisions (
  id INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('edit', 'status', 'publish', 'manual', 'restore')),
  label TEXT NOT NULL DEFAULT '',
  word_count INTEGER NOT NULL,
  document BLOB NOT NULL
) STRICT;

CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);
