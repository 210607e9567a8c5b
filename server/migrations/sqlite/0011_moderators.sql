-- Moderators sign in to the moderation page. Passwords are argon2id hashes (PHC strings);
-- sessions are stored here, by the SHA-256 of their token (the cookie holds the token), so that
-- they hold on every replica and can be revoked. Failed logins are counted here too, per
-- account and per address, so that the throttle holds across replicas.
CREATE TABLE moderators (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE TABLE moderator_sessions (
    token_hash   TEXT    PRIMARY KEY,
    moderator_id INTEGER NOT NULL REFERENCES moderators (id) ON DELETE CASCADE,
    csrf         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen    TEXT    NOT NULL
);
CREATE INDEX moderator_sessions_by_moderator ON moderator_sessions (moderator_id);

CREATE TABLE login_failures (
    key        TEXT    PRIMARY KEY,
    failures   INTEGER NOT NULL,
    first_at   TEXT    NOT NULL
);

-- Who did what, when: every moderation decision, from the page or the shell.
CREATE TABLE moderation_log (
    id         INTEGER PRIMARY KEY,
    moderator  TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('approve', 'reject', 'delete', 'open', 'close')),
    comment_id INTEGER,
    article    TEXT,
    at         TEXT    NOT NULL
);
CREATE INDEX moderation_log_by_comment ON moderation_log (comment_id);

-- The moderation page lists held comments across all articles, oldest first, and recent
-- published ones, newest first.
CREATE INDEX comments_by_status ON comments (status, created_at, id);
