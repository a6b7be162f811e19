-- Reader comments, their authors, votes, moderation rules and the moderation log.
-- Comment bodies and author names are untrusted PLAIN text (HTML is converted on ingest; the
-- original is kept only in body_original for audit and is never rendered). Ids are integers so
-- queue pages over a million comments stay small and keyset pagination is cheap.

-- Readers: comment authors and voters alike (one account per source + remote id).
CREATE TABLE comment_authors (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  remote_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  remote_created_at TEXT,
  first_seen_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'premoderated', 'suspended', 'banned')),
  suspended_until TEXT,
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (source, remote_id)
) STRICT;

CREATE INDEX comment_authors_by_status ON comment_authors (status) WHERE status <> 'active';

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  remote_id TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES comments (id) ON DELETE SET NULL,
  -- Kept so a reply that arrives before its parent is linked when the parent is ingested.
  parent_remote_id TEXT,
  author_id INTEGER NOT NULL REFERENCES comment_authors (id),
  body TEXT NOT NULL,
  -- The payload as received when it was HTML or was truncated: audit only, never rendered.
  body_original TEXT,
  body_truncated INTEGER NOT NULL DEFAULT 0 CHECK (body_truncated IN (0, 1)),
  -- Hash of the normalised body, for "same text repeated by one author".
  body_hash TEXT NOT NULL,
  link_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  edited_at TEXT,
  ingested_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
  reason_code TEXT CHECK (reason_code IN ('spam', 'abuse', 'off_topic', 'illegal', 'personal_data', 'other')),
  reason_note TEXT NOT NULL DEFAULT '',
  -- NULL until a moderator (or a rule) decides locally; re-ingest never overwrites a decision.
  decided_by TEXT,
  decided_at TEXT,
  -- 1 = visible on the remote site without review ("Unmoderated" while still pending).
  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  -- 1 = reports (from readers or suspect-word rules) await a moderator; any action clears it.
  reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
  report_count INTEGER NOT NULL DEFAULT 0,
  report_reasons TEXT NOT NULL DEFAULT '[]',
  rule_matches TEXT NOT NULL DEFAULT '[]',
  -- The moderation queue a comment sits in (Reported is the separate `reported` flag).
  queue TEXT GENERATED ALWAYS AS (CASE WHEN status = 'pending' AND published = 1 THEN 'unmoderated' ELSE status END) VIRTUAL,
  UNIQUE (source, remote_id)
) STRICT;

-- Queue pages: every queue is "queue ordered by time" or "reported ordered by time
-- or report count"; filters by article and author have their own leading columns.
CREATE INDEX comments_queue ON comments (queue, created_at, id);
CREATE INDEX comments_by_article ON comments (article_id, queue, created_at, id);
CREATE INDEX comments_by_author ON comments (author_id, created_at, id);
CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
-- Only replies still waiting for their parent are in it, so it stays tiny and cheap to write.
CREATE INDEX comments_awaiting_parent ON comments (source, parent_remote_id) WHERE parent_remote_id IS NOT NULL AND parent_id IS NULL;
CREATE INDEX comments_reported ON comments (created_at, id) WHERE reported = 1;
CREATE INDEX comments_most_reported ON comments (queue, report_count, created_at, id);
CREATE INDEX comments_reported_most ON comments (report_count, created_at, id) WHERE reported = 1;
CREATE INDEX comments_repeat ON comments (author_id, body_hash, created_at);

CREATE VIRTUAL TABLE comment_search USING fts5 (
  body,
  content = 'comments',
  content_rowid = 'id',
  -- No phrase or NEAR queries are offered (words and prefixes only): detail=none keeps the index
  -- small and ingest fast at a million comments.
  detail = none,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
  INSERT INTO comment_search (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
  INSERT INTO comment_search (comment_search, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER comments_search_update AFTER UPDATE OF body ON comments BEGIN
  INSERT INTO comment_search (comment_search, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO comment_search (rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE comment_author_search USING fts5 (
  display_name,
  content = 'comment_authors',
  content_rowid = 'id',
  detail = none,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER comment_authors_search_insert AFTER INSERT ON comment_authors BEGIN
  INSERT INTO comment_author_search (rowid, display_name) VALUES (new.id, new.display_name);
END;
CREATE TRIGGER comment_authors_search_delete AFTER DELETE ON comment_authors BEGIN
  INSERT INTO comment_author_search (comment_author_search, rowid, display_name) VALUES ('delete', old.id, old.display_name);
END;
CREATE TRIGGER comment_authors_search_update AFTER UPDATE OF display_name ON comment_authors BEGIN
  INSERT INTO comment_author_search (comment_author_search, rowid, display_name) VALUES ('delete', old.id, old.display_name);
  INSERT INTO comment_author_search (rowid, display_name) VALUES (new.id, new.display_name);
END;

-- Moderation rules. Patterns are literal words/phrases or a safe glob (`*` only) compiled to a
-- linear matcher: never a user regex. `threshold` means: max_links → links allowed,
-- repeat_text → window in minutes, new_author → minimum account age in hours.
CREATE TABLE moderation_rules (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('banned_phrase', 'suspect_phrase', 'max_links', 'repeat_text', 'new_author')),
  pattern TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL CHECK (action IN ('reject', 'hold', 'report', 'premoderate')),
  threshold INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Which rules matched which comment, for the "matched rule" queue filter.
CREATE TABLE comment_rule_hits (
  rule_id INTEGER NOT NULL,
  comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  PRIMARY KEY (rule_id, comment_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX comment_rule_hits_by_comment ON comment_rule_hits (comment_id);

CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  remote_id TEXT NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  axis TEXT NOT NULL CHECK (axis IN ('interesting', 'support')),
  value TEXT NOT NULL CHECK (value IN ('yes', 'no')),
  voter_id INTEGER NOT NULL REFERENCES comment_authors (id),
  voted_at TEXT NOT NULL,
  ip_hash TEXT,
  device_hash TEXT,
  state TEXT NOT NULL DEFAULT 'counted' CHECK (state IN ('counted', 'void')),
  void_reason TEXT,
  UNIQUE (source, remote_id)
) STRICT;

-- Covering index for tallies; the others serve the fraud signals of one article.
CREATE INDEX votes_tally ON votes (article_id, state, axis, value);
CREATE INDEX votes_by_time ON votes (article_id, voted_at, id);
CREATE INDEX votes_by_voter ON votes (article_id, axis, voter_id);
CREATE INDEX votes_by_ip ON votes (article_id, ip_hash) WHERE ip_hash IS NOT NULL;
CREATE INDEX votes_by_device ON votes (article_id, device_hash) WHERE device_hash IS NOT NULL;

-- Voting lock per article (a new table: old tables are never altered).
CREATE TABLE article_voting (
  article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  locked INTEGER NOT NULL CHECK (locked IN (0, 1)),
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
) STRICT;

-- Every moderation action and undo, written in the same transaction as the change. state_before
-- holds the exact previous state of every target (grouped by identical state) so undo can
-- restore it; pushed_to_remote stays 0 until a remote sync replays the entry.
CREATE TABLE moderation_log (
  id INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL CHECK (target_type IN ('comment', 'author', 'vote', 'article', 'rule')),
  target_ids TEXT NOT NULL,
  target_count INTEGER NOT NULL,
  reason_code TEXT,
  note TEXT NOT NULL DEFAULT '',
  state_before TEXT NOT NULL,
  state_after TEXT NOT NULL,
  undoes_id INTEGER REFERENCES moderation_log (id),
  undone_by_id INTEGER REFERENCES moderation_log (id),
  created_at TEXT NOT NULL,
  pushed_to_remote INTEGER NOT NULL DEFAULT 0 CHECK (pushed_to_remote IN (0, 1)),
  pushed_at TEXT
) STRICT;

CREATE INDEX moderation_log_by_action ON moderation_log (action, id);
CREATE INDEX moderation_log_unpushed ON moderation_log (id) WHERE pushed_to_remote = 0;

-- One row per (target, log entry): the history of one comment or author is an index lookup.
CREATE TABLE moderation_log_targets (
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  log_id INTEGER NOT NULL REFERENCES moderation_log (id) ON DELETE CASCADE,
  PRIMARY KEY (target_type, target_id, log_id)
) STRICT, WITHOUT ROWID;
