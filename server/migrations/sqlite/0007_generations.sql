-- What cached answers depend on (server/src/cache.rs): a generation per scope, the article list
-- ('') and each article (its slug), bumped in the same transaction as any change to an article
-- row. A comment that changes what readers see changes its article's counts, so it bumps too.
CREATE TABLE generations (
    scope TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
);

INSERT INTO generations (scope, n) VALUES ('', 0);
INSERT INTO generations (scope, n) SELECT slug, 0 FROM articles;

CREATE TRIGGER articles_generation_in AFTER INSERT ON articles
BEGIN
    INSERT OR REPLACE INTO generations (scope, n)
        VALUES (NEW.slug, COALESCE((SELECT n FROM generations WHERE scope = NEW.slug), 0) + 1);
    UPDATE generations SET n = n + 1 WHERE scope = '';
END;

CREATE TRIGGER articles_generation AFTER UPDATE ON articles
BEGIN
    UPDATE generations SET n = n + 1 WHERE scope IN ('', OLD.slug, NEW.slug);
END;

CREATE TRIGGER articles_generation_out AFTER DELETE ON articles
BEGIN
    UPDATE generations SET n = n + 1 WHERE scope IN ('', OLD.slug);
END;
