-- Keyset paging: an article's published threads in order, so that any page of them (after a
-- cursor) is one range scan of this index, however deep.
CREATE INDEX comments_threads ON comments (article_id, created_at, id)
    WHERE parent_id IS NULL AND status = 'published';

-- A thread's published replies in time order, for the replies shown with it.
CREATE INDEX comments_thread_replies ON comments (root_id, status, created_at, id);
