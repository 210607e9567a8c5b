//! What differs between the two databases, beyond the migrations.

use sqlx::postgres::Postgres;
use sqlx::sqlite::Sqlite;

/// What differs between the two databases, beyond the migrations.
pub(crate) trait Dialect {
    /// How a write transaction starts.
    const BEGIN_WRITE: &'static str;
    /// A statement (binding the article id) that serializes comment writes on one article,
    /// where starting the transaction does not already.
    const COMMENT_LOCK: Option<&'static str>;
    /// A query answering `ok` when the stored data is sound.
    const INTEGRITY_CHECK: &'static str;
    /// An expression giving the id the next comment may take, inside a write transaction: a
    /// reply's thread key holds its id, so it is written with the row, not updated after.
    const NEXT_COMMENT_ID: &'static str;
    /// An expression giving the next publication number (see the `publications` migration),
    /// inside a transaction holding the write lock (PostgreSQL: the article's).
    const NEXT_PUBLICATION: &'static str;
    /// A statement announcing a change of cache generations to every server, where there is one.
    const NOTIFY_GENERATIONS: Option<&'static str>;
    /// Whether search queries are written in FTS5's syntax (else `to_tsquery`'s).
    const FTS5: bool;
    /// Removes an article's search entry (binding its id).
    const SEARCH_DELETE: &'static str;
    /// Writes an article's search entry: its id and the terms of its title, summary, author and
    /// section, and body.
    const SEARCH_INSERT: &'static str;
    /// The tables and conditions of a search (binding the query `$1` and the time `$2`), open
    /// for more conditions (`a` is the article).
    const SEARCH_FROM: &'static str;
    /// The order of search results: best first (a title's words weigh more than the body's),
    /// then newest.
    const SEARCH_ORDER: &'static str;
}

impl Dialect for Sqlite {
    // IMMEDIATE: the write lock at once, for the whole (single-writer) database.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const COMMENT_LOCK: Option<&'static str> = None;
    const INTEGRITY_CHECK: &'static str = "PRAGMA integrity_check";
    // The write lock is held: nobody else can take it meanwhile. Above every number in use and
    // every one deleted (`high_water`, kept by a trigger): no number is given twice.
    const NEXT_COMMENT_ID: &'static str = "(SELECT MAX(COALESCE((SELECT MAX(id) FROM comments), 0), \
         (SELECT last FROM high_water WHERE name = 'comments')) + 1)";
    const NEXT_PUBLICATION: &'static str = "(SELECT MAX(COALESCE((SELECT MAX(published_seq) FROM comments), 0), \
         (SELECT last FROM high_water WHERE name = 'publications')) + 1)";
    const NOTIFY_GENERATIONS: Option<&'static str> = None;
    const FTS5: bool = true;
    const SEARCH_DELETE: &'static str = "DELETE FROM article_search WHERE rowid = $1";
    const SEARCH_INSERT: &'static str =
        "INSERT INTO article_search (rowid, title, summary, people, body) VALUES ($1, $2, $3, $4, $5)";
    const SEARCH_FROM: &'static str = "FROM article_search JOIN articles a ON a.id = article_search.rowid \
         WHERE article_search MATCH $1 AND a.published_at <= $2";
    const SEARCH_ORDER: &'static str =
        "ORDER BY bm25(article_search, 10.0, 4.0, 3.0, 1.0), a.published_at DESC, a.id DESC";
}

impl Dialect for Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";
    // Readers never wait for it; writers on other articles neither.
    const COMMENT_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock($1)");
    // PostgreSQL checksums and checks its own pages; its answering is the check here.
    const INTEGRITY_CHECK: &'static str = "SELECT 'ok'";
    const NEXT_COMMENT_ID: &'static str = "nextval(pg_get_serial_sequence('comments', 'id'))";
    const NEXT_PUBLICATION: &'static str = "nextval('comment_publications')";
    const NOTIFY_GENERATIONS: Option<&'static str> = Some("SELECT pg_notify('okur_generations', '')");
    const FTS5: bool = false;
    const SEARCH_DELETE: &'static str = "DELETE FROM article_search WHERE article_id = $1";
    const SEARCH_INSERT: &'static str = "INSERT INTO article_search (article_id, document) VALUES ($1, \
         setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') || \
         setweight(to_tsvector('simple', $4), 'C') || setweight(to_tsvector('simple', $5), 'D')) \
         ON CONFLICT (article_id) DO UPDATE SET document = excluded.document";
    const SEARCH_FROM: &'static str = "FROM article_search s JOIN articles a ON a.id = s.article_id \
         WHERE s.document @@ to_tsquery('simple', $1) AND a.published_at <= $2";
    const SEARCH_ORDER: &'static str =
        "ORDER BY ts_rank(s.document, to_tsquery('simple', $1)) DESC, a.published_at DESC, a.id DESC";
}
