-- Numbers are never given twice. SQLite's rowid and the `MAX(…) + 1` the writers take under the
-- write lock would give the highest comment's id (and its publication number) again once that
-- comment is deleted: the audit trail's "deleted" would then name the new comment, and a live
-- reader who had seen the deleted one would never be sent the new one. PostgreSQL's sequences
-- never go back; here the highest number ever deleted is kept, and the next number is above both
-- it and every number still in use.
CREATE TABLE high_water (
    name TEXT    PRIMARY KEY CHECK (name IN ('comments', 'publications')),
    last INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO high_water (name, last) VALUES
    ('comments', COALESCE((SELECT MAX(id) FROM comments), 0)),
    ('publications', COALESCE((SELECT MAX(published_seq) FROM comments), 0));

-- Fires for cascades too (an article's or a thread's comments deleted with it).
CREATE TRIGGER comments_numbers_kept AFTER DELETE ON comments
BEGIN
    UPDATE high_water SET last = MAX(last, OLD.id) WHERE name = 'comments';
    UPDATE high_water SET last = MAX(last, OLD.published_seq)
        WHERE name = 'publications' AND OLD.published_seq IS NOT NULL;
END;
