//! Reading counts: each article's views per hour (added in batches, nothing about who read),
//! and the "most read" list computed from them and kept, so that every server shows one list
//! and a change of it is one cache generation (`~most-read`).

use okur_types::ArticleSummary;

use super::dialect::Dialect;
use super::model::{hour_of, MOST_READ};
use super::records::{SummaryRecord, SUMMARY_COLUMNS};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Adds counted views: (article slug, hour, views). Slugs that name no article are ignored.
    pub async fn add_views(&self, counted: &[(String, String, i64)]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for (slug, hour, views) in counted {
            sqlx::query(
                "INSERT INTO article_views (article_id, hour, views) SELECT id, $2, $3 FROM articles WHERE slug = $1 \
                 ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views",
            )
            .bind(slug)
            .bind(hour)
            .bind(views)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Computes the most read stories of the last 24 hours (this hour and the 24 before it) and,
    /// when the list changed, keeps it and bumps its generation; forgets views older than two
    /// days. Returns whether the list changed.
    pub async fn refresh_most_read(&self) -> Result<bool, StoreError> {
        let now = Stamp::now();
        let since = hour_of(now.before(time::Duration::hours(24)));
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let top: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT v.article_id, CAST(SUM(v.views) AS BIGINT) AS total FROM article_views v \
             JOIN articles a ON a.id = v.article_id WHERE v.hour >= $1 AND a.published_at <= $2 \
             GROUP BY v.article_id ORDER BY total DESC, MAX(a.published_at) DESC, v.article_id DESC LIMIT $3",
        )
        .bind(&since)
        .bind(now.to_string())
        .bind(MOST_READ)
        .fetch_all(&mut *tx)
        .await?;
        let kept: Vec<i64> =
            sqlx::query_scalar("SELECT article_id FROM most_read ORDER BY position").fetch_all(&mut *tx).await?;
        let changed = kept != top.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        if changed {
            sqlx::query("DELETE FROM most_read").execute(&mut *tx).await?;
            for (position, (id, views)) in top.iter().enumerate() {
                sqlx::query("INSERT INTO most_read (position, article_id, views) VALUES ($1, $2, $3)")
                    .bind(position as i64)
                    .bind(id)
                    .bind(views)
                    .execute(&mut *tx)
                    .await?;
            }
            // The list's generation moves too: servers look for changes since the list's last.
            sqlx::query("UPDATE generations SET n = n + 1, at = n + 1 WHERE scope = ''").execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO generations (scope, n, at) VALUES ('~most-read', 1, (SELECT n FROM generations WHERE scope = '')) \
                 ON CONFLICT (scope) DO UPDATE SET n = generations.n + 1, at = excluded.at",
            )
            .execute(&mut *tx)
            .await?;
            if let Some(notify) = <Db as Dialect>::NOTIFY_GENERATIONS {
                sqlx::query(notify).execute(&mut *tx).await?;
            }
        }
        let forget = hour_of(now.before(time::Duration::hours(48)));
        sqlx::query("DELETE FROM article_views WHERE hour < $1").bind(forget).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// The most read stories as last computed, most read first.
    pub async fn most_read(&self) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM most_read m JOIN articles a ON a.id = m.article_id \
             WHERE a.published_at <= $1 ORDER BY m.position"
        );
        let rows: Vec<SummaryRecord> = sqlx::query_as(&sql).bind(Stamp::now().to_string()).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|r| r.into_summary(&self.default_language)).collect())
    }

    /// An article's views in all kept hours (for tests and the benchmark's check).
    pub async fn views_of(&self, slug: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(v.views), 0) AS BIGINT) FROM article_views v JOIN articles a ON a.id = v.article_id \
             WHERE a.slug = $1",
        )
        .bind(slug)
        .fetch_one(&self.pool)
        .await?)
    }
}
