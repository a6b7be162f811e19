-- Reader renames during bulk ingest without per-row FTS writes (0004 and 0009 have shipped: never edited).
--
-- A sync or import that brings 60,000 readers with new display names renamed them with one
-- multi-row UPDATE, and this trigger deleted and re-added each one in the name index row by row
-- (~1.3 s at 200,000 readers). While the ingest guard (0009) is held the trigger stands down and
-- ingest re-indexes the renamed readers with one statement before and one after the UPDATE (see
-- moderation/ingest-batch.ts). The guard is never committed: every other writer is unaffected.
DROP TRIGGER comment_authors_search_update;
CREATE TRIGGER comment_authors_search_update AFTER UPDATE OF display_name ON comment_authors WHEN NOT EXISTS (SELECT 1 FROM ingest_guard) BEGIN
  INSERT INTO comment_author_search (comment_author_search, rowid, display_name) VALUES ('delete', old.id, old.display_name);
  INSERT INTO comment_author_search (rowid, display_name) VALUES (new.id, new.display_name);
END;
