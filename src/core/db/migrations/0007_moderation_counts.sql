-- Moderation at a million comments (0004 has shipped: it is never edited, only added to).

-- Queue counts, kept exact by triggers: the desk polls them, and counting a million comments
-- per poll took ~300 ms. One row per queue plus 'reported' (the `reported` flag, which cuts
-- across queues). Every write path changes comments through SQL, so triggers see all of them:
-- ingest, actions, undo, bulk, rule decisions and article deletion (ON DELETE CASCADE fires
-- delete triggers).
CREATE TABLE comment_queue_counts (
  queue TEXT PRIMARY KEY CHECK (queue IN ('pending', 'unmoderated', 'approved', 'rejected', 'spam', 'reported')),
  n INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO comment_queue_counts (queue, n)
  VALUES ('pending', 0), ('unmoderated', 0), ('approved', 0), ('rejected', 0), ('spam', 0), ('reported', 0);
UPDATE comment_queue_counts SET n = counted.n
  FROM (SELECT queue, COUNT(*) AS n FROM comments GROUP BY queue) AS counted
 WHERE comment_queue_counts.queue = counted.queue;
UPDATE comment_queue_counts SET n = (SELECT COUNT(*) FROM comments WHERE reported = 1) WHERE queue = 'reported';

CREATE TRIGGER comments_counts_insert AFTER INSERT ON comments BEGIN
  UPDATE comment_queue_counts SET n = n + 1 WHERE queue = new.queue OR (queue = 'reported' AND new.reported = 1);
END;
CREATE TRIGGER comments_counts_delete AFTER DELETE ON comments BEGIN
  UPDATE comment_queue_counts SET n = n - 1 WHERE queue = old.queue OR (queue = 'reported' AND old.reported = 1);
END;
-- `queue` is generated from status and published, so those are the columns that can move a comment.
CREATE TRIGGER comments_counts_update AFTER UPDATE OF status, published, reported ON comments
  WHEN old.queue IS NOT new.queue OR old.reported IS NOT new.reported
BEGIN
  UPDATE comment_queue_counts
     SET n = n + (queue = new.queue) - (queue = old.queue) + (queue = 'reported') * (new.reported - old.reported)
   WHERE queue IN (old.queue, new.queue, 'reported');
END;

-- comments_repeat (author_id, body_hash, created_at) duplicated comments_by_author (author_id,
-- created_at, id) for the one query that used it: a repeat_text rule always has a time window, so
-- "same author within the window" is a short range of comments_by_author, and body_hash is checked
-- on those few rows. One index fewer to update for every ingested comment.
DROP INDEX comments_repeat;
