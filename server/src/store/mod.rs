//! All storage lives behind this module: SQLite by default (a file), PostgreSQL for a newsroom
//! that runs several `okur serve` replicas on one database (a `postgres://` URL). One interface,
//! one set of queries (`queries.rs`, compiled for each), migrations in two dialects.

mod queries;
mod records;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use okur_types::comments::{Comment, CommentOrder, CommentPlace, Replies};
use okur_types::moderation::{Action, Decision, Queue, QueuedComment, Story};

use crate::content::Stamp;
use okur_types::{Article, ArticleSummary, Block, Image, Page};
use sqlx::postgres::{PgPoolOptions, Postgres};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// What can go wrong below the HTTP layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
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

/// The columns every article query selects, with the live comment count.
pub(crate) const SUMMARY_COLUMNS: &str = "a.slug, a.title, a.summary, a.published_at, a.author, a.category, \
     a.language, a.image_src, a.image_alt, a.comment_count";

/// Whether storing an article made a new one or replaced one with the same slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// A new article.
    Created,
    /// An existing article, updated in place.
    Updated,
}

/// A WordPress post to store (`crate::wxr::import`): the article, its old addresses and its
/// comments, all keyed by WordPress ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPost {
    /// WordPress's id of the post.
    pub wp_id: i64,
    /// The article; its slug is a wish (a taken one gets `-2`, `-3`, …).
    pub article: NewArticle,
    /// A hash of the article as mapped: the same hash on a later import means no change.
    pub hash: String,
    /// Keys of its old addresses (`/2025/12/13/slug`, `?p=123`).
    pub links: Vec<String>,
    /// Its comments, in any order.
    pub comments: Vec<ImportedComment>,
}

/// A WordPress comment to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedComment {
    /// WordPress's id of the comment.
    pub wp_id: i64,
    /// WordPress's id of the comment it answers.
    pub wp_parent: Option<i64>,
    /// The name.
    pub author_name: String,
    /// The address, never shown.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// When it was written, as stored.
    pub created_at: String,
    /// Published or held.
    pub status: CommentState,
    /// What duplicates of it share.
    pub duplicate_key: String,
}

/// What storing a WordPress post did to its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostSaved {
    /// A new article.
    #[default]
    Created,
    /// The article okur had, changed.
    Updated,
    /// The article okur had, as it was.
    Unchanged,
}

/// What storing a WordPress post did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PostOutcome {
    /// The article.
    pub article: PostSaved,
    /// New published comments.
    pub comments_published: u32,
    /// New comments held for moderation.
    pub comments_held: u32,
    /// Comments okur had already.
    pub comments_existing: u32,
}

/// An article as it is written: everything but the derived comment count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    /// The URL name, unique.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// The list text.
    pub summary: String,
    /// RFC 3339, UTC, with a trailing `Z`.
    pub published_at: String,
    /// The byline.
    pub author: String,
    /// The section.
    pub category: String,
    /// The language it is written in; none means the site's.
    pub language: Option<String>,
    /// The lead image.
    pub image: Option<Image>,
    /// The blocks of the body.
    pub body: Vec<Block>,
    /// Whether readers may comment.
    pub comments_open: bool,
}

/// What the comment section needs to know about an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentTarget {
    /// The article's row id.
    pub article_id: i64,
    /// Whether it takes comments.
    pub comments_open: bool,
}

/// A comment to store, already checked and normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    /// The article's row id.
    pub article_id: i64,
    /// The comment it answers, as asked.
    pub parent_id: Option<i64>,
    /// What duplicates of it share (`crate::text::duplicate_key`).
    pub duplicate_key: String,
    /// The name.
    pub author_name: String,
    /// The address, never shown.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// Published at once, or held.
    pub status: CommentState,
}

/// Why a comment was not stored.
#[derive(Debug, thiserror::Error)]
pub enum CommentRejected {
    /// The parent is not a published comment of the same article.
    #[error("no such parent comment")]
    UnknownParent,
    /// The same name and text on the same article within ten minutes.
    #[error("duplicate comment")]
    Duplicate,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where a page of a list starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// The n-th page (from 1), counted from the start: for numbered links.
    Page(u32),
    /// After the item a previous answer's `next` named: one index range scan however deep.
    After(String),
}

impl Position {
    /// The page number an answer reports: the page's, or 0 for a page after a cursor.
    pub fn number(&self) -> u32 {
        match self {
            Position::Page(page) => *page,
            Position::After(_) => 0,
        }
    }
}

/// The time one post takes from a budget of `limit` per `window_ms` (the cell rate's step).
fn budget_step(limit: u32, window_ms: i64) -> i64 {
    window_ms / i64::from(limit.max(1))
}

/// A page of a list: its items, how many there are in all, and the cursor of the next page.
pub type Listing<T> = (Vec<T>, u64, Option<String>);

/// The reply a request for more replies continues after is not in that thread (any more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCursor;

/// A comment as moderators see it: with status, article and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModerationRow {
    /// The comment.
    pub comment: Comment,
    /// Where it stands.
    pub status: CommentState,
    /// The article's slug.
    pub slug: String,
    /// The author's address, if given.
    pub author_email: Option<String>,
}

/// Where a comment stands; stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentState {
    /// Shown to everyone.
    Published,
    /// Waiting for a moderator.
    Pending,
    /// Hidden by a moderator (kept, never shown).
    Rejected,
}

impl CommentState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentState::Published => "published",
            CommentState::Pending => "pending",
            CommentState::Rejected => "rejected",
        }
    }
}

impl std::fmt::Display for CommentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommentState {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "published" => Ok(CommentState::Published),
            "pending" => Ok(CommentState::Pending),
            "rejected" => Ok(CommentState::Rejected),
            other => Err(format!("{other:?} is not a comment status")),
        }
    }
}

// The column is text on both databases: the enum reads and writes it as a string.
impl<DB: sqlx::Database> sqlx::Type<DB> for CommentState
where
    str: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <str as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <str as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for CommentState
where
    &'q str: sqlx::Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for CommentState
where
    &'r str: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(<&'r str as sqlx::Decode<'r, DB>>::decode(value)?.parse()?)
    }
}

/// What differs between the two databases, beyond the migrations.
trait Dialect {
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
    // The write lock is held: nobody else can take it meanwhile.
    const NEXT_COMMENT_ID: &'static str = "(SELECT COALESCE(MAX(id), 0) + 1 FROM comments)";
    const NEXT_PUBLICATION: &'static str = "(SELECT COALESCE(MAX(published_seq), 0) + 1 FROM comments)";
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

/// One database's pool and the store's settings; its queries are in `queries.rs`.
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

/// Calls the same query method on whichever database the store has.
macro_rules! on_backend {
    ($self:ident, $inner:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($inner) => $call,
            Backend::Postgres($inner) => $call,
        }
    };
}

/// A handle on the database, cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

/// The size an SQLite WAL is truncated to after each checkpoint.
pub const WAL_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// How often a serving process checkpoints SQLite's WAL into the database (see
/// [`Store::checkpoint`]).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// Whether a looked-up name could be stored at all: PostgreSQL refuses text with NUL in it (an
/// error, where the answer is simply "no such thing").
fn storable(name: &str) -> bool {
    !name.contains('\0')
}

/// Whether a `--db` value names a PostgreSQL server rather than an SQLite file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

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
            .pragma("journal_size_limit", WAL_SIZE_LIMIT.to_string());
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok((Store { backend: Backend::Sqlite(Inner { pool, default_language: "tr".into() }) }, created))
    }

    /// Opens a PostgreSQL database. Several replicas may start at once: sqlx takes an advisory
    /// lock around the migrations, so each is applied once.
    async fn open_postgres(url: &str) -> Result<(Store, bool), StoreError> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        let created: bool = sqlx::query_scalar("SELECT to_regclass('articles') IS NULL").fetch_one(&pool).await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok((Store { backend: Backend::Postgres(Inner { pool, default_language: "tr".into() }) }, created))
    }

    /// The same store, with articles that name no language reported in `language`.
    pub fn with_default_language(mut self, language: &str) -> Self {
        match &mut self.backend {
            Backend::Sqlite(inner) => inner.default_language = language.into(),
            Backend::Postgres(inner) => inner.default_language = language.into(),
        }
        self
    }

    /// Every article's slug and last change, newest first, for the sitemap.
    pub async fn sitemap(&self) -> Result<Vec<(String, String)>, StoreError> {
        on_backend!(self, db => db.sitemap().await)
    }

    /// Claims a one-time fact about the site (`demo-seeded`): true for the one caller, of all
    /// servers on this database, that claimed it first.
    pub async fn claim(&self, key: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.claim(key).await)
    }

    /// The cache scopes (the article list `""`, or an article's slug) that changed since the
    /// list's generation `since`, with their generation and the list's at that change
    /// (`crate::cache`). `since` -1 gives them all.
    pub async fn generations_since(&self, since: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
        on_backend!(self, db => db.generations_since(since).await)
    }

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

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_backend!(self, db => db.ping().await)
    }

    /// One page of articles, newest first, how many there are in all and the next page's
    /// cursor; an unknown cursor (`Position::After` a slug that is not there) is an error.
    pub async fn list_articles(
        &self,
        position: &Position,
        per_page: u32,
    ) -> Result<Result<Listing<ArticleSummary>, UnknownCursor>, StoreError> {
        on_backend!(self, db => db.list_articles(position, per_page).await)
    }

    /// The whole article with this slug, if there is one.
    pub async fn article(&self, slug: &str) -> Result<Option<Article>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        on_backend!(self, db => db.article(slug).await)
    }

    /// Writes these articles in one transaction: all of them, or none if anything fails.
    /// An article whose slug exists replaces the stored one.
    pub async fn save_articles(&self, articles: &[NewArticle]) -> Result<Vec<Saved>, StoreError> {
        on_backend!(self, db => db.save_articles(articles).await)
    }

    /// Stores one WordPress post with its old addresses and new comments, in one transaction.
    pub async fn import_post(&self, post: &ImportedPost) -> Result<PostOutcome, StoreError> {
        on_backend!(self, db => db.import_post(post).await)
    }

    /// The slug of the article an old address key leads to, if any.
    pub async fn old_link(&self, key: &str) -> Result<Option<String>, StoreError> {
        on_backend!(self, db => db.old_link(key).await)
    }

    /// The next scheduled article, as (slug, when it is due), if there is one.
    pub async fn next_scheduled(&self) -> Result<Option<(String, String)>, StoreError> {
        on_backend!(self, db => db.next_scheduled().await)
    }

    /// Marks an article changed so that every server's cache lets its answers go.
    pub async fn touch_article(&self, slug: &str) -> Result<(), StoreError> {
        on_backend!(self, db => db.touch_article(slug).await)
    }

    /// Carries out a decision on a comment and writes it to the audit trail, in one
    /// transaction; false when there is no such comment.
    pub async fn moderate_comment(&self, id: i64, action: Action, moderator: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.moderate_comment(id, action, moderator).await)
    }

    /// Opens or closes an article to comments, with a line in the audit trail; false when there
    /// is no such article.
    pub async fn open_comments(&self, slug: &str, open: bool, moderator: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.open_comments(slug, open, moderator).await)
    }

    /// Where a visible comment of the article is shown; none when it is not there.
    pub async fn comment_place(&self, article_id: i64, id: i64) -> Result<Option<CommentPlace>, StoreError> {
        on_backend!(self, db => db.comment_place(article_id, id).await)
    }

    /// An article's comments that became visible after publication number `after`, in order.
    pub async fn published_since(
        &self,
        article_id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Comment)>, StoreError> {
        on_backend!(self, db => db.published_since(article_id, after, limit).await)
    }

    /// An article's latest publication number (0 before any).
    pub async fn latest_publication(&self, article_id: i64) -> Result<i64, StoreError> {
        on_backend!(self, db => db.latest_publication(article_id).await)
    }

    /// Adds a moderator (with a password hash); false when the name is taken.
    pub async fn add_moderator(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.add_moderator(name, hash).await)
    }

    /// The moderators: name, since when, open sessions.
    pub async fn moderators(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        on_backend!(self, db => db.moderators().await)
    }

    /// Removes a moderator and their sessions; false when there is none by that name.
    pub async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.remove_moderator(name).await)
    }

    /// Sets a moderator's password hash and ends their sessions; false when there is none.
    pub async fn set_moderator_password(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
        on_backend!(self, db => db.set_moderator_password(name, hash).await)
    }

    /// A moderator's id and password hash.
    pub async fn moderator_hash(&self, name: &str) -> Result<Option<(i64, String)>, StoreError> {
        on_backend!(self, db => db.moderator_hash(name).await)
    }

    /// Opens a session (stored by its token's hash) with its CSRF token.
    pub async fn open_session(&self, token_hash: &str, moderator_id: i64, csrf: &str) -> Result<(), StoreError> {
        on_backend!(self, db => db.open_session(token_hash, moderator_id, csrf).await)
    }

    /// A live session's moderator and CSRF token, marked used now.
    pub async fn session(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError> {
        on_backend!(self, db => db.session(token_hash).await)
    }

    /// Ends a session.
    pub async fn close_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_backend!(self, db => db.close_session(token_hash).await)
    }

    /// Failed logins of a key (`account:NAME`, `address:KEY`) in the current window.
    pub async fn login_failures(&self, key: &str) -> Result<Option<(i64, String)>, StoreError> {
        on_backend!(self, db => db.login_failures(key).await)
    }

    /// Counts a failed login; the window's count.
    pub async fn fail_login(&self, key: &str) -> Result<i64, StoreError> {
        on_backend!(self, db => db.fail_login(key).await)
    }

    /// Forgets a key's failed logins.
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        on_backend!(self, db => db.clear_login_failures(key).await)
    }

    /// The audit trail, newest first: of one comment, or the latest `limit` decisions.
    pub async fn decisions(&self, comment_id: Option<i64>, limit: u32) -> Result<Vec<Decision>, StoreError> {
        on_backend!(self, db => db.decisions(comment_id, limit).await)
    }

    /// Held comments (oldest first) or recent published ones (newest first), across articles.
    pub async fn moderation_queue(&self, queue: Queue, limit: u32) -> Result<Vec<QueuedComment>, StoreError> {
        on_backend!(self, db => db.moderation_queue(queue, limit).await)
    }

    /// The latest stories, newest first, with whether they take comments and how many wait.
    pub async fn stories(&self, limit: u32) -> Result<Vec<Story>, StoreError> {
        on_backend!(self, db => db.stories(limit).await)
    }

    /// Adds a published top-level comment to an article, as given (the demo seed).
    pub async fn add_published_comment(
        &self,
        slug: &str,
        author_name: &str,
        body: &str,
        created_at: &str,
    ) -> Result<(), StoreError> {
        on_backend!(self, db => db.add_published_comment(slug, author_name, body, created_at).await)
    }

    /// The article a comment would go under, if it exists.
    pub async fn comment_target(&self, slug: &str) -> Result<Option<CommentTarget>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        on_backend!(self, db => db.comment_target(slug).await)
    }

    /// One page of an article's threads as the API and the pages show it; none for an unknown
    /// article.
    pub async fn comment_page(
        &self,
        slug: &str,
        position: &Position,
        per_page: u32,
        order: CommentOrder,
    ) -> Result<Option<Result<Page<Comment>, UnknownCursor>>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        on_backend!(self, db => db.comment_page(slug, position, per_page, order).await)
    }

    /// One page of threads: `per_page` top-level comments in `order`, each followed by its
    /// first replies, and how many threads there are.
    pub async fn list_comments(
        &self,
        article_id: i64,
        position: &Position,
        per_page: u32,
        order: CommentOrder,
    ) -> Result<Result<Listing<Comment>, UnknownCursor>, StoreError> {
        on_backend!(self, db => db.list_comments(article_id, position, per_page, order).await)
    }

    /// Up to `limit` replies of the thread under `root` after reply `after`; none when `root`
    /// is not a published top-level comment of the article.
    pub async fn replies(
        &self,
        article_id: i64,
        root: i64,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Option<Result<Replies, UnknownCursor>>, StoreError> {
        on_backend!(self, db => db.replies(article_id, root, after, limit).await)
    }

    /// Stores a comment (see the rules in `queries.rs`); with `keep` false everything is
    /// checked and answered, and nothing is stored.
    pub async fn add_comment(
        &self,
        row: &CommentRow,
        now: Stamp,
        window_start: Stamp,
        keep: bool,
    ) -> Result<Comment, CommentRejected> {
        on_backend!(self, db => db.add_comment(row, now, window_start, keep).await)
    }

    /// Comments for moderators, newest first: all, or only pending ones, of one article or all.
    pub async fn moderation_list(
        &self,
        pending_only: bool,
        slug: Option<&str>,
    ) -> Result<Vec<ModerationRow>, StoreError> {
        if !slug.is_none_or(storable) {
            return Ok(Vec::new());
        }
        on_backend!(self, db => db.moderation_list(pending_only, slug).await)
    }

    /// Whether several servers may share this database (PostgreSQL): then state that must hold
    /// across them, such as the comment budgets, lives in it.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Takes one post from a shared budget of `limit` per `window_ms` for `client`, or says how
    /// many milliseconds until it may post again (the cell rate algorithm of
    /// `crate::client`, in one statement, by the database's clock). SQLite keeps none: false.
    pub async fn take_from_budget(
        &self,
        budget: &str,
        client: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(Ok(()));
        };
        let step = budget_step(limit, window_ms);
        let taken: Option<i64> = sqlx::query_scalar(
            "WITH now AS (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT AS ms) \
             INSERT INTO budgets (budget, client, full_at) SELECT $1, $2, ms + $3 FROM now \
             ON CONFLICT (budget, client) DO UPDATE \
             SET full_at = GREATEST(budgets.full_at, (SELECT ms FROM now)) + $3 \
             WHERE budgets.full_at - (SELECT ms FROM now) <= $4 - $3 \
             RETURNING full_at",
        )
        .bind(budget)
        .bind(client)
        .bind(step)
        .bind(window_ms)
        .fetch_optional(&db.pool)
        .await?;
        if taken.is_some() {
            return Ok(Ok(()));
        }
        let wait = self.budget_wait(budget, client, limit, window_ms).await?;
        Ok(Err(wait.max(1)))
    }

    /// Milliseconds until `client` may take from a shared budget again (0: now).
    pub async fn budget_wait(&self, budget: &str, client: &str, limit: u32, window_ms: i64) -> Result<i64, StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(0);
        };
        let step = budget_step(limit, window_ms);
        let wait: Option<i64> = sqlx::query_scalar(
            "SELECT full_at - (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT - ($3 - $4) \
             FROM budgets WHERE budget = $1 AND client = $2",
        )
        .bind(budget)
        .bind(client)
        .bind(window_ms)
        .bind(step)
        .fetch_optional(&db.pool)
        .await?;
        Ok(wait.unwrap_or(0).max(0))
    }

    /// Gives one post back to a shared budget (the post was refused after all).
    pub async fn give_back_to_budget(
        &self,
        budget: &str,
        client: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<(), StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(());
        };
        sqlx::query("UPDATE budgets SET full_at = full_at - $3 WHERE budget = $1 AND client = $2")
            .bind(budget)
            .bind(client)
            .bind(budget_step(limit, window_ms))
            .execute(&db.pool)
            .await?;
        Ok(())
    }

    /// Forgets budgets that are full again anyway, so the table holds only recent clients.
    pub async fn prune_budgets(&self) -> Result<u64, StoreError> {
        let Backend::Postgres(db) = &self.backend else {
            return Ok(0);
        };
        let done =
            sqlx::query("DELETE FROM budgets WHERE full_at < (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT")
                .execute(&db.pool)
                .await?;
        Ok(done.rows_affected())
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

    /// Checkpoints every [`CHECKPOINT_EVERY`] for as long as the process serves.
    pub fn keep_checkpointing(&self) {
        if !matches!(self.backend, Backend::Sqlite(_)) {
            return;
        }
        let store = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(CHECKPOINT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                match store.checkpoint().await {
                    Ok(Some(pages)) if pages > 0 => tracing::debug!(pages, "WAL checkpointed"),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "WAL checkpoint failed"),
                }
            }
        });
    }

    /// The database's own check of what it stores: `ok`, or the first problem found.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        on_backend!(self, db => db.integrity_check().await)
    }

    /// Closes the pool (on SQLite, checkpointing the WAL).
    pub async fn close(&self) {
        on_backend!(self, db => db.pool.close().await)
    }
}

/// The columns of a [`Comment`].
pub(crate) const COMMENT_COLUMNS: &str = "id, parent_id, depth, author_name, body, created_at";

/// A thread's shown replies (published, under a published parent) in display order, by the
/// stored thread key; `$1` is the top-level comment. Callers add the range and the limit.
// The parent by a join, not EXISTS: PostgreSQL's generic plan would hash every published
// comment for the EXISTS instead of looking up the few parents a page needs.
pub(crate) const REPLIES_IN_ORDER: &str = "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, \
     c.root_id, c.thread_key FROM comments c JOIN comments p ON p.id = c.parent_id \
     WHERE c.root_id = $1 AND c.status = 'published' AND (c.depth = 2 OR p.status = 'published')";
