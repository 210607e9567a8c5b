-- What cached answers depend on (server/src/cache.rs): a generation per scope, the article list
-- ('') and each article (its slug), bumped in the same transaction as any change to an article
-- row. A comment that changes what readers see changes its article's counts, so it bumps too.
CREATE TABLE generations (
    scope TEXT PRIMARY KEY,
    n     BIGINT NOT NULL
);

INSERT INTO generations (scope, n) VALUES ('', 0);
INSERT INTO generations (scope, n) SELECT slug, 0 FROM articles;

CREATE FUNCTION okur_bump_generations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO generations (scope, n) VALUES (OLD.slug, 1)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.slug <> OLD.slug) THEN
        INSERT INTO generations (scope, n) VALUES (NEW.slug, 1)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1;
    END IF;
    UPDATE generations SET n = n + 1 WHERE scope = '';
    RETURN NULL;
END;
$$;

CREATE TRIGGER articles_generations AFTER INSERT OR UPDATE OR DELETE ON articles
FOR EACH ROW EXECUTE FUNCTION okur_bump_generations();
