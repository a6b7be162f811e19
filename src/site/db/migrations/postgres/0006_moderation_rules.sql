-- The desktop's moderation rules, applied when a reader submits a comment (Copydesk Site, postgres
-- engine; keep in step with the other engine's 0006_moderation_rules.sql).
--
-- One row holds the whole set the desktop pushed (PUT /api/moderation/rules replaces it). digest
-- is a hash of its content: a process keeps the set it compiled under that digest and reads just
-- this one row per screening to learn whether the set changed, so every process applies a new set
-- from its next comment on. version counts the content changes, for people and the desktop.
CREATE TABLE moderation_rule_sets (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  digest TEXT NOT NULL,
  rules TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Repeat detection reads a reader's comments of the last minutes.
CREATE INDEX comments_author_recent ON comments (author_id, created_at);
