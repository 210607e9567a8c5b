-- Threads: each comment knows its depth (1 = top level) and the top-level comment it hangs
-- under (NULL for a top-level comment), so a page of threads is read in one query.
ALTER TABLE comments ADD COLUMN depth INTEGER NOT NULL DEFAULT 1;
ALTER TABLE comments ADD COLUMN root_id INTEGER REFERENCES comments (id) ON DELETE CASCADE;

CREATE INDEX comments_by_root ON comments (root_id);
CREATE INDEX comments_duplicates ON comments (article_id, author_name, created_at);
