-- Counts kept up to date on write, so that no read counts comments: each article's published
-- comments and published top-level comments (threads). Triggers keep them right whatever
-- writes (the API, `okur comments`, a cascade delete of a thread).
ALTER TABLE articles ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN thread_count INTEGER NOT NULL DEFAULT 0;

UPDATE articles SET
    comment_count = (SELECT COUNT(*) FROM comments c WHERE c.article_id = articles.id AND c.status = 'published'),
    thread_count = (SELECT COUNT(*) FROM comments c
                    WHERE c.article_id = articles.id AND c.status = 'published' AND c.parent_id IS NULL);

CREATE TRIGGER comments_counted_in AFTER INSERT ON comments WHEN NEW.status = 'published'
BEGIN
    UPDATE articles SET comment_count = comment_count + 1,
                        thread_count = thread_count + (NEW.parent_id IS NULL)
    WHERE id = NEW.article_id;
END;

CREATE TRIGGER comments_counted_out AFTER DELETE ON comments WHEN OLD.status = 'published'
BEGIN
    UPDATE articles SET comment_count = comment_count - 1,
                        thread_count = thread_count - (OLD.parent_id IS NULL)
    WHERE id = OLD.article_id;
END;

CREATE TRIGGER comments_recounted AFTER UPDATE OF status ON comments
WHEN (OLD.status = 'published') <> (NEW.status = 'published')
BEGIN
    UPDATE articles SET comment_count = comment_count + (CASE WHEN NEW.status = 'published' THEN 1 ELSE -1 END),
                        thread_count = thread_count
                            + (CASE WHEN NEW.parent_id IS NULL THEN (CASE WHEN NEW.status = 'published' THEN 1 ELSE -1 END) ELSE 0 END)
    WHERE id = NEW.article_id;
END;
