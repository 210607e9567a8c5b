-- Thread order stored on write: a reply's `thread_key` is its parent's key (none for a
-- top-level parent) followed by its own time and id, fixed width, so sorting a thread's replies
-- by key is depth first, each level oldest first. Any page of a thread is then one range scan
-- of `comments_thread_order`, however long the thread. A top-level comment's `reply_count` is
-- how many of its replies are shown (published, under a published parent), kept on write.
ALTER TABLE comments ADD COLUMN thread_key TEXT COLLATE "C";
ALTER TABLE comments ADD COLUMN reply_count BIGINT NOT NULL DEFAULT 0;

UPDATE comments SET thread_key = created_at || lpad(id::text, 19, '0') WHERE depth = 2;
UPDATE comments SET thread_key =
    (SELECT p.thread_key FROM comments p WHERE p.id = comments.parent_id) || created_at || lpad(id::text, 19, '0')
WHERE depth = 3;

UPDATE comments SET reply_count =
    (SELECT COUNT(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
     WHERE c.root_id = comments.id AND c.status = 'published' AND (c.depth = 2 OR p.status = 'published'))
WHERE parent_id IS NULL;

DROP INDEX comments_thread_replies;
CREATE INDEX comments_thread_order ON comments (root_id, status, thread_key);
