-- Readers' comments (Copydesk Site, sqlite engine; keep in step with the other engine's
-- 0005_comments.sql).
--
-- A reader may edit their comment for 10 minutes and delete it at any time. Both keep the row
-- and take a new feed number (store/comments.ts), so the desktop hears of every change:
-- edited_at is the reader's last edit (null if never; updated_at also moves for a moderator's
-- decision, so it cannot tell the two apart), deleted_at the time its author deleted it (the
-- comment is never shown again), and decided_at the time a moderator's decision last reached it
-- (a decided comment is no longer editable: the decision was taken on its words).
ALTER TABLE comments ADD COLUMN edited_at TEXT;
ALTER TABLE comments ADD COLUMN deleted_at TEXT;
ALTER TABLE comments ADD COLUMN decided_at TEXT;

-- What a reader's own comments on an article, and the count of their approved comments (the
-- "new readers" moderation mode), are read by.
CREATE INDEX comments_author_article ON comments (author_id, article_id);

-- One report per reader per comment, with a reason from a fixed list and an optional note. The
-- site's own screening files its report under reporter_id 'screening'. The desktop receives the
-- count and the reasons with the comment in the feed.
CREATE TABLE comment_reports (
  comment_id TEXT NOT NULL,
  reporter_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (comment_id, reporter_id)
);
