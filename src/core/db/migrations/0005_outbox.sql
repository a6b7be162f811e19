-- Remote publishing: configured targets, a durable outbox of remote effects written in the same
-- transaction as the local change, what each target knows of our articles, conflicts for the UI
-- to show, per-target sync cursors and a per-target worker lease.
CREATE TABLE remote_targets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('site', 'ghost')),
  base_url TEXT NOT NULL,
  -- 1: status changes of articles (publish/unpublish) are queued for this target automatically.
  auto_publish INTEGER NOT NULL DEFAULT 1 CHECK (auto_publish IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- seq gives the delivery order; a row's idempotency_key never changes once it may have been sent.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('publish', 'unpublish', 'moderation', 'vote_void')),
  -- What the effect is about (an article id, a comment id…): ordering and coalescing are per subject.
  subject TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'in_flight', 'done', 'needs_attention')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Milliseconds since the epoch: compared with the clock on every loop, so kept numeric.
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  done_at TEXT
) STRICT;

CREATE INDEX outbox_pending ON outbox (target_id, state, seq);
CREATE INDEX outbox_by_subject ON outbox (target_id, subject, seq);

-- No foreign key to articles: a purged article must still be unpublishable remotely.
CREATE TABLE remote_refs (
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  article_id TEXT NOT NULL,
  remote_id TEXT NOT NULL,
  -- Site API: the ETag. Ghost: the post's updated_at (one-second resolution, never used alone).
  version TEXT NOT NULL,
  -- Hash of what we last sent: tells "our own lost write" from "someone else's change".
  content_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_id, article_id)
) STRICT;

CREATE TABLE remote_conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  outbox_id TEXT NOT NULL,
  article_id TEXT NOT NULL,
  remote_version TEXT,
  remote_snapshot TEXT NOT NULL,
  local_snapshot TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolution TEXT CHECK (resolution IN ('overwrite', 'keep_remote'))
) STRICT;

CREATE TABLE sync_cursors (
  target_id TEXT NOT NULL REFERENCES remote_targets (id) ON DELETE CASCADE,
  stream TEXT NOT NULL CHECK (stream IN ('comments', 'votes')),
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (target_id, stream)
) STRICT;

-- One worker per target across processes (app, CLI): the holder renews; an expired lease is free.
CREATE TABLE outbox_leases (
  target_id TEXT PRIMARY KEY REFERENCES remote_targets (id) ON DELETE CASCADE,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
