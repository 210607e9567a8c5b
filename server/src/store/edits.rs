//! A reader's own comment, changed by its author within the edit window: an edit (the earlier
//! text kept for moderators) or a withdrawal, each one write transaction that also tells the
//! live streams (a publication) and the caches (the article's generation).

use okur_types::comments::Comment;
use okur_types::moderation::CommentVersion;

use super::dialect::Dialect;
use super::model::{CommentEdit, CommentState, EditRefused, OwnChange};
use super::records::{CommentRecord, OwnRecord, VersionRecord};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Replaces the text of a comment its author may still change, keeping the earlier text as
    /// a version. The same name and text as another comment of the article within
    /// `duplicate_since` is refused ([`StoreError::Duplicate`]). A held comment stays held; a
    /// shown one is held when `edit.held`. Unchanged text is answered as it is, not "edited".
    pub async fn edit_comment(
        &self,
        change: OwnChange<'_>,
        edit: &CommentEdit,
        duplicate_since: Stamp,
    ) -> Result<(Comment, CommentState), StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(change.article_id).execute(&mut *tx).await?;
        }
        let own = Self::own_comment(&mut *tx, change).await?;
        let unchanged = own.author_name == edit.author_name && own.body == edit.body;
        let duplicate: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM comments WHERE article_id = $1 AND duplicate_key = $2 AND created_at >= $3 \
             AND status <> 'rejected' AND id <> $4 LIMIT 1",
        )
        .bind(change.article_id)
        .bind(&edit.duplicate_key)
        .bind(duplicate_since.to_string())
        .bind(change.id)
        .fetch_optional(&mut *tx)
        .await?;
        if duplicate.is_some() && !unchanged {
            return Err(StoreError::Duplicate);
        }
        let status = match own.status {
            _ if unchanged => own.status,
            CommentState::Published if !edit.held => CommentState::Published,
            _ => CommentState::Pending,
        };
        if !unchanged {
            sqlx::query(
                "INSERT INTO comment_versions (comment_id, author_name, body, written_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(change.id)
            .bind(&own.author_name)
            .bind(&own.body)
            .bind(own.edited_at.as_deref().unwrap_or(&own.created_at))
            .execute(&mut *tx)
            .await?;
        }
        // A shown comment's change is a publication (its new text, or its leaving view).
        let sql = format!(
            "UPDATE comments SET author_name = $2, author_email = $3, body = $4, duplicate_key = $5, \
             edited_at = CASE WHEN $7 THEN edited_at ELSE $6 END, status = $8, \
             published_seq = CASE WHEN status = 'published' AND NOT $7 THEN {} ELSE published_seq END \
             WHERE id = $1 RETURNING id, parent_id, depth, author_name, body, created_at, staff, edited_at, \
             picked_at IS NOT NULL AS picked",
            <Db as Dialect>::NEXT_PUBLICATION
        );
        let row: CommentRecord = sqlx::query_as(&sql)
            .bind(change.id)
            .bind(&edit.author_name)
            .bind(&edit.author_email)
            .bind(&edit.body)
            .bind(&edit.duplicate_key)
            .bind(change.now.to_string())
            .bind(unchanged)
            .bind(status)
            .fetch_one(&mut *tx)
            .await?;
        Self::changed_in_view(&mut tx, change.article_id, own.root_id, own.status != status).await?;
        if own.status == CommentState::Published && status == CommentState::Pending {
            Self::queue_held(&mut *tx, change.id, change.now).await?;
        }
        tx.commit().await?;
        Ok((Comment::from(row), status))
    }

    /// Withdraws a comment its author may still change: hidden from everyone (its replies with
    /// it), kept for moderators as withdrawn.
    pub async fn withdraw_comment(&self, change: OwnChange<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(change.article_id).execute(&mut *tx).await?;
        }
        let own = Self::own_comment(&mut *tx, change).await?;
        let sql = format!(
            "UPDATE comments SET withdrawn_at = $2, status = 'rejected', \
             published_seq = CASE WHEN status = 'published' THEN {} ELSE published_seq END WHERE id = $1",
            <Db as Dialect>::NEXT_PUBLICATION
        );
        sqlx::query(&sql).bind(change.id).bind(change.now.to_string()).execute(&mut *tx).await?;
        let was_shown = own.status == CommentState::Published;
        Self::changed_in_view(&mut tx, change.article_id, own.root_id, was_shown).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The earlier texts of these comments, oldest first, by comment.
    pub async fn comment_versions(&self, ids: &[i64]) -> Result<Vec<(i64, CommentVersion)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are numbers the store gave: written into the query, one statement for a page.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<VersionRecord> = sqlx::query_as(&format!(
            "SELECT comment_id, author_name, body, written_at FROM comment_versions \
             WHERE comment_id IN ({list}) ORDER BY comment_id, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(VersionRecord::into_pair).collect())
    }

    private {
        impl Inner<Db> {
            /// The comment as its author may change it, or why they may not.
            async fn own_comment(
                executor: impl sqlx::Executor<'_, Database = Db>,
                change: OwnChange<'_>,
            ) -> Result<OwnRecord, StoreError> {
                let own: Option<OwnRecord> = sqlx::query_as(
                    "SELECT root_id, status, edit_token_hash, withdrawn_at, author_name, body, created_at, edited_at \
                     FROM comments WHERE id = $1 AND article_id = $2",
                )
                .bind(change.id)
                .bind(change.article_id)
                .fetch_optional(executor)
                .await?;
                let refused = |why| Err(StoreError::EditRefused(why));
                let Some(own) = own.filter(|own| own.status != CommentState::Rejected && own.withdrawn_at.is_none())
                else {
                    return refused(EditRefused::NotFound);
                };
                if own.edit_token_hash.as_deref() != Some(change.token_hash) {
                    return refused(EditRefused::WrongToken);
                }
                if own.created_at < change.posted_since.to_string() {
                    return refused(EditRefused::WindowClosed);
                }
                Ok(own)
            }

            /// After a change of a comment: its thread's count when it came into or left view,
            /// and the article's generation (cached pages and answers), which a change of counts
            /// moves by itself but an edit in place would not.
            async fn changed_in_view(
                tx: &mut sqlx::Transaction<'_, Db>,
                article_id: i64,
                root: Option<i64>,
                view_changed: bool,
            ) -> Result<(), StoreError> {
                if let (Some(root), true) = (root, view_changed) {
                    Self::recount_thread(&mut **tx, root).await?;
                }
                Self::bump_article(&mut **tx, article_id).await
            }
        }
    }
}
