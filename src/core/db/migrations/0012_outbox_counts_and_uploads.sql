-- Outbox delivery at queue sizes in the thousands without O(queue) work per delivered row, and
-- images uploaded to a target once per content instead of on every publish.

-- Rows per target and state, kept by the triggers below. Every delivery changes two states and
-- tells the UI the counts (outbox:changed); a GROUP BY over the whole outbox, done history
-- included, made each delivery slower than the one before.
CREATE TABLE outbox_counts (
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (target_id, state)
) STRICT, WITHOUT ROWID;

INSERT INTO outbox_counts (target_id, state, n) SELECT target_id, state, COUNT(*) FROM outbox GROUP BY target_id, state;

CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox BEGIN
  INSERT INTO outbox_counts (target_id, state, n) VALUES (new.target_id, new.state, 1)
    ON CONFLICT (target_id, state) DO UPDATE SET n = n + 1;
END;

-- Also fires for rows removed by ON DELETE CASCADE when a target is deleted.
CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox BEGIN
  UPDATE outbox_counts SET n = n - 1 WHERE target_id = old.target_id AND state = old.state;
END;

CREATE TRIGGER outbox_counts_update AFTER UPDATE OF state, target_id ON outbox
  WHEN old.state IS NOT new.state OR old.target_id IS NOT new.target_id BEGIN
  UPDATE outbox_counts SET n = n - 1 WHERE target_id = old.target_id AND state = old.state;
  INSERT INTO outbox_counts (target_id, state, n) VALUES (new.target_id, new.state, 1)
    ON CONFLICT (target_id, state) DO UPDATE SET n = n + 1;
END;

-- The head of a target's queue in one walk: only rows that may still be sent, in seq order
-- (outbox_pending, by state first, needed one walk per state and a merge).
CREATE INDEX outbox_open ON outbox (target_id, seq) WHERE state IN ('queued', 'in_flight');
-- "Is an older row of this subject waiting for a person?": a probe into the few rows that are.
CREATE INDEX outbox_blocked ON outbox (target_id, subject, seq) WHERE state = 'needs_attention';

-- What an image became on a target, by the SHA-256 of its bytes: the same image is not uploaded
-- again on the next publish, and a file whose bytes changed is uploaded afresh.
CREATE TABLE remote_uploads (
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  url TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (target_id, content_hash)
) STRICT, WITHOUT ROWID;
