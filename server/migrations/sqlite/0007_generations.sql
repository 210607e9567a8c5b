-- What cached answers depend on (server/src/cache.rs): a generation per scope, the article list
-- ('') and each article (its slug), bumped in the same transaction as any change to an article
-- row. A comment that changes what readers see changes its article's counts, so it bumps too.
-- `at` is the list's generation when a scope last changed, so that a server can fetch only what
-- changed since it last looked (every change bumps the list).
CREATE TABLE generations (
    scope TEXT PRIMARY KEY,
    n     INTEGER NOT NULL,
    at    INTEGER NOT NULL
);

CREATE INDEX generations_by_change ON generations (at);

INSERT INTO generations (scope, n, at) VALUES ('', 0, 0);
INSERT INTO generations (scope, n, at) SELECT slug, 0, 0 FROM articles;

CREATE TRIGGER articles_generation_in AFTER INSERT ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    INSERT OR REPLACE INTO generations (scope, n, at)
        VALUES (NEW.slug, COALESCE((SELECT n FROM generations WHERE scope = NEW.slug), 0) + 1,
                (SELECT n FROM generations WHERE scope = ''));
END;

CREATE TRIGGER articles_generation AFTER UPDATE ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    UPDATE generations SET n = n + 1, at = (SELECT n FROM generations WHERE scope = '')
        WHERE scope IN (OLD.slug, NEW.slug);
END;

CREATE TRIGGER articles_generation_out AFTER DELETE ON articles
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '';
    UPDATE generations SET n = n + 1, at = (SELECT n FROM generations WHERE scope = '')
        WHERE scope = OLD.slug;
END;
