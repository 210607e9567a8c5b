-- Live comments: each comment gets a number when it becomes visible (posted published, or
-- approved later), increasing over the whole site. An article's live stream sends its comments in
-- this order and resumes after the last number a reader saw (`Last-Event-ID`). Numbers are given
-- under the write lock (SQLite's, or the article's advisory lock on PostgreSQL), so within an
-- article they are also the order in which the comments became visible.
ALTER TABLE comments ADD COLUMN published_seq INTEGER;
UPDATE comments SET published_seq = id WHERE status = 'published';
CREATE INDEX comments_by_publication ON comments (published_seq);
CREATE INDEX comments_publications ON comments (article_id, published_seq);
