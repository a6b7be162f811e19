-- Readers of the site and their sign-in sessions (Copydesk Site, postgres engine; keep in step with
-- the other engine's 0003_readers.sql). Timestamps people see are ISO 8601 text; what the server
-- computes with (expiry, last use) is integer milliseconds.
CREATE TABLE readers (
  id TEXT PRIMARY KEY,
  -- Lower-cased address for emailed sign-in links; null for a reader who only signs in by SSO.
  email TEXT,
  -- The newsroom's own user id, for readers who come through single sign-on.
  sso_subject TEXT,
  display_name TEXT NOT NULL,
  -- active, suspended, banned or deleted.
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE UNIQUE INDEX readers_email ON readers (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX readers_sso_subject ON readers (sso_subject) WHERE sso_subject IS NOT NULL;

-- Only a SHA-256 of each session token is kept, so a copy of the database signs nobody in.
CREATE TABLE reader_sessions (
  token_hash TEXT PRIMARY KEY,
  reader_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  -- The browser as it named itself, so the account page can list sessions in words.
  user_agent TEXT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX reader_sessions_reader ON reader_sessions (reader_id);

-- Site-wide values the server generates once and every process shares (e.g. the secret that
-- signs form tokens); settings an operator chooses live here too.
CREATE TABLE site_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Emailed one-time sign-in links: only the hash of the link's token, usable once, until expiry.
CREATE TABLE sign_in_links (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  -- The site path the reader came from, so the link lands them back there signed in.
  return_to TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX sign_in_links_expires ON sign_in_links (expires_at);
