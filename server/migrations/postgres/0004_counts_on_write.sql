-- Counts kept up to date on write, so that no read counts comments: each article's published
-- comments and published top-level comments (threads). A trigger keeps them right whatever
-- writes (the API, `okur comments`, a cascade delete of a thread).
ALTER TABLE articles ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN thread_count BIGINT NOT NULL DEFAULT 0;

UPDATE articles SET
    comment_count = (SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'published'),
    thread_count = (SELECT COUNT(*) FROM comments c
                    WHERE c.article_id = articles.id AND c.status = 'published' AND c.parent_id IS NULL);

CREATE FUNCTION okur_count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND OLD.status = 'published';
    now_is BOOLEAN := TG_OP <> 'DELETE' AND NEW.status = 'published';
    row_ comments := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    delta BIGINT := now_is::int - was::int;
BEGIN
    IF delta <> 0 THEN
        UPDATE articles SET comment_count = comment_count + delta,
                            thread_count = thread_count + CASE WHEN row_.parent_id IS NULL THEN delta ELSE 0 END
        WHERE id = row_.article_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER comments_counted AFTER INSERT OR DELETE OR UPDATE OF status ON comments
FOR EACH ROW EXECUTE FUNCTION okur_count_comments();
