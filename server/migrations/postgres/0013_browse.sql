-- Browsing (issue 21): the same columns and tables as SQLite's 0016_browse.sql. Each article's
-- section and author as URL names, derived by the server; `modified_at`, when the story itself
-- was last updated; `pinned_at`, the front page's lead; `search_version`, which version of the
-- search terms its `article_search` row holds (0: none yet).
ALTER TABLE articles ADD COLUMN section TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN author_slug TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN modified_at TEXT COLLATE "C";
ALTER TABLE articles ADD COLUMN pinned_at TEXT COLLATE "C";
ALTER TABLE articles ADD COLUMN search_version BIGINT NOT NULL DEFAULT 0;

CREATE INDEX articles_by_section ON articles (section, published_at DESC, id DESC);
CREATE INDEX articles_by_author ON articles (author_slug, published_at DESC, id DESC);
CREATE INDEX articles_pinned ON articles (pinned_at) WHERE pinned_at IS NOT NULL;

-- The search index: each article's terms as crate::domain::search makes them (folded, stemmed),
-- read by the `simple` configuration, weighted title A, summary B, author and section C, body D.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    document   tsvector NOT NULL
);

CREATE INDEX article_search_document ON article_search USING GIN (document);

-- Views: an aggregate per article per hour; every replica adds its own counts.
CREATE TABLE article_views (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       TEXT   COLLATE "C" NOT NULL,
    views      BIGINT NOT NULL,
    PRIMARY KEY (article_id, hour)
);

CREATE INDEX article_views_by_hour ON article_views (hour);

-- The "most read" list as last computed; a change of it bumps the generation '~most-read'.
CREATE TABLE most_read (
    position   BIGINT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    views      BIGINT NOT NULL
);

-- What other articles show of an article: its scope '~content', bumped by any change but its
-- comment counts.
CREATE OR REPLACE FUNCTION okur_bump_generations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    list BIGINT;
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '' RETURNING n INTO list;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO generations (scope, n, at) VALUES (OLD.slug, 1, list)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = list;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.slug <> OLD.slug) THEN
        INSERT INTO generations (scope, n, at) VALUES (NEW.slug, 1, list)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = list;
    END IF;
    IF TG_OP <> 'UPDATE' OR (OLD.slug, OLD.title, OLD.summary, OLD.published_at, OLD.author, OLD.category,
            OLD.image_src, OLD.image_alt, OLD.body, OLD.comments_open, OLD.updated_at, OLD.language,
            OLD.section, OLD.author_slug, OLD.modified_at, OLD.pinned_at)
        IS DISTINCT FROM (NEW.slug, NEW.title, NEW.summary, NEW.published_at, NEW.author, NEW.category,
            NEW.image_src, NEW.image_alt, NEW.body, NEW.comments_open, NEW.updated_at, NEW.language,
            NEW.section, NEW.author_slug, NEW.modified_at, NEW.pinned_at) THEN
        INSERT INTO generations (scope, n, at) VALUES ('~content', 1, list)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = list;
    END IF;
    PERFORM pg_notify('okur_generations', '');
    RETURN NULL;
END;
$$;
