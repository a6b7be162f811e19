-- Publishing: the static site's settings (one row) and the manifest of what was last written.
CREATE TABLE site_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  title TEXT NOT NULL,
  base_url TEXT NOT NULL,
  language TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  login_url TEXT NOT NULL DEFAULT '',
  logo TEXT,
  output_dir TEXT NOT NULL DEFAULT '',
  url_pattern TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

INSERT INTO site_settings (id, title, base_url, language, url_pattern, updated_at)
VALUES (1, 'Copydesk', 'http://localhost:8080/', 'en', '/<section>/<slug>/', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- One row per file in the output folder, as of the last successful publish. `source` says what
-- the file came from: 'article:<id>', a listing key ('home', 'section:<slug>', 'tag:<slug>'),
-- 'feed', 'asset' or 'site'. `input_key` fingerprints a listing's inputs so that publishing one
-- article re-renders only the listing pages whose articles changed. The manifest is rewritten in
-- one transaction after the files are in place, so it never claims a file that was not written.
CREATE TABLE publish_manifest (
  path TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  source TEXT NOT NULL,
  input_key TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX publish_manifest_by_source ON publish_manifest (source);
