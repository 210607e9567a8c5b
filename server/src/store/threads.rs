//! Reading comments: pages of threads (each top-level comment with its first replies), a
//! thread's further replies, and where a comment is shown.

use okur_types::comments::{Comment, CommentOrder, CommentPlace, Replies, REPLIES_INLINE};
use okur_types::Page;

use super::model::{Listing, Position};
use super::records::{ReplyRecord, ThreadRecord};
use super::{Backend, Inner, Listed, Missing, Store, StoreError};

/// The columns of a [`Comment`].
pub(crate) const COMMENT_COLUMNS: &str =
    "id, parent_id, depth, author_name, body, created_at, staff, edited_at, picked_at IS NOT NULL AS picked";

/// A thread's shown replies (published, under a published parent) in display order, by the
/// stored thread key; `$1` is the top-level comment. Callers add the range and the limit.
// The parent by a join, not EXISTS: PostgreSQL's generic plan would hash every published
// comment for the EXISTS instead of looking up the few parents a page needs.
pub(crate) const REPLIES_IN_ORDER: &str = "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, \
     c.staff, c.edited_at, c.picked_at IS NOT NULL AS picked, c.root_id, c.thread_key FROM comments c JOIN comments p ON p.id = c.parent_id \
     WHERE c.root_id = $1 AND c.status = 'published' AND (c.depth = 2 OR p.status = 'published')";

queries! {
    /// One page of an article's threads as the API and the pages show it ([`Missing::Article`]
    /// for an unknown article, [`Listed::Threads`] for an unknown cursor).
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

    /// Up to `limit` replies of the thread under `root` after reply `after`
    /// ([`Missing::Thread`] when `root` is not a published top-level comment of the article,
    /// [`Listed::Replies`] when `after` is not a reply in it).
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
        }
    }
}
