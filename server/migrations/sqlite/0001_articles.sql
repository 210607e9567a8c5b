-- Portable SQL only (SQLite now, PostgreSQL planned): TEXT timestamps in RFC 3339 UTC with a
-- trailing Z sort chronologically as text, and the body is stored as JSON text.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    published_at  TEXT    NOT NULL,
    author        TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    image_src     TEXT,
    image_alt     TEXT,
    body          TEXT    NOT NULL,
    comments_open BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC);

-- Comments are read here only to count them; the comment API builds on this table.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_name  TEXT    NOT NULL,
    author_email TEXT,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('published', 'pending', 'rejected')),
    created_at   TEXT    NOT NULL
);

CREATE INDEX comments_by_article ON comments (article_id, status, created_at);
