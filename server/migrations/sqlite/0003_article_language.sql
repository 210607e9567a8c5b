-- The language an article is written in (BCP 47); NULL means the site's (okur serve --locale).
ALTER TABLE articles ADD COLUMN language TEXT;
