//! The comments' queries: pages of threads, a thread's further replies, where a comment is
//! shown, writing one under every rule the database must check, and the publication order the
//! live streams follow.

use okur_types::comments::{Comment, CommentOrder, CommentPlace, Replies, MAX_DEPTH, REPLIES_INLINE};
use okur_types::Page;

use super::dialect::Dialect;
use super::model::{CommentRow, CommentState, CommentTarget, Listing, Position};
use super::records::{ParentRecord, PublishedRecord, ReplyRecord, ThreadRecord};
use super::{storable, Backend, Inner, Listed, Missing, Store, StoreError};
use crate::domain::stamp::Stamp;

/// The columns of a [`Comment`].
pub(crate) const COMMENT_COLUMNS: &str = "id, parent_id, depth, author_name, body, created_at";

/// A thread's shown replies (published, under a published parent) in display order, by the
/// stored thread key; `$1` is the top-level comment. Callers add the range and the limit.
// The parent by a join, not EXISTS: PostgreSQL's generic plan would hash every published
// comment for the EXISTS instead of looking up the few parents a page needs.
pub(crate) const REPLIES_IN_ORDER: &str = "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, \
     c.root_id, c.thread_key FROM comments c JOIN comments p ON p.id = c.parent_id \
     WHERE c.root_id = $1 AND c.status = 'published' AND (c.depth = 2 OR p.status = 'published')";

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
            "INSERT INTO comments (article_id, author_name, body, status, created_at, published_seq) \
             SELECT id, $2, $3, 'published', $4, {} FROM articles WHERE slug = $1",
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

    /// One page of an article's threads as the API and the pages show it; none for an unknown
    /// article.
    pub async fn comment_page(
        &self,
        slug: &str,
        position: &Position,
        per_page: u32,
        order: CommentOrder,
    ) -> Result<Page<Comment>, StoreError> {
        let target = self.comment_target(slug).await?;
        let (items, total, next) = self.list_comments(target.article_id, position, per_page, order).await?;
        Ok(Page { items, page: position.number(), per_page, total, next })
    }

    /// One page of threads: `per_page` top-level comments in `order`, each followed by its
    /// first replies, and how many threads there are.
    pub async fn list_comments(
        &self,
        article_id: i64,
        position: &Position,
        per_page: u32,
        order: CommentOrder,
    ) -> Result<Listing<Comment>, StoreError> {
        let (direction, beyond) = match order {
            CommentOrder::Asc => ("ASC", ">"),
            CommentOrder::Desc => ("DESC", "<"),
        };
        let limit = i64::from(per_page) + 1;
        let roots: Vec<ThreadRecord> = match position {
            Position::Page(page) => {
                let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
                sqlx::query_as(&format!(
                    "SELECT {COMMENT_COLUMNS}, reply_count FROM comments WHERE article_id = $1 AND parent_id IS NULL \
                     AND status = 'published' ORDER BY created_at {direction}, id {direction} LIMIT $2 OFFSET $3"
                ))
                .bind(article_id)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?
            }
            Position::After(cursor) => {
                let at: Option<(String, i64)> = match cursor.parse::<i64>() {
                    Ok(id) => sqlx::query_as(
                        "SELECT created_at, id FROM comments WHERE id = $1 AND article_id = $2 \
                         AND parent_id IS NULL",
                    )
                    .bind(id)
                    .bind(article_id)
                    .fetch_optional(&self.pool)
                    .await?,
                    Err(_) => None,
                };
                let Some((created_at, id)) = at else {
                    return Err(StoreError::UnknownCursor(Listed::Threads));
                };
                sqlx::query_as(&format!(
                    "SELECT {COMMENT_COLUMNS}, reply_count FROM comments WHERE article_id = $1 AND parent_id IS NULL \
                     AND status = 'published' AND (created_at, id) {beyond} ($3, $4) \
                     ORDER BY created_at {direction}, id {direction} LIMIT $2"
                ))
                .bind(article_id)
                .bind(limit)
                .bind(created_at)
                .bind(id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        let more = roots.len() > per_page as usize;
        let roots: Vec<ThreadRecord> = roots.into_iter().take(per_page as usize).collect();
        let next = more.then(|| roots.last().map(|r| r.comment.id_of().to_string())).flatten();
        let total: i64 = sqlx::query_scalar("SELECT thread_count FROM articles WHERE id = $1")
            .bind(article_id)
            .fetch_one(&self.pool)
            .await?;
        let threads: Vec<(i64, i64)> =
            roots.iter().filter(|r| r.reply_count > 0).map(|r| (r.comment.id_of(), r.reply_count)).collect();
        let mut replies = self.first_replies(&threads).await?;
        let mut out = Vec::with_capacity(roots.len() * (1 + REPLIES_INLINE as usize));
        for root in roots {
            let count = root.reply_count;
            let mut root = Comment::from(root.comment);
            let shown = replies.remove(&root.id).unwrap_or_default();
            root.more_replies =
                u32::try_from(count.saturating_sub(shown.len() as i64).max(0)).unwrap_or(u32::MAX);
            out.push(root);
            out.extend(shown);
        }
        Ok((out, u64::try_from(total).unwrap_or(0), next))
    }

    /// Up to `limit` replies of the thread under `root` after reply `after`; none when `root`
    /// is not a published top-level comment of the article.
    pub async fn replies(
        &self,
        article_id: i64,
        root: i64,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Replies, StoreError> {
        let exists = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM comments WHERE id = $1 AND article_id = $2 AND parent_id IS NULL \
             AND status = 'published'",
        )
        .bind(root)
        .bind(article_id)
        .fetch_one(&self.pool)
        .await?;
        if exists == 0 {
            return Err(StoreError::NotFound(Missing::Thread(root)));
        }
        let from = match after {
            None => String::new(),
            Some(after) => {
                let key: Option<Option<String>> =
                    sqlx::query_scalar("SELECT thread_key FROM comments WHERE id = $1 AND root_id = $2")
                        .bind(after)
                        .bind(root)
                        .fetch_optional(&self.pool)
                        .await?;
                match key.flatten() {
                    Some(key) => key,
                    None => return Err(StoreError::UnknownCursor(Listed::Replies)),
                }
            }
        };
        let sql = format!("{REPLIES_IN_ORDER} AND c.thread_key > $2 ORDER BY c.thread_key LIMIT $3");
        let mut rows: Vec<ReplyRecord> = sqlx::query_as(&sql)
            .bind(root)
            .bind(from)
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let items: Vec<Comment> = rows.into_iter().map(|row| Comment::from(row.comment)).collect();
        let next = more.then(|| items.last().map(|c| c.id.to_string())).flatten();
        Ok(Replies { items, next })
    }

    /// Where a visible comment of the article is shown; none when it is not there.
    pub async fn comment_place(&self, article_id: i64, id: i64) -> Result<Option<CommentPlace>, StoreError> {
        // The comment, visible (published, under a published parent, in a published thread).
        let found: Option<(Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT c.root_id, c.thread_key FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             LEFT JOIN comments r ON r.id = c.root_id \
             WHERE c.id = $1 AND c.article_id = $2 AND c.status = 'published' \
             AND (c.parent_id IS NULL OR p.status = 'published') AND (c.root_id IS NULL OR r.status = 'published')",
        )
        .bind(id)
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((root_id, thread_key)) = found else {
            return Ok(None);
        };
        let root = root_id.unwrap_or(id);
        let previous: Option<i64> = sqlx::query_scalar(
            "SELECT p.id FROM comments r JOIN comments p ON p.article_id = r.article_id \
             AND p.parent_id IS NULL AND p.status = 'published' AND (p.created_at, p.id) < (r.created_at, r.id) \
             WHERE r.id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 1",
        )
        .bind(root)
        .fetch_optional(&self.pool)
        .await?;
        let mut replies_after = None;
        if let (Some(_), Some(key)) = (root_id, thread_key) {
            // The shown replies before it, nearest first: past the inline ones, it opens a page.
            let sql = format!("{REPLIES_IN_ORDER} AND c.thread_key < $2 ORDER BY c.thread_key DESC LIMIT $3");
            let before: Vec<ReplyRecord> = sqlx::query_as(&sql)
                .bind(root)
                .bind(key)
                .bind(i64::from(REPLIES_INLINE))
                .fetch_all(&self.pool)
                .await?;
            if before.len() >= REPLIES_INLINE as usize {
                replies_after = before.first().map(|r| r.comment.id_of());
            }
        }
        Ok(Some(CommentPlace { root, after: previous.map(|p| p.to_string()), replies_after }))
    }

    /// An article's comments that became visible after publication number `after`, in order.
    pub async fn published_since(
        &self,
        article_id: i64,
        after: i64,
        limit: u32,
    ) -> Result<Vec<(i64, Comment)>, StoreError> {
        let rows: Vec<PublishedRecord> = sqlx::query_as(
            "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.published_seq \
             FROM comments c LEFT JOIN comments p ON p.id = c.parent_id \
             WHERE c.article_id = $1 AND c.published_seq > $2 AND c.status = 'published' \
             AND (c.parent_id IS NULL OR p.status = 'published') ORDER BY c.published_seq LIMIT $3",
        )
        .bind(article_id)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|row| (row.published_seq, Comment::from(row.comment))).collect())
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

    /// Stores a comment (see the rules in `queries.rs`); with `keep` false everything is
    /// checked and answered, and nothing is stored.
    pub async fn add_comment(
        &self,
        row: &CommentRow,
        now: Stamp,
        window_start: Stamp,
        keep: bool,
    ) -> Result<Comment, StoreError> {
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
        // its own time and id); a top-level comment takes the next id as it comes.
        let (id_column, id_value) = match next_id {
            Some(_) => (
                ", id, thread_key",
                ", $12, COALESCE((SELECT p.thread_key FROM comments p WHERE p.id = $2), '') || $13",
            ),
            None => ("", ""),
        };
        // Visible at once: it takes the next publication number (for the live streams).
        let (seq_column, seq_value) = match row.status {
            CommentState::Published => (", published_seq", format!(", {}", <Db as Dialect>::NEXT_PUBLICATION)),
            _ => ("", String::new()),
        };
        let sql = format!(
            "INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, body, status, \
                                   created_at, duplicate_key{id_column}{seq_column}) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $11{id_value}{seq_value} \
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
            .bind(&row.duplicate_key);
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
        if keep {
            tx.commit().await.map_err(StoreError::from)?;
        } else {
            tx.rollback().await.map_err(StoreError::from)?;
        }
        Ok(Comment {
            id,
            parent_id,
            depth,
            author_name: row.author_name.clone(),
            body: row.body.clone(),
            created_at: now.to_string(),
            more_replies: 0,
        })
    }

    private {
        impl Inner<Db> {
        /// The first [`REPLIES_INLINE`] shown replies of each `(thread, reply count)`, by
        /// top-level comment: one statement of one short range scan per thread.
        pub(in crate::store) async fn first_replies(
            &self,
            threads: &[(i64, i64)],
        ) -> Result<std::collections::HashMap<i64, Vec<Comment>>, StoreError> {
            let mut found: std::collections::HashMap<i64, Vec<Comment>> = std::collections::HashMap::new();
            if threads.is_empty() {
                return Ok(found);
            }
            // One arm per thread (at most a page's worth), each its own LIMIT: a window over
            // all the threads' replies would read them all.
            let sql = (1..=threads.len())
                .map(|i| {
                    format!(
                        "SELECT * FROM ({} ORDER BY c.thread_key LIMIT {REPLIES_INLINE}) AS t{i}",
                        REPLIES_IN_ORDER.replace("$1", &format!("${i}"))
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let mut query = sqlx::query_as::<_, ReplyRecord>(&sql);
            for (root, _) in threads {
                query = query.bind(root);
            }
            let mut rows = query.fetch_all(&self.pool).await?;
            rows.sort_by(|a, b| a.thread_key.cmp(&b.thread_key));
            for row in rows {
                found.entry(row.root_id).or_default().push(Comment::from(row.comment));
            }
            Ok(found)
        }

        /// Sets a comment's status; one becoming visible takes the next publication number.
        /// Its thread (`Some(root)` for a reply), or none when there is no such comment.
        pub(in crate::store) async fn set_status(
            executor: impl sqlx::Executor<'_, Database = Db>,
            id: i64,
            status: CommentState,
        ) -> Result<Option<Option<i64>>, StoreError> {
            let sql = format!(
                "UPDATE comments SET published_seq = CASE WHEN $2 = 'published' AND status <> 'published' \
                 THEN {} ELSE published_seq END, status = $2 WHERE id = $1 RETURNING root_id",
                <Db as Dialect>::NEXT_PUBLICATION
            );
            Ok(sqlx::query_scalar(&sql).bind(id).bind(status).fetch_optional(executor).await?)
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
