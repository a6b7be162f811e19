-- Bulk ingest without per-row FTS flushes (0004 and 0007 have shipped: never edited).
--
-- Ingest inserts comments and readers with multi-row statements. With these triggers firing per
-- row, the FTS5 writes landed inside the statements' savepoints, and FTS5 flushes its pending data
-- at every savepoint: one small segment per statement, much of the ingest spent merging them.
-- Ingest therefore holds this guard while it inserts a batch and the insert triggers stand down;
-- in the same transaction it then indexes the batch's rows and adjusts the queue counts with one
-- statement each (see moderation/ingest-batch.ts). The guard row is written and deleted inside
-- the ingest transaction, so it is never committed: every other writer sees an empty table and the
-- triggers behave exactly as before.
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
