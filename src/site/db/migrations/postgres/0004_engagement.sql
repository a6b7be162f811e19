-- Readers' votes (Copydesk Site, postgres engine; keep in step with the other engine's
-- 0004_engagement.sql).
--
-- A reader's answer on one axis of one article is one votes row (its id is derived from the
-- three), changed in place and marked withdrawn rather than deleted, so the desktop sees every
-- change through the feed. The row also keeps the desktop's vote-fraud signals: the account's
-- creation time, a salted daily hash of the IP and a hash of a first-party device cookie.
ALTER TABLE votes ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE votes ADD COLUMN voter_created_at TEXT;
ALTER TABLE votes ADD COLUMN ip_hash TEXT;
ALTER TABLE votes ADD COLUMN device_hash TEXT;

-- Feed numbers are no longer taken by the write itself (that serialised every vote on the one
-- feed_counters row): a changed vote gets seq NULL and a short numbering step, run before the
-- feed is read, numbers the committed ones under the counter lock. See store/feeds.ts.
ALTER TABLE votes ALTER COLUMN seq DROP NOT NULL;
CREATE INDEX votes_unnumbered ON votes (id) WHERE seq IS NULL;

-- Counted votes per article and axis, spread over a few slots so that concurrent votes on one
-- hot article add to different rows instead of queueing on one; read as the sum of the slots.
CREATE TABLE vote_tallies (
  article_id TEXT NOT NULL,
  axis TEXT NOT NULL,
  slot INTEGER NOT NULL,
  yes BIGINT NOT NULL,
  total BIGINT NOT NULL,
  changed_at TEXT NOT NULL,
  PRIMARY KEY (article_id, axis, slot)
);
INSERT INTO vote_tallies (article_id, axis, slot, yes, total, changed_at)
  SELECT article_id, axis, 0, SUM(value), COUNT(*), MAX(created_at) FROM votes WHERE voided = 0 GROUP BY article_id, axis;
