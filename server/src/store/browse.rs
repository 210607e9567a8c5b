//! Browsing the site: its sections and authors, each one's stories newest first, the front
//! page's lead story (pinned by an editor, else the newest), and what the sitemap lists of them.

use okur_types::ArticleSummary;

use super::model::{Shelf, ShelfRow};
use super::records::{SummaryRecord, SUMMARY_COLUMNS};
use super::{Backend, Inner, Listed, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Every section or every author (`section` or `author`) with published stories, most stories first.
    pub async fn shelves(&self, authors: bool) -> Result<Vec<ShelfRow>, StoreError> {
        let (slug, name) = if authors { ("author_slug", "author") } else { ("section", "category") };
        // The name is the newest story's: a renamed section shows its new name.
        let sql = format!(
            "SELECT s.slug, (SELECT b.{name} FROM articles b WHERE b.{slug} = s.slug AND b.published_at <= $1 \
             ORDER BY b.published_at DESC, b.id DESC LIMIT 1) AS name, s.count, s.latest \
             FROM (SELECT {slug} AS slug, COUNT(*) AS count, MAX(published_at) AS latest FROM articles \
             WHERE published_at <= $1 GROUP BY {slug}) s ORDER BY s.count DESC, s.slug"
        );
        Ok(sqlx::query_as(&sql).bind(Stamp::now().to_string()).fetch_all(&self.pool).await?)
    }

    /// A section's or an author's name, if it has a published story.
    pub async fn shelf_name(&self, shelf: Shelf<'_>) -> Result<Option<String>, StoreError> {
        let (column, name) = shelf.columns();
        let sql = format!(
            "SELECT {name} FROM articles WHERE {column} = $1 AND published_at <= $2 \
             ORDER BY published_at DESC, id DESC LIMIT 1"
        );
        Ok(sqlx::query_scalar(&sql).bind(shelf.slug()).bind(Stamp::now().to_string()).fetch_optional(&self.pool).await?)
    }

    /// How many stories a section or an author has published.
    pub async fn shelf_count(&self, shelf: Shelf<'_>) -> Result<u64, StoreError> {
        let (column, _) = shelf.columns();
        let sql = format!("SELECT COUNT(*) FROM articles WHERE {column} = $1 AND published_at <= $2");
        let n: i64 = sqlx::query_scalar(&sql).bind(shelf.slug()).bind(Stamp::now().to_string()).fetch_one(&self.pool).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// A page of a section's or an author's stories, newest first, after the story `after`
    /// names (from the start without one), and the next page's cursor.
    pub async fn shelf(&self, shelf: Shelf<'_>, after: Option<&str>, per_page: u32) -> Result<(Vec<ArticleSummary>, Option<String>), StoreError> {
        let (column, _) = shelf.columns();
        let now = Stamp::now().to_string();
        let limit = i64::from(per_page) + 1;
        let rows: Vec<SummaryRecord> = match after {
            None => {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.{column} = $1 AND a.published_at <= $2 \
                     ORDER BY a.published_at DESC, a.id DESC LIMIT $3"
                );
                sqlx::query_as(&sql).bind(shelf.slug()).bind(&now).bind(limit).fetch_all(&self.pool).await?
            }
            Some(slug) => {
                let at: Option<(String, i64)> = sqlx::query_as(&format!(
                    "SELECT published_at, id FROM articles WHERE slug = $1 AND {column} = $2"
                ))
                .bind(slug)
                .bind(shelf.slug())
                .fetch_optional(&self.pool)
                .await?;
                let Some((published_at, id)) = at else {
                    return Err(StoreError::UnknownCursor(Listed::Articles));
                };
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.{column} = $1 AND a.published_at <= $2 \
                     AND (a.published_at, a.id) < ($3, $4) ORDER BY a.published_at DESC, a.id DESC LIMIT $5"
                );
                sqlx::query_as(&sql)
                    .bind(shelf.slug())
                    .bind(&now)
                    .bind(published_at)
                    .bind(id)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        let more = rows.len() > per_page as usize;
        let items: Vec<ArticleSummary> =
            rows.into_iter().take(per_page as usize).map(|r| r.into_summary(&self.default_language)).collect();
        let next = more.then(|| items.last().map(|a| a.slug.clone())).flatten();
        Ok((items, next))
    }

    /// The stories published since `since` (a stored time), newest first, at most 1,000 (the
    /// Google News sitemap's limit).
    pub async fn published_since_time(&self, since: &str) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.published_at >= $1 AND a.published_at <= $2 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT 1000"
        );
        let rows: Vec<SummaryRecord> =
            sqlx::query_as(&sql).bind(since).bind(Stamp::now().to_string()).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|r| r.into_summary(&self.default_language)).collect())
    }

    /// The front page's lead story: the one an editor pinned last, else the newest.
    pub async fn lead(&self) -> Result<Option<ArticleSummary>, StoreError> {
        let now = Stamp::now().to_string();
        let pinned = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.pinned_at IS NOT NULL AND a.published_at <= $1 \
             ORDER BY a.pinned_at DESC LIMIT 1"
        );
        let newest = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.published_at <= $1 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT 1"
        );
        let mut row: Option<SummaryRecord> = sqlx::query_as(&pinned).bind(&now).fetch_optional(&self.pool).await?;
        if row.is_none() {
            row = sqlx::query_as(&newest).bind(&now).fetch_optional(&self.pool).await?;
        }
        Ok(row.map(|r| r.into_summary(&self.default_language)))
    }

    /// Pins a story as the front page's lead (`true`), unpinning any other, or unpins it;
    /// false when there is no such story.
    pub async fn pin(&self, slug: &str, pinned: bool) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(id) = found else {
            return Ok(false);
        };
        if pinned {
            sqlx::query("UPDATE articles SET pinned_at = NULL WHERE pinned_at IS NOT NULL AND id <> $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE articles SET pinned_at = $2 WHERE id = $1")
            .bind(id)
            .bind(pinned.then(|| Stamp::now().to_string()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
