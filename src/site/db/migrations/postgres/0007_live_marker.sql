-- The live JSON's change marker (store/readers.ts liveState) counts an article's approved
-- comments and takes their newest feed number on every request: with seq in the index both come
-- from the index alone (the newest is one seek), instead of reading up to every comment's row.
-- It replaces comments_article, of which it is an extension. Keep in step with the other engine's
-- 0007_live_marker.sql.
CREATE INDEX comments_article_seq ON comments (article_id, status, seq);
DROP INDEX comments_article;
