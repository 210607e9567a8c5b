//! Writing comments: the article a comment goes under, storing one under every rule the
//! database must check, a comment's state and its thread's counts, and the publication order
//! the live streams follow.

use okur_types::comments::{Comment, NotifyReplies, MAX_DEPTH};

use super::dialect::Dialect;
use super::model::{CommentRow, CommentState, CommentTarget, Publication};
use super::records::{ParentRecord, PublishedRecord};
use super::{storable, Backend, Inner, Missing, Store, StoreError};
use crate::domain::stamp::Stamp;

queries! {
    /// Adds a published top-level comment to an article, as given (the demo seed).
    pub async fn add_published_comment(
        &self,
        slug: &str,
        author_name: &str,
        body: &str,
        created_at: &str,
    ) -> Result<(), StoreError> {
        // Top-level only: demo replies go through add_comment.
        sqlx::query(&format!(
            "INSERT INTO comments (article_id, author_name, body, status, created_at, id, published_seq) \
             SELECT id, $2, $3, 'published', $4, {}, {} FROM articles WHERE slug = $1",
            <Db as Dialect>::NEXT_COMMENT_ID,
            <Db as Dialect>::NEXT_PUBLICATION
        ))
        .bind(slug)
        .bind(author_name)
        .bind(body)
        .bind(created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The article a comment would go under ([`Missing::Article`] when there is none by now).
    pub async fn comment_target(&self, slug: &str) -> Result<CommentTarget, StoreError> {
        let target = match storable(slug) {
            false => None,
            true => {
                sqlx::query_as(
                    "SELECT id AS article_id, comments_open FROM articles WHERE slug = $1 AND published_at <= $2",
                )
                .bind(slug)
                .bind(Stamp::now().to_string())
                .fetch_optional(&self.pool)
                .await?
            }
        };
        target.ok_or_else(|| StoreError::NotFound(Missing::Article(slug.to_owned())))
    }

    /// What changed in view on an article after publication number `after`, in order: a comment
    /// shown (posted, approved or edited), or one gone from view (withdrawn, held, rejected).
    pub async fn published_since(
        &self,
        article_id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Publication)>, StoreError> {
        let rows: Vec<PublishedRecord> = sqlx::query_as(
            "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.staff, c.edited_at, c.picked_at IS NOT NULL AS picked, \
             c.published_seq, COALESCE(c.status = 'published' AND (c.parent_id IS NULL OR p.status = 'published'), FALSE) AS shown \
             FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = $1 AND c.published_seq > $2 ORDER BY c.published_seq LIMIT $3",
        )
        .bind(article_id)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let change = match row.shown {
                    true => Publication::Shown(Comment::from(row.comment)),
                    false => Publication::Gone(row.comment.id_of()),
                };
                (row.published_seq, change)
            })
            .collect())
    }

    /// An article's newest published comments (under published parents), newest first.
    pub async fn latest_comments(&self, article_id: i64, limit: u32) -> Result<Vec<Comment>, StoreError> {
        let rows: Vec<PublishedRecord> = sqlx::query_as(
            "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.staff, c.edited_at, c.picked_at IS NOT NULL AS picked, \
             c.published_seq, TRUE AS shown FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = $1 AND c.status = 'published' AND (c.parent_id IS NULL OR p.status = 'published') \
             ORDER BY c.published_seq DESC LIMIT $2",
        )
        .bind(article_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|row| Comment::from(row.comment)).collect())
    }

    /// An article's latest publication number (0 before any).
    pub async fn latest_publication(&self, article_id: i64) -> Result<i64, StoreError> {
        let latest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(published_seq) FROM comments WHERE article_id = $1")
                .bind(article_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(latest.unwrap_or(0))
    }

    /// Stores a comment in one short write transaction: a reply below the deepest level
    /// attaches to the deepest allowed one, and the same comment (by its duplicate key) on the
    /// same article within ten minutes is refused ([`StoreError::Duplicate`]; a parent that is
    /// not a published comment of the article, [`StoreError::UnknownParent`]). With `keep` false
    /// every check runs and the answer is the same, but the transaction is rolled back (the
    /// honeypot's way).
    pub async fn add_comment(
        &self,
        row: &CommentRow,
        now: Stamp,
        window_start: Stamp,
        keep: bool,
    ) -> Result<(Comment, Option<NotifyReplies>), StoreError> {
        // The write lock comes first (IMMEDIATE on SQLite, an advisory lock per article on
        // PostgreSQL): a read-then-write transaction that waited for it midway could fail with
        // a stale snapshot, or let two copies of one comment past the duplicate check.
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await.map_err(StoreError::from)?;
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(row.article_id).execute(&mut *tx).await.map_err(StoreError::from)?;
        }
        let (parent_id, root_id, depth, next_id) = match row.parent_id {
            None => (None, None, 1u8, None),
            Some(asked) => {
                let sql = format!(
                    "SELECT id, parent_id, root_id, depth, {} AS next_id FROM comments \
                     WHERE id = $1 AND article_id = $2 AND status = 'published'",
                    <Db as Dialect>::NEXT_COMMENT_ID
                );
                let parent: ParentRecord = sqlx::query_as(&sql)
                .bind(asked)
                .bind(row.article_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from)?
                .ok_or(StoreError::UnknownParent)?;
                let ParentRecord { id, parent_id: grand, root_id: root, depth, next_id } = parent;
                let depth = u8::try_from(depth).unwrap_or(MAX_DEPTH);
                if depth >= MAX_DEPTH {
                    // Too deep: a sibling of the parent instead of its child.
                    (grand, root, MAX_DEPTH, Some(next_id))
                } else {
                    (Some(id), Some(root.unwrap_or(id)), depth + 1, Some(next_id))
                }
            }
        };
        // A reply is written with its id and its place in the thread (the parent's key, then
        // its own time and id); a top-level comment takes the next id in the same statement
        // (never the database's own choice: SQLite's would reuse a deleted comment's).
        let (id_column, id_value) = match next_id {
            Some(_) => (
                ", id, thread_key",
                ", $14, COALESCE((SELECT p.thread_key FROM comments p WHERE p.id = $2), '') || $15".to_owned(),
            ),
            None => (", id", format!(", {}", <Db as Dialect>::NEXT_COMMENT_ID)),
        };
        // Visible at once: it takes the next publication number (for the live streams).
        let (seq_column, seq_value) = match row.status {
            CommentState::Published => (", published_seq", format!(", {}", <Db as Dialect>::NEXT_PUBLICATION)),
            _ => ("", String::new()),
        };
        let sql = format!(
            "INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, body, status, \
                                   created_at, duplicate_key, staff, edit_token_hash{id_column}{seq_column}) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13{id_value}{seq_value} \
             WHERE NOT EXISTS (SELECT 1 FROM comments WHERE article_id = $1 AND duplicate_key = $11 \
                               AND created_at >= $10 AND status <> 'rejected') \
             RETURNING id"
        );
        let mut insert = sqlx::query_scalar(&sql)
            .bind(row.article_id)
            .bind(parent_id)
            .bind(root_id)
            .bind(i64::from(depth))
            .bind(&row.author_name)
            .bind(&row.author_email)
            .bind(&row.body)
            .bind(row.status)
            .bind(now.to_string())
            .bind(window_start.to_string())
            .bind(&row.duplicate_key)
            .bind(row.staff)
            .bind(&row.edit_token_hash);
        if let Some(id) = next_id {
            insert = insert.bind(id).bind(format!("{now}{id:019}"));
        }
        let inserted: Result<Option<i64>, sqlx::Error> = insert.fetch_optional(&mut *tx).await;
        let id: i64 = match inserted {
            Ok(Some(id)) => id,
            Ok(None) => return Err(StoreError::Duplicate),
            Err(sqlx::Error::Database(err)) if err.is_foreign_key_violation() => {
                return Err(StoreError::UnknownParent)
            }
            Err(err) => return Err(StoreError::from(err)),
        };
        if let (Some(root), CommentState::Published) = (root_id, row.status) {
            // Counted when shown: when its parent is (a top-level parent is the thread itself).
            sqlx::query(
                "UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1 AND EXISTS \
                 (SELECT 1 FROM comments p WHERE p.id = $2 AND (p.parent_id IS NULL OR p.status = 'published'))",
            )
            .bind(root)
            .bind(parent_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        }
        // Emails go with the comment or not at all: the author's consent, and the notices of
        // a reply shown at once (to whom the reader answered, even when it went in beside).
        let notify = match (row.notify_replies, &row.author_email) {
            (Some(locale), Some(address)) => Some(Self::subscribe(&mut tx, id, address, locale, now).await?),
            _ => None,
        };
        match (row.status, row.parent_id) {
            (CommentState::Published, Some(answered)) => {
                Self::queue_replies(&mut *tx, id, answered, row.author_email.as_deref(), now, false).await?
            }
            (CommentState::Pending, _) => Self::queue_held(&mut *tx, id, now).await?,
            _ => {}
        }
        if keep {
            tx.commit().await.map_err(StoreError::from)?;
        } else {
            tx.rollback().await.map_err(StoreError::from)?;
        }
        let comment = Comment {
            id,
            parent_id,
            depth,
            author_name: row.author_name.clone(),
            body: row.body.clone(),
            created_at: now.to_string(),
            more_replies: 0,
            staff: row.staff,
            edited_at: None,
            picked: false,
        };
        Ok((comment, notify))
    }

    private {
        impl Inner<Db> {
            /// Sets a comment's status; one coming into view or leaving it takes the next
            /// publication number (the live streams send both).
            /// Its thread (`Some(root)` for a reply), or none when there is no such comment.
            pub(in crate::store) async fn set_status(
                executor: impl sqlx::Executor<'_, Database = Db>,
                id: i64,
                status: CommentState,
            ) -> Result<Option<Option<i64>>, StoreError> {
                let sql = format!(
                    "UPDATE comments SET published_seq = CASE WHEN ($2 = 'published') <> (status = 'published') \
                             THEN {} ELSE published_seq END, status = $2 WHERE id = $1 RETURNING root_id",
                    <Db as Dialect>::NEXT_PUBLICATION
                );
                Ok(sqlx::query_scalar(&sql).bind(id).bind(status).fetch_optional(executor).await?)
            }

            /// Moves an article's cache generation (its pages and answers, on every server) for a
            /// change of one of its comments that changes no count (an edit in place, a pick): the
            /// generation triggers fire on any update of the article's row. Unlike
            /// [`Store::touch_article`] it leaves `updated_at` (what lists an article as changed)
            /// alone: a comment's change is not the article's.
            pub(in crate::store) async fn bump_article(
                executor: impl sqlx::Executor<'_, Database = Db>,
                article_id: i64,
            ) -> Result<(), StoreError> {
                sqlx::query("UPDATE articles SET comment_count = comment_count WHERE id = $1")
                    .bind(article_id)
                    .execute(executor)
                    .await?;
                Ok(())
            }

            /// Sets a thread's reply count to what it shows: after a moderator's decision or a
            /// deletion (rare writes), counted once rather than on every read.
            pub(in crate::store) async fn recount_thread(
                executor: impl sqlx::Executor<'_, Database = Db>,
                root: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE comments SET reply_count = (SELECT COUNT(*) FROM comments c \
                         LEFT JOIN comments p ON p.id = c.parent_id WHERE c.root_id = $1 AND c.status = 'published' \
                         AND (c.depth = 2 OR p.status = 'published')) WHERE id = $1",
                )
                .bind(root)
                .execute(executor)
                .await?;
                Ok(())
            }
        }
    }
}
