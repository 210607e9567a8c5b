-- A WordPress post is known by its site and its id: ids are per site, and two sites' exports
-- overlap. Articles imported before this migration have no site yet; the first import that
-- brings their id again names it (`Store::import_post`).
ALTER TABLE articles ADD COLUMN wp_site TEXT;
DROP INDEX articles_by_wp_id;
CREATE UNIQUE INDEX articles_by_wp_post ON articles (wp_site, wp_id) WHERE wp_id IS NOT NULL;
