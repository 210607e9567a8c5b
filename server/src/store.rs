//! All storage lives behind this module: SQLite today, written in portable SQL so that
//! PostgreSQL can follow for multi-server deployments.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use okur_types::{Article, ArticleSummary, Block, Image};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqlitePool};

use crate::content::now_rfc3339;

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
const SUMMARY_COLUMNS: &str = "a.slug, a.title, a.summary, a.published_at, a.author, a.category, \
     a.image_src, a.image_alt, \
     (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'published') AS comment_count";

/// Whether storing an article made a new one or replaced one with the same slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// A new article.
    Created,
    /// An existing article, updated in place.
    Updated,
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
    /// The lead image.
    pub image: Option<Image>,
    /// The blocks of the body.
    pub body: Vec<Block>,
    /// Whether readers may comment.
    pub comments_open: bool,
}

/// A handle on the database, cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating it and its folder when missing) and migrates the database at `path`.
    /// Returns whether the file was new, so that the caller can seed it.
    pub async fn open(path: &Path) -> Result<(Store, bool), StoreError> {
        let created = !path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            // WAL lets `okur import` write while `okur serve` reads; the busy timeout makes
            // a writer wait for the other instead of failing.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok((Store { pool }, created))
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// One page of articles, newest first, and how many there are in all.
    pub async fn list_articles(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<ArticleSummary>, u64), StoreError> {
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $1 OFFSET $2"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::from(per_page))
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(summary_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.pool)
            .await?;
        Ok((items, u64::try_from(total).unwrap_or(0)))
    }

    /// The whole article with this slug, if there is one.
    pub async fn article(&self, slug: &str) -> Result<Option<Article>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, a.body, a.comments_open FROM articles a WHERE a.slug = $1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let body: String = row.try_get("body")?;
        let body = serde_json::from_str(&body).map_err(|source| StoreError::CorruptBody {
            slug: summary.slug.clone(),
            source,
        })?;
        Ok(Some(Article {
            summary,
            body,
            comments_open: row.try_get("comments_open")?,
        }))
    }

    /// Writes these articles in one transaction: all of them, or none if anything fails.
    /// An article whose slug exists replaces the stored one.
    pub async fn save_articles(&self, articles: &[NewArticle]) -> Result<Vec<Saved>, StoreError> {
        let now = now_rfc3339();
        let mut tx = self.pool.begin().await?;
        let mut outcomes = Vec::with_capacity(articles.len());
        for article in articles {
            let body =
                serde_json::to_string(&article.body).map_err(|source| StoreError::CorruptBody {
                    slug: article.slug.clone(),
                    source,
                })?;
            let (image_src, image_alt) = match &article.image {
                Some(image) => (Some(image.src.as_str()), Some(image.alt.as_str())),
                None => (None, None),
            };
            let columns = Columns {
                article,
                image_src,
                image_alt,
                body: &body,
                now: &now,
            };
            // UPDATE first, so that the transaction takes the write lock at its first statement
            // and a concurrent writer waits for it instead of failing on a lock upgrade.
            let updated = columns
                .bind(
                    "UPDATE articles SET title = $2, summary = $3, published_at = $4, author = $5, \
                     category = $6, image_src = $7, image_alt = $8, body = $9, comments_open = $10, \
                     updated_at = $11 WHERE slug = $1",
                )
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() > 0 {
                outcomes.push(Saved::Updated);
                continue;
            }
            columns
                .bind(
                    "INSERT INTO articles (slug, title, summary, published_at, author, category, \
                     image_src, image_alt, body, comments_open, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
                )
                .execute(&mut *tx)
                .await?;
            outcomes.push(Saved::Created);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Adds a published comment to an article; used to seed the demo site.
    pub async fn add_published_comment(
        &self,
        slug: &str,
        author_name: &str,
        body: &str,
        created_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO comments (article_id, author_name, body, status, created_at) \
             SELECT id, $2, $3, 'published', $4 FROM articles WHERE slug = $1",
        )
        .bind(slug)
        .bind(author_name)
        .bind(body)
        .bind(created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The values an article write binds, as `$1`–`$11` in this order: slug, title, summary,
/// published_at, author, category, image_src, image_alt, body, comments_open, now.
#[derive(Clone, Copy)]
struct Columns<'a> {
    article: &'a NewArticle,
    image_src: Option<&'a str>,
    image_alt: Option<&'a str>,
    body: &'a str,
    now: &'a str,
}

impl<'a> Columns<'a> {
    /// A query with all eleven values bound.
    fn bind(
        self,
        sql: &'a str,
    ) -> sqlx::query::Query<'a, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'a>> {
        let a = self.article;
        sqlx::query(sql)
            .bind(&a.slug)
            .bind(&a.title)
            .bind(&a.summary)
            .bind(&a.published_at)
            .bind(&a.author)
            .bind(&a.category)
            .bind(self.image_src)
            .bind(self.image_alt)
            .bind(self.body)
            .bind(a.comments_open)
            .bind(self.now)
    }
}

/// Reads the summary columns of one row.
fn summary_from_row(row: &SqliteRow) -> Result<ArticleSummary, StoreError> {
    let image_src: Option<String> = row.try_get("image_src")?;
    let image_alt: Option<String> = row.try_get("image_alt")?;
    let comment_count: i64 = row.try_get("comment_count")?;
    Ok(ArticleSummary {
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        published_at: row.try_get("published_at")?,
        author: row.try_get("author")?,
        category: row.try_get("category")?,
        comment_count: u32::try_from(comment_count).unwrap_or(u32::MAX),
        image: image_src.map(|src| Image {
            src,
            alt: image_alt.unwrap_or_default(),
        }),
    })
}
