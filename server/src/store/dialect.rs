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
}

impl Dialect for Postgres {
    const BEGIN_WRITE: &'static str = "BEGIN";
    // Readers never wait for it; writers on other articles neither.
    const COMMENT_LOCK: Option<&'static str> = Some("SELECT pg_advisory_xact_lock($1)");
    // PostgreSQL checksums and checks its own pages; its answering is the check here.
    const INTEGRITY_CHECK: &'static str = "SELECT 'ok'";
    const NEXT_COMMENT_ID: &'static str = "nextval(pg_get_serial_sequence('comments', 'id'))";
    const NEXT_PUBLICATION: &'static str = "nextval('comment_publications')";
}
