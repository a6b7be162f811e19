-- Copydesk Site, SQLite engine. Keep in step with ../postgres/0001_site.sql: the same tables and
-- columns, spelled in each engine's types, so one Kysely code path serves both.
CREATE TABLE site_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
-- A name belongs to one live token; a revoked token keeps its row (and name) for the record.
CREATE UNIQUE INDEX site_tokens_live_name ON site_tokens (name) WHERE revoked_at IS NULL;

CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL,
  section TEXT NOT NULL,
  headline TEXT NOT NULL,
  document TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_at TEXT,
  updated_at TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE INDEX articles_slug ON articles (slug);

-- One row per change feed. Taking the next number locks the row until commit, so numbers are
-- handed out in commit order and a reader paging by number never skips a late commit.
CREATE TABLE feed_counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO feed_counters (name, value) VALUES ('comments', 0);
INSERT INTO feed_counters (name, value) VALUES ('votes', 0);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  parent_id TEXT,
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX comments_article ON comments (article_id, status);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE votes (
  id TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  voter_id TEXT NOT NULL,
  axis TEXT NOT NULL,
  value INTEGER NOT NULL,
  voided INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX votes_article ON votes (article_id);

CREATE TABLE banned_authors (
  author_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  banned_at TEXT NOT NULL
);

-- The stored first response to each (token, Idempotency-Key), written in the same transaction
-- as the write it answers, so a retry after a crash gets the answer of the write that committed.
CREATE TABLE idempotency_records (
  token_id TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (token_id, key)
);
CREATE INDEX idempotency_created ON idempotency_records (created_at);

-- Requests per token per fixed window, shared by every server process.
CREATE TABLE rate_limits (
  token_id TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (token_id, window_start)
);
