//! All storage lives behind this module: SQLite by default (a file), PostgreSQL for a newsroom
//! that runs several `okur serve` replicas on one database (a `postgres://` URL). One interface,
//! [`Store`]; one set of queries per concern (articles, comments, moderation, budgets, the
//! site's own state), each written once and compiled for both databases by [`queries!`], which
//! also writes the `Store` method that calls it; migrations in two dialects.

mod dialect;
mod model;
mod records;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgPoolOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use self::desk_model::{DeskFilter, DeskRefused, DeskWrite, Expect, StoryRow, TokenInfo};
pub use self::model::{hour_of, Found, Shelf, ShelfRow, MOST_READ, SEARCH_DEPTH_MAX};
pub use self::model::{
    CommentEdit, CommentRow, CommentState, CommentTarget, EditRefused, ImportedComment, ImportedPost, Listing,
    MailAbout, MailKind, MailToken, ModerationRow, OutboxMail, OwnChange, Position, PostOutcome, PostSaved,
    Publication, Saved, TokenPurpose, TokenUse,
};

/// Writes a concern's queries once for both databases and, for each, the [`Store`] method that
/// runs it on whichever database the store has. Inside, `Db` names the database being compiled
/// (for [`dialect::Dialect`] and executors). The `private` part (helpers shared by the
/// concerns, types of their own) is compiled for both as well, and callable only here.
macro_rules! queries {
    (
        $(
            $(#[$meta:meta])*
            pub async fn $name:ident(&$self:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty $body:block
        )*
        $(private { $($private:tt)* })?
    ) => {
        impl Store {
            $(
                $(#[$meta])*
                pub async fn $name(&$self $(, $arg: $ty)*) -> $ret {
                    match &$self.backend {
                        Backend::Sqlite(db) => db.$name($($arg),*).await,
                        Backend::Postgres(db) => db.$name($($arg),*).await,
                    }
                }
            )*
        }

        /// The queries compiled for SQLite.
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            /// The database these queries are compiled for.
            type Db = sqlx::Sqlite;
            impl Inner<Db> {
                $( $(#[$meta])* pub(in crate::store) async fn $name(&$self $(, $arg: $ty)*) -> $ret $body )*
            }
            $($($private)*)?
        }

        /// The queries compiled for PostgreSQL.
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            /// The database these queries are compiled for.
            type Db = sqlx::Postgres;
            impl Inner<Db> {
                $( $(#[$meta])* pub(in crate::store) async fn $name(&$self $(, $arg: $ty)*) -> $ret $body )*
            }
            $($($private)*)?
        }
    };
}

mod articles;
mod browse;
mod budgets;
mod columns;
mod comments;
mod desk;
mod desk_model;
mod edits;
mod media;
mod moderation;
mod outbox;
mod reports;
mod search;
mod site;
mod staff;
pub mod subscriptions;
mod threads;
mod tokens;
mod views;

/// What can go wrong below the HTTP layer: what was asked for is not there, a write broke a
/// rule only the database can check, or the database itself failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// What was asked for is not there.
    #[error("not found: {0:?}")]
    NotFound(Missing),
    /// A page's cursor (`after`) names nothing in that list (any more).
    #[error("unknown cursor in the list of {0:?}")]
    UnknownCursor(Listed),
    /// A reply's parent is not a published comment of the same article.
    #[error("no such parent comment")]
    UnknownParent,
    /// The same name and text on the same article within ten minutes.
    #[error("duplicate comment")]
    Duplicate,
    /// An author's change of their comment was refused.
    #[error("change of a comment refused: {0:?}")]
    EditRefused(EditRefused),
    /// A shared budget is spent for now.
    #[error("over budget for {wait_ms} ms")]
    OverBudget {
        /// Milliseconds until it may be taken from again.
        wait_ms: i64,
    },
    /// The database answered with an error or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database's folder could not be made.
    #[error("could not create {path}: {source}")]
    Io {
        /// The folder that could not be made.
        path: String,
        /// Why not.
        source: std::io::Error,
    },
    /// A stored body is not the JSON this version writes.
    #[error("the stored body of article {slug:?} is unreadable: {source}")]
    CorruptBody {
        /// The article whose body is broken.
        slug: String,
        /// The JSON error.
        source: serde_json::Error,
    },
}

/// What a lookup did not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No article (published by now) with this slug.
    Article(String),
    /// No published top-level comment with this id on the article.
    Thread(i64),
}

/// The list a cursor was meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// The articles, newest first.
    Articles,
    /// An article's threads.
    Threads,
    /// A thread's replies.
    Replies,
}

/// One database's pool and the store's settings; its queries are in the concern modules.
#[derive(Debug)]
struct Inner<DB: sqlx::Database> {
    pool: sqlx::Pool<DB>,
    /// The language of articles that do not name theirs: the site's (`okur serve --locale`).
    default_language: Arc<str>,
}

// By hand: derive would ask the database type itself to be Clone.
impl<DB: sqlx::Database> Clone for Inner<DB> {
    fn clone(&self) -> Self {
        Inner { pool: self.pool.clone(), default_language: self.default_language.clone() }
    }
}

/// The database behind a store.
#[derive(Debug, Clone)]
enum Backend {
    /// An SQLite file.
    Sqlite(Inner<Sqlite>),
    /// A PostgreSQL server.
    Postgres(Inner<Postgres>),
}

/// A handle on the database, cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

/// Whether a looked-up name could be stored at all: PostgreSQL refuses text with NUL in it (an
/// error, where the answer is simply "no such thing").
fn storable(name: &str) -> bool {
    !name.contains('\0')
}

/// Whether a `--db` value names a PostgreSQL server rather than an SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The size an SQLite WAL is truncated to after each checkpoint.
pub const WAL_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// How much of an SQLite database is read through a memory map (address space, not memory:
/// the pages stay the operating system's to keep or drop).
const MMAP_SIZE: u64 = 1024 * 1024 * 1024;

impl Store {
    /// Opens and migrates the database at `location`: a `postgres://` URL, or an SQLite file
    /// (created with its folder when missing). Returns whether the database was new, so that
    /// the caller can seed it.
    pub async fn open(location: &str) -> Result<(Store, bool), StoreError> {
        if is_postgres_url(location) {
            Self::open_postgres(location).await
        } else {
            Self::open_sqlite(Path::new(location)).await
        }
    }

    /// Opens an SQLite file.
    async fn open_sqlite(path: &Path) -> Result<(Store, bool), StoreError> {
        let created = !path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::Io { path: dir.display().to_string(), source })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            // WAL lets `okur import` write while `okur serve` reads; the busy timeout makes
            // a writer wait for the other instead of failing.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // After a checkpoint the WAL is cut back to this size (it would otherwise keep the
            // largest size it ever reached).
            .pragma("journal_size_limit", WAL_SIZE_LIMIT.to_string())
            // Reads through a memory map share the operating system's cache among the
            // connections instead of copying every page into each one's own (a search reads
            // many pages of the index).
            .pragma("mmap_size", MMAP_SIZE.to_string());
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let store = Store { backend: Backend::Sqlite(Inner { pool, default_language: "tr".into() }) };
        store.reindex().await?;
        Ok((store, created))
    }

    /// Opens a PostgreSQL database. Several replicas may start at once: sqlx takes an advisory
    /// lock around the migrations, so each is applied once.
    async fn open_postgres(url: &str) -> Result<(Store, bool), StoreError> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        let created: bool = sqlx::query_scalar("SELECT to_regclass('articles') IS NULL").fetch_one(&pool).await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let store = Store { backend: Backend::Postgres(Inner { pool, default_language: "tr".into() }) };
        store.reindex().await?;
        Ok((store, created))
    }

    /// The same store, with articles that name no language reported in `language`.
    pub fn with_default_language(mut self, language: &str) -> Self {
        match &mut self.backend {
            Backend::Sqlite(inner) => inner.default_language = language.into(),
            Backend::Postgres(inner) => inner.default_language = language.into(),
        }
        self
    }

    /// Whether several servers may share this database (PostgreSQL): then state that must hold
    /// across them, such as the comment budgets, lives in it.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Closes the pool (on SQLite, checkpointing the WAL).
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(db) => db.pool.close().await,
            Backend::Postgres(db) => db.pool.close().await,
        }
    }
}
