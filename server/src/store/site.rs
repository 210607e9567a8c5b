//! The site's own state: one-time claims, the cache generations and their announcements,
//! health, integrity, and SQLite's WAL checkpoints.

use super::dialect::Dialect;
use super::{Backend, Inner, Store, StoreError};

queries! {
    /// Claims a one-time fact about the site (`demo-seeded`): true for the one caller, of all
    /// servers on this database, that claimed it first.
    pub async fn claim(&self, key: &str) -> Result<bool, StoreError> {
        let claimed: Option<String> = sqlx::query_scalar(
            "INSERT INTO site_state (key) VALUES ($1) ON CONFLICT (key) DO NOTHING RETURNING key",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(claimed.is_some())
    }

    /// The cache scopes (the article list `""`, or an article's slug) that changed since the
    /// list's generation `since`, with their generation and the list's at that change
    /// (`crate::cache`). `since` -1 gives them all.
    pub async fn generations_since(&self, since: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
        Ok(sqlx::query_as("SELECT scope, n, at FROM generations WHERE at > $1")
            .bind(since)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The database's own check of what it stores: `ok`, or the first problem found.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar(<Db as Dialect>::INTEGRITY_CHECK).fetch_one(&self.pool).await?)
    }
}

impl Store {
    /// Waits for the next announced change of cache scopes (PostgreSQL's `okur_generations`
    /// channel, so that every replica looks at once), calling `changed` for each; returns when
    /// the connection is lost. On SQLite there are no announcements: it returns at once.
    pub async fn watch_generations(&self, mut changed: impl FnMut()) -> Result<(), StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(());
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(&db.pool).await?;
        listener.listen("okur_generations").await?;
        changed(); // anything missed before listening
        loop {
            listener.recv().await?;
            changed();
        }
    }

    /// Moves SQLite's WAL into the database file and truncates it (a no-op on PostgreSQL).
    /// SQLite's automatic checkpoints give up while readers hold old snapshots, so under
    /// constant reading the WAL grows without bound; this one waits its turn (within the busy
    /// timeout) for the readers of the moment to finish, then resets the file. Returns the
    /// pages that were in the WAL, or none when it could not finish this time.
    pub async fn checkpoint(&self) -> Result<Option<i64>, StoreError> {
        let Backend::Sqlite(db) = &self.backend else {
            return Ok(Some(0));
        };
        let (busy, log, _done): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&db.pool).await?;
        Ok((busy == 0).then_some(log))
    }
}
