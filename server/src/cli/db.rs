//! `--db`: where the database is, for every command.

use clap::Args;

use crate::store::Store;

/// Where the database is.
#[derive(Debug, Args)]
pub(crate) struct DbArgs {
    /// An SQLite database file, created with its folder when missing; or a PostgreSQL server's
    /// `postgres://user:password@host:port/database` URL (for several replicas on one database).
    #[arg(long, env = "OKUR_DB", default_value = "data/okur.db")]
    pub db: String,
}

impl DbArgs {
    /// Opens the store, or says which database could not be opened (never with its password).
    pub async fn open(&self) -> Result<(Store, bool), String> {
        Store::open(&self.db).await.map_err(|err| format!("cannot open the database {}: {err}", self.shown()))
    }

    /// The location as logs may show it: a URL's password is replaced by `***`.
    pub fn shown(&self) -> String {
        let db = &self.db;
        if !crate::store::is_postgres_url(db) {
            return db.clone();
        }
        let Some((scheme, rest)) = db.split_once("://") else { return db.clone() };
        match rest.split_once('@') {
            Some((user, host)) => {
                let user = user.split_once(':').map_or(user, |(name, _)| name);
                format!("{scheme}://{user}:***@{host}")
            }
            None => db.clone(),
        }
    }
}
