-- Live comments: each comment gets a number when it becomes visible (posted published, or
-- approved later), increasing over the whole site. An article's live stream sends its comments in
-- this order and resumes after the last number a reader saw (`Last-Event-ID`). Numbers are given
-- under the article's advisory lock, so within an article they are also the order in which the
-- comments became visible (committed).
ALTER TABLE comments ADD COLUMN published_seq BIGINT;
CREATE SEQUENCE comment_publications;
UPDATE comments SET published_seq = nextval('comment_publications') WHERE status = 'published';
CREATE INDEX comments_publications ON comments (article_id, published_seq);
