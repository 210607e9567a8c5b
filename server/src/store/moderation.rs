//! The moderators' queries: the queue and decisions with their audit trail, opening and
//! closing stories, the names readers may not take.

use okur_types::moderation::{Action, Decision, Queue, QueuedComment, Story};

use super::dialect::Dialect;
use super::model::{CommentState, ModerationRow};
use super::records::{DecisionRecord, ModerationRecord, QueueRecord, StoryRecord};
use super::{storable, Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

/// The comment a moderator decides on, as it was.
#[derive(Debug, sqlx::FromRow)]
struct Decided {
    root_id: Option<i64>,
    slug: String,
    article_id: i64,
    withdrawn_at: Option<String>,
    parent_id: Option<i64>,
    author_email: Option<String>,
    status: String,
}

queries! {
    /// Comments for moderators, newest first: all, or only pending ones, of one article or all.
    pub async fn moderation_list(
        &self,
        pending_only: bool,
        slug: Option<&str>,
    ) -> Result<Vec<ModerationRow>, StoreError> {
        if !slug.is_none_or(storable) {
            return Ok(Vec::new());
        }
        let sql = "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.staff, c.edited_at, c.picked_at IS NOT NULL AS picked, c.status, \
             c.author_email, a.slug FROM comments c JOIN articles a ON a.id = c.article_id \
             WHERE ($1 = 0 OR c.status = 'pending') AND ($2 IS NULL OR a.slug = $2) \
             ORDER BY c.created_at DESC, c.id DESC";
        let rows: Vec<ModerationRecord> =
            sqlx::query_as(sql).bind(i64::from(pending_only)).bind(slug).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(ModerationRow::from).collect())
    }

    /// Carries out a decision on a comment and writes it to the audit trail, in one
    /// transaction; false when there is no such comment.
    pub async fn moderate_comment(&self, id: i64, action: Action, moderator: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let found: Option<Decided> = sqlx::query_as(
            "SELECT c.root_id, a.slug, a.id AS article_id, c.withdrawn_at, c.parent_id, c.author_email, c.status \
             FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(Decided { root_id: root, slug, article_id, withdrawn_at: withdrawn, parent_id: parent, author_email: email, status: status_was }) =
            found
        else {
            return Ok(false);
        };
        // What its author took back is theirs: no approval shows it again.
        if withdrawn.is_some() && action == Action::Approve {
            return Ok(false);
        }
        // Publications on one article are numbered in the order they commit.
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(article_id).execute(&mut *tx).await?;
        }
        match action {
            Action::Approve | Action::Reject => {
                let status =
                    if action == Action::Approve { CommentState::Published } else { CommentState::Rejected };
                Self::set_status(&mut *tx, id, status).await?;
                // A held reply's email goes when it is shown, once however often it is approved.
                if let (Action::Approve, Some(answered), "pending") = (action, parent, status_was.as_str()) {
                    Self::queue_replies(&mut *tx, id, answered, email.as_deref(), Stamp::now(), true).await?;
                }
            }
            Action::Delete => {
                sqlx::query("DELETE FROM comments WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            // A pick is a publication (live readers see the mark) and moves the article's
            // generation (its picks are part of the article's answer). Only a shown comment.
            Action::Pick | Action::Unpick => {
                let sql = format!(
                    "UPDATE comments SET picked_at = $2, picked_by = $3, published_seq = {} \
                     WHERE id = $1 AND status = 'published'",
                    <Db as Dialect>::NEXT_PUBLICATION
                );
                let pick = action == Action::Pick;
                let done = sqlx::query(&sql)
                    .bind(id)
                    .bind(pick.then(|| Stamp::now().to_string()))
                    .bind(pick.then_some(moderator))
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                Self::bump_article(&mut *tx, article_id).await?;
            }
            Action::Open | Action::Close => return Ok(false),
        }
        // A decision on a comment answers its reports.
        if matches!(action, Action::Approve | Action::Reject) {
            sqlx::query("UPDATE comment_reports SET closed_at = $2 WHERE comment_id = $1 AND closed_at IS NULL")
                .bind(id)
                .bind(Stamp::now().to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(root) = root {
            Self::recount_thread(&mut *tx, root).await?;
        }
        sqlx::query("INSERT INTO moderation_log (moderator, action, comment_id, article, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(moderator)
            .bind(action.as_str())
            .bind(id)
            .bind(&slug)
            .bind(Stamp::now().to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Opens or closes an article to comments, with a line in the audit trail; false when there
    /// is no such article.
    pub async fn open_comments(&self, slug: &str, open: bool, moderator: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let done = sqlx::query("UPDATE articles SET comments_open = $2 WHERE slug = $1")
            .bind(slug)
            .bind(open)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let action = if open { Action::Open } else { Action::Close };
        sqlx::query("INSERT INTO moderation_log (moderator, action, article, at) VALUES ($1, $2, $3, $4)")
            .bind(moderator)
            .bind(action.as_str())
            .bind(slug)
            .bind(Stamp::now().to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The names readers may not take as their own (besides the site's): every author's and
    /// every moderator's.
    pub async fn protected_names(&self) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT author FROM articles UNION SELECT name FROM moderators")
            .fetch_all(&self.pool)
            .await?)
    }

    /// The audit trail, newest first: of one comment, or the latest `limit` decisions.
    pub async fn decisions(&self, comment_id: Option<i64>, limit: u32) -> Result<Vec<Decision>, StoreError> {
        let rows: Vec<DecisionRecord> = sqlx::query_as(
            "SELECT moderator, action, comment_id, article, at FROM moderation_log \
             WHERE ($1 IS NULL OR comment_id = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(comment_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(DecisionRecord::into_decision).collect())
    }

    /// Held comments (oldest first) or recent published ones (newest first), across articles.
    pub async fn moderation_queue(&self, queue: Queue, limit: u32) -> Result<Vec<QueuedComment>, StoreError> {
        // The reported ones: the most reported first, then the longest waiting.
        let (filter, order) = match queue {
            Queue::Held => ("c.status = 'pending'", "c.created_at ASC, c.id ASC"),
            Queue::Recent => ("c.status = 'published'", "c.created_at DESC, c.id DESC"),
            Queue::Reported => (
                "c.status <> 'rejected' AND r.open > 0",
                "r.open DESC, r.first_at ASC, c.id ASC",
            ),
        };
        let sql = format!(
            "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.staff, c.edited_at, \
             c.picked_at IS NOT NULL AS picked, c.status, c.author_email, \
             a.slug, a.title, a.comments_open, p.author_name AS parent_author, p.body AS parent_body \
             FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id \
             LEFT JOIN (SELECT comment_id, COUNT(*) AS open, MIN(at) AS first_at FROM comment_reports \
                        WHERE closed_at IS NULL GROUP BY comment_id) r ON r.comment_id = c.id \
             WHERE {filter} ORDER BY {order} LIMIT $1"
        );
        let rows: Vec<QueueRecord> = sqlx::query_as(&sql).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        let mut queued: Vec<QueuedComment> = rows.into_iter().map(QueuedComment::from).collect();
        // Every version of an edited comment: what the reports and decisions were about may be
        // an earlier text.
        let edited: Vec<i64> = queued.iter().filter(|q| q.comment.edited_at.is_some()).map(|q| q.comment.id).collect();
        for (id, version) in self.comment_versions(&edited).await? {
            if let Some(q) = queued.iter_mut().find(|q| q.comment.id == id) {
                q.versions.push(version);
            }
        }
        let ids: Vec<i64> = queued.iter().map(|q| q.comment.id).collect();
        for (id, reported) in self.open_reports(&ids).await? {
            if let Some(q) = queued.iter_mut().find(|q| q.comment.id == id) {
                q.reports.push(reported);
            }
        }
        Ok(queued)
    }

    /// The latest stories, newest first, with whether they take comments and how many wait.
    pub async fn stories(&self, limit: u32) -> Result<Vec<Story>, StoreError> {
        let rows: Vec<StoryRecord> = sqlx::query_as(
            "SELECT a.slug, a.title, a.published_at, a.comments_open, \
             (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'pending') AS held \
             FROM articles a ORDER BY a.published_at DESC, a.id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Story::from).collect())
    }
}
