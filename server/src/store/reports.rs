//! Readers' reports and editors' picks: a report held under the comment write lock with the
//! count of distinct open reports that may hold the comment; the open reports moderators read;
//! an article's picks.

use okur_types::comments::{Comment, ReportReason};
use okur_types::moderation::Reported;

use super::dialect::Dialect;
use super::model::{CommentState, EditRefused};
use super::records::CommentRecord;
use super::threads::COMMENT_COLUMNS;
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

/// The most picks an article shows.
pub const PICKS_MAX: i64 = 10;

queries! {
    /// Records `reporter`'s report of a shown comment of the article (once per reporter: a
    /// second report of theirs changes nothing) and holds the comment for moderation when
    /// `threshold` distinct readers have open reports on it. Whether it is held now.
    pub async fn report_comment(
        &self,
        article_id: i64,
        id: i64,
        reporter: &str,
        reason: ReportReason,
        note: Option<&str>,
        threshold: u32,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(article_id).execute(&mut *tx).await?;
        }
        let found: Option<(Option<i64>, CommentState)> =
            sqlx::query_as("SELECT root_id, status FROM comments WHERE id = $1 AND article_id = $2")
                .bind(id)
                .bind(article_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((root, CommentState::Published)) = found else {
            return Err(StoreError::EditRefused(EditRefused::NotFound));
        };
        sqlx::query(
            "INSERT INTO comment_reports (comment_id, reporter, reason, note, at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (comment_id, reporter) DO NOTHING",
        )
        .bind(id)
        .bind(reporter)
        .bind(reason.as_str())
        .bind(note)
        .bind(Stamp::now().to_string())
        .execute(&mut *tx)
        .await?;
        let open: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM comment_reports WHERE comment_id = $1 AND closed_at IS NULL")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let held = open >= i64::from(threshold.max(1));
        if held {
            // Out of view at once: a publication (live readers), and the counts move (caches).
            Self::set_status(&mut *tx, id, CommentState::Pending).await?;
            Self::queue_held(&mut *tx, id, Stamp::now()).await?;
            if let Some(root) = root {
                Self::recount_thread(&mut *tx, root).await?;
            }
        }
        tx.commit().await?;
        Ok(held)
    }

    /// The open reports of these comments, by comment and reason (most given first).
    pub async fn open_reports(&self, ids: &[i64]) -> Result<Vec<(i64, Reported)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are numbers the store gave: written into the query, one statement for a page.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(&format!(
            "SELECT comment_id, reason, note FROM comment_reports \
             WHERE closed_at IS NULL AND comment_id IN ({list}) ORDER BY comment_id, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(i64, Reported)> = Vec::new();
        for (id, reason, note) in rows {
            // The column's CHECK allows only known reasons.
            let Some(reason) = ReportReason::ALL.into_iter().find(|r| r.as_str() == reason) else { continue };
            let at = match out.iter().position(|(c, r)| *c == id && r.reason == reason) {
                Some(at) => at,
                None => {
                    out.push((id, Reported { reason, count: 0, notes: Vec::new() }));
                    out.len() - 1
                }
            };
            out[at].1.count += 1;
            out[at].1.notes.extend(note.filter(|n| !n.is_empty()));
        }
        out.sort_by(|(a, x), (b, y)| a.cmp(b).then(y.count.cmp(&x.count)));
        Ok(out)
    }

    /// An article's picks that are shown, the latest pick first (a pick takes a publication number).
    pub async fn article_picks(&self, article_id: i64) -> Result<Vec<Comment>, StoreError> {
        let rows: Vec<CommentRecord> = sqlx::query_as(&format!(
            "SELECT {COMMENT_COLUMNS} FROM comments WHERE article_id = $1 AND picked_at IS NOT NULL \
             AND status = 'published' ORDER BY picked_at DESC, published_seq DESC LIMIT $2"
        ))
        .bind(article_id)
        .bind(PICKS_MAX)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Comment::from).collect())
    }
}
