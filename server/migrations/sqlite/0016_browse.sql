-- Browsing (issue 21). Each article's section and author as URL names (`Gündem` → `gundem`),
-- derived from `category` and `author` by the server (crate::domain::text::slugify) on every
-- write and for older rows at start; `modified_at`, when the story itself was last updated (the
-- article's "Güncelleme:"; `updated_at` stays the row's own last change); `pinned_at`, when an
-- editor made it the front page's lead story; `search_version`, which version of the search
-- terms the row's entry in `article_search` holds (0: none yet).
ALTER TABLE articles ADD COLUMN section TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN author_slug TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN modified_at TEXT;
ALTER TABLE articles ADD COLUMN pinned_at TEXT;
ALTER TABLE articles ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;

CREATE INDEX articles_by_section ON articles (section, published_at DESC, id DESC);
CREATE INDEX articles_by_author ON articles (author_slug, published_at DESC, id DESC);
CREATE INDEX articles_pinned ON articles (pinned_at) WHERE pinned_at IS NOT NULL;

-- The search index: each article's terms as crate::domain::search makes them (folded, stemmed),
-- so FTS5 only splits them at spaces. The rowid is the article's id.
CREATE VIRTUAL TABLE article_search USING fts5 (title, summary, people, body, tokenize = 'unicode61');

CREATE TRIGGER articles_search_out AFTER DELETE ON articles
BEGIN
    DELETE FROM article_search WHERE rowid = OLD.id;
END;

-- Views: an aggregate per article per hour, nothing about who read. Counted in memory and added
-- here every few seconds (crate::http::views).
CREATE TABLE article_views (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       TEXT    NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (article_id, hour)
);

CREATE INDEX article_views_by_hour ON article_views (hour);

-- The "most read" list as last computed, so that every server shows the same one; a change of
-- it bumps the generation '~most-read'.
CREATE TABLE most_read (
    position INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    views    INTEGER NOT NULL
);

-- What other articles show of an article (related stories, sections, authors, feeds): its
-- scope '~content', bumped by any change but its comment counts. (The list's generation is
-- bumped too, so that a server looking for changes since its last look finds it.)
CREATE TRIGGER articles_content_in AFTER INSERT ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    INSERT OR REPLACE INTO generations (scope, n, at)
        VALUES ('~content', COALESCE((SELECT n FROM generations WHERE scope = '~content'), 0) + 1,
                (SELECT n FROM generations WHERE scope = ''));
END;

CREATE TRIGGER articles_content AFTER UPDATE OF slug, title, summary, published_at, author, category,
    image_src, image_alt, body, comments_open, updated_at, language, section, author_slug, modified_at,
    pinned_at ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    INSERT OR REPLACE INTO generations (scope, n, at)
        VALUES ('~content', COALESCE((SELECT n FROM generations WHERE scope = '~content'), 0) + 1,
                (SELECT n FROM generations WHERE scope = ''));
END;

CREATE TRIGGER articles_content_out AFTER DELETE ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    INSERT OR REPLACE INTO generations (scope, n, at)
        VALUES ('~content', COALESCE((SELECT n FROM generations WHERE scope = '~content'), 0) + 1,
                (SELECT n FROM generations WHERE scope = ''));
END;
