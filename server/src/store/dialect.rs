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
    /// What ends a query that claims rows for one server of several (PostgreSQL's `FOR UPDATE
    /// SKIP LOCKED`: another replica's claim is passed over, not waited for); nothing where one
    /// writer serves at a time (SQLite).
    const SKIP_LOCKED: &'static str;
    /// Whether search queries are written in FTS5's syntax (else `to_tsquery`'s).
    const FTS5: bool;
    /// Removes an article's search entry (binding its id).
    const SEARCH_DELETE: &'static str;
    /// Writes an article's search entry: its id and the terms of its title, summary, author and
    /// section, and body.
    const SEARCH_INSERT: &'static str;
    /// The tables and conditions of a search (binding the query `$1`, the time `$2` and the
    /// candidates `$3`, from [`Dialect::SEARCH_CANDIDATES`]), open for more conditions (`a` is
    /// the article). Only the newest [`super::model::SEARCH_CANDIDATES`] entries that match are
    /// ranked: neither store can rank the best few of a common word's every match without
    /// scoring them all, which grows with the archive.
    const SEARCH_FROM: &'static str;
    /// How the candidates are found: `None` when [`Dialect::SEARCH_FROM`] finds them itself (`$3`
    /// is how many); else the query for the newest matches (`$1` the query, at most `$2`), newest
    /// first (`$3` of the search is then their ids, joined by commas).
    const SEARCH_CANDIDATES: Option<&'static str>;
    /// The plan [`Dialect::SEARCH_CANDIDATES`] runs under (statements run first in its
    /// transaction).
    const SEARCH_PLAN: &'static [&'static str];
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
    const SKIP_LOCKED: &'static str = "";
    const FTS5: bool = true;
    const SEARCH_DELETE: &'static str = "DELETE FROM article_search WHERE rowid = $1";
    const SEARCH_INSERT: &'static str =
        "INSERT INTO article_search (rowid, title, summary, people, body) VALUES ($1, $2, $3, $4, $5)";
    // FTS5 walks a match's entries newest (highest rowid) first and stops at the LIMIT, scoring
    // only those it returns.
    const SEARCH_FROM: &'static str = "FROM (SELECT rowid AS id, bm25(article_search, 10.0, 4.0, 3.0, 1.0) AS score \
         FROM article_search WHERE article_search MATCH $1 ORDER BY rowid DESC LIMIT CAST($3 AS INTEGER)) c \
         JOIN articles a ON a.id = c.id WHERE a.published_at <= $2";
    const SEARCH_CANDIDATES: Option<&'static str> = None;
    const SEARCH_PLAN: &'static [&'static str] = &[];
    const SEARCH_ORDER: &'static str = "ORDER BY c.score, a.published_at DESC, a.id DESC";
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
    const SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";
    const FTS5: bool = false;
    const SEARCH_DELETE: &'static str = "DELETE FROM article_search WHERE article_id = $1";
    const SEARCH_INSERT: &'static str = "INSERT INTO article_search (article_id, document) VALUES ($1, \
         setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') || \
         setweight(to_tsvector('simple', $4), 'C') || setweight(to_tsvector('simple', $5), 'D')) \
         ON CONFLICT (article_id) DO UPDATE SET document = excluded.document";
    // Only the candidates' documents are read (decompressed) here, for ts_rank.
    // The ids as rows joined by key: as `= ANY(…)` the planner scans the whole table for them.
    const SEARCH_FROM: &'static str = "FROM unnest(string_to_array($3, ',')::bigint[]) AS k (id) \
         JOIN article_search c ON c.article_id = k.id JOIN articles a ON a.id = k.id \
         WHERE a.published_at <= $2";
    // From the GIN index, never by reading each row's document: the planner counts `@@` on a
    // document as cheap, but each document read is decompressed (some 5 µs), so walking the
    // newest rows until enough match (its choice for any word it thinks common) costs 100 ms
    // and more for a word in one story of ten. The index's way costs what the matches' rows do
    // (20 ms for a word in 80,000 stories), on one core: a busy server has no other to give.
    const SEARCH_CANDIDATES: Option<&'static str> = Some(
        "SELECT article_id FROM article_search WHERE document @@ to_tsquery('simple', $1) \
         ORDER BY article_id DESC LIMIT $2",
    );
    const SEARCH_PLAN: &'static [&'static str] = &[
        "SET LOCAL enable_seqscan = off",
        "SET LOCAL enable_indexscan = off",
        "SET LOCAL max_parallel_workers_per_gather = 0",
    ];
    const SEARCH_ORDER: &'static str =
        "ORDER BY ts_rank(c.document, to_tsquery('simple', $1)) DESC, a.published_at DESC, a.id DESC";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{SEARCH_CANDIDATES, SEARCH_DEPTH_MAX};

    #[test]
    fn searches_rank_as_many_candidates_as_paging_reaches() {
        assert!(<Sqlite as Dialect>::SEARCH_FROM.contains("LIMIT CAST($3 AS INTEGER))"));
        assert!(<Postgres as Dialect>::SEARCH_CANDIDATES.is_some_and(|sql| sql.ends_with("LIMIT $2")));
        const { assert!(SEARCH_CANDIDATES >= SEARCH_DEPTH_MAX + okur_types::PER_PAGE_MAX) };
    }
}
