-- A reader may edit or withdraw their own comment for a while (`--comment-edit-minutes`), with
-- the secret the post's answer gave them; only its SHA-256 is kept. An edit keeps the earlier
-- text in `comment_versions`, for moderators, and moves `edited_at`, which the page shows.
-- A withdrawn comment is hidden like a rejected one (status 'rejected', so every count and
-- query that hides it already does) and marked `withdrawn_at`: moderators see who hid it, and
-- no approval brings back what its author took away. Kept, not deleted: a delete would take
-- the replies under it with it (ON DELETE CASCADE).
ALTER TABLE comments ADD COLUMN edit_token_hash TEXT;
ALTER TABLE comments ADD COLUMN edited_at TEXT;
ALTER TABLE comments ADD COLUMN withdrawn_at TEXT;

CREATE TABLE comment_versions (
    id          INTEGER PRIMARY KEY,
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    author_name TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    -- When this text was written (the post, or an earlier edit).
    written_at  TEXT    NOT NULL
);

CREATE INDEX comment_versions_by_comment ON comment_versions (comment_id, id);
