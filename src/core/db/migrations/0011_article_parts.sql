-- Rendered parts of each article (0001 has shipped: never edited).
--
-- A site build parsed every article's Lexical JSON (~40 KB) and rendered it again, even when
-- nothing had changed: at 4,000 articles that was ~40% of a full build's CPU. Core now renders
-- an article's body, takeaways and answers when it saves the article (see
-- shared/render/article-parts.ts) and keeps them here, as Ghost keeps `html` beside `lexical`;
-- a build reads them instead. `version` is the renderer's ARTICLE_PARTS_VERSION: rows of another
-- version are ignored, and the article is rendered from its documents as before.
CREATE TABLE article_parts (
  article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  -- The body's blocks, and the takeaways and follow-up sections ('' when the page has none).
  body_html TEXT NOT NULL,
  takeaways_html TEXT NOT NULL,
  questions_html TEXT NOT NULL,
  -- FAQPage structured data, script-safe JSON text; NULL when no question is answered.
  faq_json_ld TEXT,
  -- JSON array of every image src in the body and answers.
  images TEXT NOT NULL,
  first_image TEXT
) STRICT;

-- Whatever changes a document (a save, a restore, a sync, a hand-written UPDATE) drops its stale
-- parts in the same statement, so a build can never publish parts of an older text. The save path
-- then stores fresh ones in its transaction; any other writer leaves the article to be rendered
-- from its documents. A save that rewrites the documents unchanged (an edit of the headline or
-- the status) keeps them.
CREATE TRIGGER article_parts_stale AFTER UPDATE OF body, takeaways, questions ON articles
  WHEN old.body IS NOT new.body OR old.takeaways IS NOT new.takeaways OR old.questions IS NOT new.questions
BEGIN
  DELETE FROM article_parts WHERE article_id = new.id;
END;
