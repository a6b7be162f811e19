-- Bulk ingest without per-row FTS flushes (0004 and 0007 have shipped: never edited).
--
-- A row-level INSERT into a table whose trigger writes an FTS5 table opens a statement savepoint,
-- and FTS5 flushes its pending index data at every savepoint: inserting comments one statement at
-- a time wrote one tiny FTS segment per comment (~140 µs a row with the merges). Ingest therefore
-- holds this guard while it inserts a batch, and the insert triggers stand down; in the same
-- transaction it then indexes the batch's rows and adjusts the queue counts with one statement
-- each (see moderation/ingest-batch.ts). The guard row is written and deleted inside the ingest
-- transaction, so it is never committed: every other writer sees an empty table and the triggers
-- behave exactly as before.
CREATE TABLE ingest_guard (
  id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

DROP TRIGGER comments_search_insert;
CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN NOT EXISTS (SELECT 1 FROM ingest_guard) BEGIN
  INSERT INTO comment_search (rowid, body) VALUES (new.id, new.body);
END;

DROP TRIGGER comments_counts_insert;
CREATE TRIGGER comments_counts_insert AFTER INSERT ON comments WHEN NOT EXISTS (SELECT 1 FROM ingest_guard) BEGIN
  UPDATE comment_queue_counts SET n = n + 1 WHERE queue = new.queue OR (queue = 'reported' AND new.reported = 1);
END;

DROP TRIGGER comment_authors_search_insert;
CREATE TRIGGER comment_authors_search_insert AFTER INSERT ON comment_authors WHEN NOT EXISTS (SELECT 1 FROM ingest_guard) BEGIN
  INSERT INTO comment_author_search (rowid, display_name) VALUES (new.id, new.display_name);
END;
