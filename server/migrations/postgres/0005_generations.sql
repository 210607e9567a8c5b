-- What cached answers depend on (server/src/cache.rs): a generation per scope, the article list
-- ('') and each article (its slug), bumped in the same transaction as any change to an article
-- row. A comment that changes what readers see changes its article's counts, so it bumps too.
-- `at` is the list's generation when a scope last changed, so that a replica can fetch only what
-- changed since it last looked (every change bumps the list); each change is also announced on
-- the channel `okur_generations`, so replicas look at once.
CREATE TABLE generations (
    scope TEXT PRIMARY KEY,
    n     BIGINT NOT NULL,
    at    BIGINT NOT NULL
);

CREATE INDEX generations_by_change ON generations (at);

INSERT INTO generations (scope, n, at) VALUES ('', 0, 0);
INSERT INTO generations (scope, n, at) SELECT slug, 0, 0 FROM articles;

CREATE FUNCTION okur_bump_generations() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    list BIGINT;
BEGIN
    UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = '' RETURNING n INTO list;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO generations (scope, n, at) VALUES (OLD.slug, 1, list)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = list;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.slug <> OLD.slug) THEN
        INSERT INTO generations (scope, n, at) VALUES (NEW.slug, 1, list)
            ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = list;
    END IF;
    PERFORM pg_notify('okur_generations', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER articles_generations AFTER INSERT OR UPDATE OR DELETE ON articles
FOR EACH ROW EXECUTE FUNCTION okur_bump_generations();
