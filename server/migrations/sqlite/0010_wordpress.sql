-- Imported from WordPress: each post and comment keeps its WordPress id, so that importing an
-- export again changes nothing and a newer export adds only what is new; `import_hash` tells
-- whether an imported post changed. `article_links` maps the old addresses of a post (its
-- permalink path, `?p=ID`, its guid) to the article, for the 301s that keep old links working.
ALTER TABLE articles ADD COLUMN wp_id INTEGER;
ALTER TABLE articles ADD COLUMN import_hash TEXT;
CREATE UNIQUE INDEX articles_by_wp_id ON articles (wp_id) WHERE wp_id IS NOT NULL;

ALTER TABLE comments ADD COLUMN wp_id INTEGER;
CREATE UNIQUE INDEX comments_by_wp_id ON comments (article_id, wp_id) WHERE wp_id IS NOT NULL;

CREATE TABLE article_links (
    path       TEXT    PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX article_links_by_article ON article_links (article_id);
