-- The newsroom desk (docs/operations.md, The desk). A story the desk has touched has a row in
-- `stories`: its version (the ETag every change must name, so no one overwrites another's
-- work unseen), the working copy an editor's page keeps saving (never shown to readers until
-- saved), and for a story not on the site, when it is meant to come out. Such a story (a draft,
-- or one taken off the site) keeps its row in `articles` with `published_at` at the end of time
-- ('9999-12-31T23:59:59Z'), which every reader's query already leaves out.
CREATE TABLE stories (
    article_id  INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    working     TEXT,
    planned_at  TEXT,
    changed_by  TEXT    NOT NULL,
    changed_at  TEXT    NOT NULL
);

-- Every saved state of a story, as the desk's JSON, with who and when.
CREATE TABLE article_revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('imported', 'created', 'saved', 'published', 'scheduled',
                                                   'unpublished', 'restored')),
    document    TEXT    NOT NULL,
    staff       TEXT    NOT NULL,
    note        TEXT,
    created_at  TEXT    NOT NULL,
    UNIQUE (article_id, number)
);

-- Public corrections, shown on the article.
CREATE TABLE article_corrections (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    note        TEXT    NOT NULL,
    staff       TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX article_corrections_by_article ON article_corrections (article_id, created_at);

-- Who changed which story how, kept when the story is gone (by its URL name then).
CREATE TABLE desk_audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    staff       TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('created', 'saved', 'published', 'scheduled', 'unpublished',
                                                   'restored', 'renamed', 'corrected', 'deleted')),
    slug        TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX desk_audit_by_slug ON desk_audit (slug, id);

-- Publishing tools' tokens (`okur staff token`): kept as hashes, each its account's.
CREATE TABLE staff_tokens (
    id           INTEGER PRIMARY KEY,
    moderator_id INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    label        TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT
);
CREATE INDEX staff_tokens_by_account ON staff_tokens (moderator_id);
