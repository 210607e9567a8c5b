//! The store's queries, written once and compiled for each database: the macro below expands
//! to an `impl` for SQLite and one for PostgreSQL. The SQL is the same for both (numbered
//! parameters, standard types); what differs is in [`Dialect`].

use okur_types::comments::{Comment, CommentOrder, CommentPlace, Replies, MAX_DEPTH, REPLIES_INLINE};
use okur_types::moderation::{Action, Decision, Queue, QueuedComment, Story};
use okur_types::{Article, ArticleSummary, Page};

use super::records::{
    ArticleRecord, DecisionRecord, ModerationRecord, ParentRecord, PublishedRecord, QueueRecord, ReplyRecord,
    StoryRecord, SummaryRecord, ThreadRecord,
};
use super::{
    CommentRejected, CommentRow, CommentState, CommentTarget, Dialect, ImportedComment, ImportedPost, Inner, Listing,
    ModerationRow, NewArticle, Position, PostOutcome, PostSaved, Saved, StoreError, UnknownCursor, COMMENT_COLUMNS,
    REPLIES_IN_ORDER, SUMMARY_COLUMNS,
};
use crate::content::Stamp;

/// The queries of one database.
macro_rules! queries {
    ($db:ty) => {
        impl Inner<$db> {
             /// Every article's slug and last change, newest first, for the sitemap.
            pub(crate) async fn sitemap(&self) -> Result<Vec<(String, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT slug, updated_at FROM articles WHERE published_at <= $1 ORDER BY published_at DESC, id DESC",
                )
                .bind(Stamp::now().to_string())
                .fetch_all(&self.pool)
                .await?)
            }

            /// Claims a one-time fact; true for the one caller that claimed it first.
            pub(crate) async fn claim(&self, key: &str) -> Result<bool, StoreError> {
                let claimed: Option<String> = sqlx::query_scalar(
                    "INSERT INTO site_state (key) VALUES ($1) ON CONFLICT (key) DO NOTHING RETURNING key",
                )
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
                Ok(claimed.is_some())
            }

            /// The cache scopes that changed since the list's generation `since`: scope,
            /// generation and the list's generation at that change (see `crate::cache`).
            pub(crate) async fn generations_since(&self, since: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
                Ok(sqlx::query_as("SELECT scope, n, at FROM generations WHERE at > $1")
                    .bind(since)
                    .fetch_all(&self.pool)
                    .await?)
            }

            /// Checks that the database answers.
            pub(crate) async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            /// One page of articles, newest first, how many there are and the next cursor.
            pub(crate) async fn list_articles(
                &self,
                position: &Position,
                per_page: u32,
            ) -> Result<Result<Listing<ArticleSummary>, UnknownCursor>, StoreError> {
                // One more than asked for: whether a next page exists, without counting.
                let limit = i64::from(per_page) + 1;
                // Scheduled articles are neither listed nor served before their time.
                let now = Stamp::now().to_string();
                let rows: Vec<SummaryRecord> = match position {
                    Position::Page(page) => {
                        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
                        let sql = format!(
                            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.published_at <= $3 \
                             ORDER BY a.published_at DESC, a.id DESC LIMIT $1 OFFSET $2"
                        );
                        sqlx::query_as(&sql).bind(limit).bind(offset).bind(&now).fetch_all(&self.pool).await?
                    }
                    Position::After(slug) => {
                        let at: Option<(String, i64)> =
                            sqlx::query_as("SELECT published_at, id FROM articles WHERE slug = $1")
                                .bind(slug)
                                .fetch_optional(&self.pool)
                                .await?;
                        let Some((published_at, id)) = at else {
                            return Ok(Err(UnknownCursor));
                        };
                        let sql = format!(
                            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE (a.published_at, a.id) < ($2, $3) \
                             AND a.published_at <= $4 ORDER BY a.published_at DESC, a.id DESC LIMIT $1"
                        );
                        sqlx::query_as(&sql)
                            .bind(limit)
                            .bind(published_at)
                            .bind(id)
                            .bind(&now)
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                let more = rows.len() > per_page as usize;
                let items: Vec<ArticleSummary> = rows
                    .into_iter()
                    .take(per_page as usize)
                    .map(|row| row.into_summary(&self.default_language))
                    .collect();
                let next = more.then(|| items.last().map(|a| a.slug.clone())).flatten();
                let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE published_at <= $1")
                    .bind(&now)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(Ok((items, u64::try_from(total).unwrap_or(0), next)))
            }

            /// The whole article with this slug, if there is one.
            pub(crate) async fn article(&self, slug: &str) -> Result<Option<Article>, StoreError> {
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS}, a.body, a.comments_open FROM articles a \
                     WHERE a.slug = $1 AND a.published_at <= $2"
                );
                let Some(row): Option<ArticleRecord> =
                    sqlx::query_as(&sql).bind(slug).bind(Stamp::now().to_string()).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let summary = row.summary.into_summary(&self.default_language);
                let body = serde_json::from_str(&row.body)
                    .map_err(|source| StoreError::CorruptBody { slug: summary.slug.clone(), source })?;
                Ok(Some(Article { summary, body, comments_open: row.comments_open }))
            }

            /// Writes these articles in one transaction: all of them, or none if anything fails.
            /// An article whose slug exists replaces the stored one.
            pub(crate) async fn save_articles(&self, articles: &[NewArticle]) -> Result<Vec<Saved>, StoreError> {
                let now = Stamp::now().to_string();
                let mut tx = self.pool.begin().await?;
                let mut outcomes = Vec::with_capacity(articles.len());
                for article in articles {
                    let body = serde_json::to_string(&article.body)
                        .map_err(|source| StoreError::CorruptBody { slug: article.slug.clone(), source })?;
                    let (image_src, image_alt) = match &article.image {
                        Some(image) => (Some(image.src.as_str()), Some(image.alt.as_str())),
                        None => (None, None),
                    };
                    let columns = Columns { article, image_src, image_alt, body: &body, now: &now };
                    // UPDATE first, so that the transaction takes the write lock at its first statement
                    // and a concurrent writer waits for it instead of failing on a lock upgrade.
                    let updated = columns
                        .bind(
                            "UPDATE articles SET title = $2, summary = $3, published_at = $4, author = $5, \
                             category = $6, image_src = $7, image_alt = $8, body = $9, comments_open = $10, \
                             updated_at = $11, language = $12 WHERE slug = $1",
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
                             image_src, image_alt, body, comments_open, created_at, updated_at, language) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)",
                        )
                        .execute(&mut *tx)
                        .await?;
                    outcomes.push(Saved::Created);
                }
                tx.commit().await?;
                Ok(outcomes)
            }

            /// Adds a published comment to an article; used to seed the demo site.
            pub(crate) async fn add_published_comment(
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
                    <$db as Dialect>::NEXT_PUBLICATION
                ))
                .bind(slug)
                .bind(author_name)
                .bind(body)
                .bind(created_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            /// The article a comment would go under, if it exists.
            pub(crate) async fn comment_target(&self, slug: &str) -> Result<Option<CommentTarget>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT id AS article_id, comments_open FROM articles WHERE slug = $1 AND published_at <= $2",
                )
                .bind(slug)
                .bind(Stamp::now().to_string())
                    .fetch_optional(&self.pool)
                    .await?)
            }

            /// One page of an article's threads (see [`Store::list_comments`]) as the API and the pages
            /// show it; none for an unknown article.
            pub(crate) async fn comment_page(
                &self,
                slug: &str,
                position: &Position,
                per_page: u32,
                order: CommentOrder,
            ) -> Result<Option<Result<Page<Comment>, UnknownCursor>>, StoreError> {
                let Some(target) = self.comment_target(slug).await? else {
                    return Ok(None);
                };
                let page = position.number();
                Ok(Some(self.list_comments(target.article_id, position, per_page, order).await?.map(
                    |(items, total, next)| Page { items, page, per_page, total, next },
                )))
            }

            /// One page of threads: `per_page` top-level comments in `order`, each followed by the
            /// first [`REPLIES_INLINE`] of its published replies (depth first, oldest first) and
            /// counting the rest in `more_replies`; how many threads there are; and the cursor
            /// of the next page (the last thread's id). The answer holds at most
            /// `per_page × (1 + REPLIES_INLINE)` comments however long the threads are; paged by
            /// cursor, the threads are one range scan of the index of threads however deep.
            pub(crate) async fn list_comments(
                &self,
                article_id: i64,
                position: &Position,
                per_page: u32,
                order: CommentOrder,
            ) -> Result<Result<Listing<Comment>, UnknownCursor>, StoreError> {
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
                            return Ok(Err(UnknownCursor));
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
                Ok(Ok((out, u64::try_from(total).unwrap_or(0), next)))
            }

            /// Up to `limit` replies of the thread under top-level comment `root`, in display order,
            /// after reply `after` (from the start without one), with the cursor of the next ones;
            /// none when `root` is not a published top-level comment of the article. One range scan
            /// of the thread order, however long the thread.
            pub(crate) async fn replies(
                &self,
                article_id: i64,
                root: i64,
                after: Option<i64>,
                limit: u32,
            ) -> Result<Option<Result<Replies, UnknownCursor>>, StoreError> {
                let exists = sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM comments WHERE id = $1 AND article_id = $2 AND parent_id IS NULL \
                     AND status = 'published'",
                )
                .bind(root)
                .bind(article_id)
                .fetch_one(&self.pool)
                .await?;
                if exists == 0 {
                    return Ok(None);
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
                            None => return Ok(Some(Err(UnknownCursor))),
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
                Ok(Some(Ok(Replies { items, next })))
            }

            /// The first [`REPLIES_INLINE`] shown replies of each `(thread, reply count)`, by
            /// top-level comment: one statement of one short range scan per thread.
            async fn first_replies(
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

            /// Where a visible comment of the article is shown (see [`CommentPlace`]); none for a
            /// comment that is not, or not visible. Three short index lookups.
            pub(crate) async fn comment_place(&self, article_id: i64, id: i64) -> Result<Option<CommentPlace>, StoreError> {
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

            /// Sets a comment's status; one becoming visible takes the next publication number.
            /// Its thread (`Some(root)` for a reply), or none when there is no such comment.
            async fn set_status(
                executor: impl sqlx::Executor<'_, Database = $db>,
                id: i64,
                status: CommentState,
            ) -> Result<Option<Option<i64>>, StoreError> {
                let sql = format!(
                    "UPDATE comments SET published_seq = CASE WHEN $2 = 'published' AND status <> 'published' \
                     THEN {} ELSE published_seq END, status = $2 WHERE id = $1 RETURNING root_id",
                    <$db as Dialect>::NEXT_PUBLICATION
                );
                Ok(sqlx::query_scalar(&sql).bind(id).bind(status).fetch_optional(executor).await?)
            }

            /// The comments of an article that became visible after publication number `after`,
            /// in that order, at most `limit`, with their numbers (a reply under a hidden parent
            /// is not visible). One range scan of `comments_publications`.
            pub(crate) async fn published_since(
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
            pub(crate) async fn latest_publication(&self, article_id: i64) -> Result<i64, StoreError> {
                let latest: Option<i64> =
                    sqlx::query_scalar("SELECT MAX(published_seq) FROM comments WHERE article_id = $1")
                        .bind(article_id)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(latest.unwrap_or(0))
            }

            /// Sets a thread's reply count to what it shows: after a moderator's decision or a
            /// deletion (rare writes), counted once rather than on every read.
            async fn recount_thread(
                executor: impl sqlx::Executor<'_, Database = $db>,
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

            /// Stores a comment in one short write transaction: a reply below the deepest level
            /// attaches to the deepest allowed one, and the same comment (by its duplicate key) on the
            /// same article within ten minutes is refused. With `keep` false every check runs and the
            /// answer is the same, but the transaction is rolled back (the honeypot's way).
            pub(crate) async fn add_comment(
                &self,
                row: &CommentRow,
                now: Stamp,
                window_start: Stamp,
                keep: bool,
            ) -> Result<Comment, CommentRejected> {
                // The write lock comes first (IMMEDIATE on SQLite, an advisory lock per article on
                // PostgreSQL): a read-then-write transaction that waited for it midway could fail with
                // a stale snapshot, or let two copies of one comment past the duplicate check.
                let mut tx = self.pool.begin_with(<$db as Dialect>::BEGIN_WRITE).await.map_err(StoreError::from)?;
                if let Some(lock) = <$db as Dialect>::COMMENT_LOCK {
                    sqlx::query(lock).bind(row.article_id).execute(&mut *tx).await.map_err(StoreError::from)?;
                }
                let (parent_id, root_id, depth, next_id) = match row.parent_id {
                    None => (None, None, 1u8, None),
                    Some(asked) => {
                        let sql = format!(
                            "SELECT id, parent_id, root_id, depth, {} AS next_id FROM comments \
                             WHERE id = $1 AND article_id = $2 AND status = 'published'",
                            <$db as Dialect>::NEXT_COMMENT_ID
                        );
                        let parent: ParentRecord = sqlx::query_as(&sql)
                        .bind(asked)
                        .bind(row.article_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(StoreError::from)?
                        .ok_or(CommentRejected::UnknownParent)?;
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
                    CommentState::Published => (", published_seq", format!(", {}", <$db as Dialect>::NEXT_PUBLICATION)),
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
                    Ok(None) => return Err(CommentRejected::Duplicate),
                    Err(sqlx::Error::Database(err)) if err.is_foreign_key_violation() => {
                        return Err(CommentRejected::UnknownParent)
                    }
                    Err(err) => return Err(StoreError::from(err).into()),
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

            /// Comments for moderators, newest first: all, or only pending ones, of one article or all.
            pub(crate) async fn moderation_list(
                &self,
                pending_only: bool,
                slug: Option<&str>,
            ) -> Result<Vec<ModerationRow>, StoreError> {
                let sql = "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.status, \
                     c.author_email, a.slug FROM comments c JOIN articles a ON a.id = c.article_id \
                     WHERE ($1 = 0 OR c.status = 'pending') AND ($2 IS NULL OR a.slug = $2) \
                     ORDER BY c.created_at DESC, c.id DESC";
                let rows: Vec<ModerationRecord> =
                    sqlx::query_as(sql).bind(i64::from(pending_only)).bind(slug).fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(ModerationRow::from).collect())
            }

            /// The article an old address (a key of `crate::wxr::import::address_key`) now lives at.
            pub(crate) async fn old_link(&self, key: &str) -> Result<Option<String>, StoreError> {
                Ok(sqlx::query_scalar(
                    "SELECT a.slug FROM article_links l JOIN articles a ON a.id = l.article_id \
                     WHERE l.path = $1 AND a.published_at <= $2",
                )
                .bind(key)
                .bind(Stamp::now().to_string())
                .fetch_optional(&self.pool)
                .await?)
            }

            /// When the next scheduled article is due, if one is.
            pub(crate) async fn next_scheduled(&self) -> Result<Option<(String, String)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT slug, published_at FROM articles WHERE published_at > $1 \
                     ORDER BY published_at ASC LIMIT 1",
                )
                .bind(Stamp::now().to_string())
                .fetch_optional(&self.pool)
                .await?)
            }

            /// Marks an article changed without changing it: the answer caches of every server
            /// drop what they hold of it and of the list (a scheduled article has come due).
            pub(crate) async fn touch_article(&self, slug: &str) -> Result<(), StoreError> {
                sqlx::query("UPDATE articles SET updated_at = updated_at WHERE slug = $1")
                    .bind(slug)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            /// Stores one WordPress post in one transaction: the article (new, changed or as it
            /// was, found by its WordPress id; a new one gets a free slug), its old addresses, and
            /// those of its comments okur does not have yet, each under its parent (a parent okur
            /// lacks makes it a thread of its own; deeper than three levels joins the third).
            pub(crate) async fn import_post(&self, post: &ImportedPost) -> Result<PostOutcome, StoreError> {
                let now = Stamp::now().to_string();
                let article = &post.article;
                let body = serde_json::to_string(&article.body)
                    .map_err(|source| StoreError::CorruptBody { slug: article.slug.clone(), source })?;
                let (image_src, image_alt) = match &article.image {
                    Some(image) => (Some(image.src.as_str()), Some(image.alt.as_str())),
                    None => (None, None),
                };
                let mut tx = self.pool.begin_with(<$db as Dialect>::BEGIN_WRITE).await?;
                #[allow(clippy::type_complexity)]
                let existing: Option<(i64, String, Option<String>)> =
                    sqlx::query_as("SELECT id, slug, import_hash FROM articles WHERE wp_id = $1")
                        .bind(post.wp_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                // On PostgreSQL, comment writes to an article okur has wait for this import, and
                // before any row is touched: a comment write holds the lock while it updates the
                // article's counts, so taking the lock after the article's row would deadlock.
                if let (Some((id, _, _)), Some(lock)) = (&existing, <$db as Dialect>::COMMENT_LOCK) {
                    sqlx::query(lock).bind(*id).execute(&mut *tx).await?;
                }
                let (article_id, saved) = match existing {
                    Some((id, _, hash)) if hash.as_deref() == Some(post.hash.as_str()) => (id, PostSaved::Unchanged),
                    Some((id, slug, _)) => {
                        let article = &NewArticle { slug, ..article.clone() };
                        // The slug stays: links to it are out there.
                        let columns = Columns { article, image_src, image_alt, body: &body, now: &now };
                        columns
                            .bind(
                                "UPDATE articles SET title = $2, summary = $3, published_at = $4, author = $5, \
                                 category = $6, image_src = $7, image_alt = $8, body = $9, comments_open = $10, \
                                 updated_at = $11, language = $12, import_hash = $13 WHERE slug = $1",
                            )
                            .bind(&post.hash)
                            .execute(&mut *tx)
                            .await?;
                        (id, PostSaved::Updated)
                    }
                    None => {
                        let mut slug = article.slug.clone();
                        let mut n = 1;
                        while sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles WHERE slug = $1")
                            .bind(&slug)
                            .fetch_one(&mut *tx)
                            .await?
                            > 0
                        {
                            n += 1;
                            let suffix = format!("-{n}");
                            let stem = article.slug[..article.slug.len().min(100 - suffix.len())].trim_end_matches('-');
                            slug = format!("{stem}{suffix}");
                        }
                        let renamed = NewArticle { slug, ..article.clone() };
                        let columns = Columns { article: &renamed, image_src, image_alt, body: &body, now: &now };
                        let row = columns
                            .bind(
                                "INSERT INTO articles (slug, title, summary, published_at, author, category, \
                                 image_src, image_alt, body, comments_open, created_at, updated_at, language, \
                                 wp_id, import_hash) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14) RETURNING id",
                            )
                            .bind(post.wp_id)
                            .bind(&post.hash)
                            .fetch_one(&mut *tx)
                            .await?;
                        (sqlx::Row::try_get::<i64, _>(&row, 0)?, PostSaved::Created)
                    }
                };
                for path in &post.links {
                    sqlx::query(
                        "INSERT INTO article_links (path, article_id) VALUES ($1, $2) \
                         ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id",
                    )
                    .bind(path)
                    .bind(article_id)
                    .execute(&mut *tx)
                    .await?;
                }
                // What okur has of this post's comments: WordPress id → (id, depth, parent, root).
                let known: Vec<(i64, i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT wp_id, id, depth, parent_id, root_id FROM comments WHERE article_id = $1 AND wp_id IS NOT NULL",
                )
                .bind(article_id)
                .fetch_all(&mut *tx)
                .await?;
                let mut placed: std::collections::HashMap<i64, (i64, i64, Option<i64>, Option<i64>)> =
                    known.into_iter().map(|(wp, id, depth, parent, root)| (wp, (id, depth, parent, root))).collect();
                let mut outcome = PostOutcome { article: saved, ..PostOutcome::default() };
                let in_file: std::collections::HashSet<i64> = post.comments.iter().map(|c| c.wp_id).collect();
                let mut waiting: Vec<&ImportedComment> = Vec::new();
                for comment in &post.comments {
                    if placed.contains_key(&comment.wp_id) {
                        outcome.comments_existing += 1;
                    } else {
                        waiting.push(comment);
                    }
                }
                let mut roots = std::collections::BTreeSet::new();
                let mut orphans = std::collections::HashSet::new();
                // Parents first: a pass places every comment whose parent is placed or absent.
                while !waiting.is_empty() {
                    let before = waiting.len();
                    let mut later = Vec::new();
                    for comment in waiting {
                        let parent = comment
                            .wp_parent
                            .filter(|p| !orphans.contains(&comment.wp_id) && (in_file.contains(p) || placed.contains_key(p)));
                        let parent = match parent {
                            None => None,
                            Some(p) => match placed.get(&p) {
                                Some(found) => Some(*found),
                                None => {
                                    later.push(comment);
                                    continue;
                                }
                            },
                        };
                        let (parent_id, root_id, depth) = match parent {
                            None => (None, None, 1),
                            // Too deep: a sibling of the parent instead of its child, as the API does.
                            Some((_, depth, grand, root)) if depth >= i64::from(MAX_DEPTH) => {
                                (grand, root, i64::from(MAX_DEPTH))
                            }
                            Some((id, depth, _, root)) => (Some(id), Some(root.unwrap_or(id)), depth + 1),
                        };
                        let id: i64 = sqlx::query_scalar(&format!("SELECT {}", <$db as Dialect>::NEXT_COMMENT_ID))
                            .fetch_one(&mut *tx)
                            .await?;
                        let key = root_id.map(|_| format!("{}{id:019}", comment.created_at));
                        let seq = match comment.status {
                            CommentState::Published => <$db as Dialect>::NEXT_PUBLICATION,
                            _ => "NULL",
                        };
                        sqlx::query(&format!(
                            "INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, \
                             body, status, created_at, duplicate_key, wp_id, id, thread_key, published_seq) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
                             COALESCE((SELECT p.thread_key FROM comments p WHERE p.id = $2), '') || $13, {seq})"
                        ))
                        .bind(article_id)
                        .bind(parent_id)
                        .bind(root_id)
                        .bind(depth)
                        .bind(&comment.author_name)
                        .bind(&comment.author_email)
                        .bind(&comment.body)
                        .bind(comment.status)
                        .bind(&comment.created_at)
                        .bind(&comment.duplicate_key)
                        .bind(comment.wp_id)
                        .bind(id)
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                        roots.extend(root_id);
                        placed.insert(comment.wp_id, (id, depth, parent_id, root_id));
                        match comment.status {
                            CommentState::Published => outcome.comments_published += 1,
                            _ => outcome.comments_held += 1,
                        }
                    }
                    if later.len() == before {
                        // A loop of parents (a broken export): the rest become threads of their own.
                        orphans.extend(later.iter().map(|c| c.wp_id));
                    }
                    waiting = later;
                }
                for root in roots {
                    Self::recount_thread(&mut *tx, root).await?;
                }
                tx.commit().await?;
                Ok(outcome)
            }

            /// Carries out a moderator's decision on a comment (approve, reject or delete, with its
            /// thread's count) and writes it to the audit trail, in one transaction; false when
            /// there is no such comment.
            pub(crate) async fn moderate_comment(&self, id: i64, action: Action, moderator: &str) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with(<$db as Dialect>::BEGIN_WRITE).await?;
                let found: Option<(Option<i64>, String, i64)> = sqlx::query_as(
                    "SELECT c.root_id, a.slug, a.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((root, slug, article_id)) = found else {
                    return Ok(false);
                };
                // Publications on one article are numbered in the order they commit.
                if let Some(lock) = <$db as Dialect>::COMMENT_LOCK {
                    sqlx::query(lock).bind(article_id).execute(&mut *tx).await?;
                }
                match action {
                    Action::Approve | Action::Reject => {
                        let status =
                            if action == Action::Approve { CommentState::Published } else { CommentState::Rejected };
                        Self::set_status(&mut *tx, id, status).await?;
                    }
                    Action::Delete => {
                        sqlx::query("DELETE FROM comments WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    }
                    Action::Open | Action::Close => return Ok(false),
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

            /// Opens or closes an article to comments and writes it to the audit trail; false when
            /// there is no such article.
            pub(crate) async fn open_comments(&self, slug: &str, open: bool, moderator: &str) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin_with(<$db as Dialect>::BEGIN_WRITE).await?;
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

            /// Adds a moderator; false when the name is taken.
            pub(crate) async fn add_moderator(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
                let added: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO moderators (name, password_hash, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO NOTHING RETURNING id",
                )
                .bind(name)
                .bind(hash)
                .bind(Stamp::now().to_string())
                .fetch_optional(&self.pool)
                .await?;
                Ok(added.is_some())
            }

            /// The moderators: name, since when, and how many sessions they have open.
            pub(crate) async fn moderators(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
                Ok(sqlx::query_as(
                    "SELECT m.name, m.created_at, (SELECT COUNT(*) FROM moderator_sessions s \
                     WHERE s.moderator_id = m.id AND s.last_seen >= $1) FROM moderators m ORDER BY m.name",
                )
                .bind(Stamp::now().before(crate::moderators::IDLE).to_string())
                .fetch_all(&self.pool)
                .await?)
            }

            /// Removes a moderator and their sessions; false when there is none by that name.
            pub(crate) async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError> {
                let done = sqlx::query("DELETE FROM moderators WHERE name = $1").bind(name).execute(&self.pool).await?;
                Ok(done.rows_affected() > 0)
            }

            /// Sets a moderator's password hash and ends their sessions; false when there is none.
            pub(crate) async fn set_moderator_password(&self, name: &str, hash: &str) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await?;
                let id: Option<i64> =
                    sqlx::query_scalar("UPDATE moderators SET password_hash = $2 WHERE name = $1 RETURNING id")
                        .bind(name)
                        .bind(hash)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(id) = id {
                    sqlx::query("DELETE FROM moderator_sessions WHERE moderator_id = $1").bind(id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(id.is_some())
            }

            /// A moderator's id and password hash.
            pub(crate) async fn moderator_hash(&self, name: &str) -> Result<Option<(i64, String)>, StoreError> {
                Ok(sqlx::query_as("SELECT id, password_hash FROM moderators WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            /// Opens a session, stored by its token's hash, with its CSRF token.
            pub(crate) async fn open_session(&self, token_hash: &str, moderator_id: i64, csrf: &str) -> Result<(), StoreError> {
                let now = Stamp::now().to_string();
                sqlx::query(
                    "INSERT INTO moderator_sessions (token_hash, moderator_id, csrf, created_at, last_seen) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(token_hash)
                .bind(moderator_id)
                .bind(csrf)
                .bind(&now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            /// The moderator's name and CSRF token of a live session (used within the idle time),
            /// marking it used now; none for an unknown or idle one (removed then).
            pub(crate) async fn session(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError> {
                let now = Stamp::now();
                let cutoff = now.before(crate::moderators::IDLE).to_string();
                sqlx::query("DELETE FROM moderator_sessions WHERE token_hash = $1 AND last_seen < $2")
                    .bind(token_hash)
                    .bind(&cutoff)
                    .execute(&self.pool)
                    .await?;
                let found: Option<(String, String)> = sqlx::query_as(
                    "UPDATE moderator_sessions SET last_seen = $2 WHERE token_hash = $1 \
                     RETURNING (SELECT name FROM moderators m WHERE m.id = moderator_id), csrf",
                )
                .bind(token_hash)
                .bind(now.to_string())
                .fetch_optional(&self.pool)
                .await?;
                Ok(found)
            }

            /// Ends a session.
            pub(crate) async fn close_session(&self, token_hash: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM moderator_sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
                Ok(())
            }

            /// Failed logins of `key` in the current window, and when the window started.
            pub(crate) async fn login_failures(&self, key: &str) -> Result<Option<(i64, String)>, StoreError> {
                Ok(sqlx::query_as("SELECT failures, first_at FROM login_failures WHERE key = $1 AND first_at >= $2")
                    .bind(key)
                    .bind(Stamp::now().before(crate::moderators::WINDOW).to_string())
                    .fetch_optional(&self.pool)
                    .await?)
            }

            /// Counts a failed login of `key` (a window older than 15 minutes starts again); the count.
            pub(crate) async fn fail_login(&self, key: &str) -> Result<i64, StoreError> {
                let now = Stamp::now();
                Ok(sqlx::query_scalar(
                    "INSERT INTO login_failures (key, failures, first_at) VALUES ($1, 1, $2) \
                     ON CONFLICT (key) DO UPDATE SET \
                       failures = CASE WHEN login_failures.first_at < $3 THEN 1 ELSE login_failures.failures + 1 END, \
                       first_at = CASE WHEN login_failures.first_at < $3 THEN $2 ELSE login_failures.first_at END \
                     RETURNING failures",
                )
                .bind(key)
                .bind(now.to_string())
                .bind(now.before(crate::moderators::WINDOW).to_string())
                .fetch_one(&self.pool)
                .await?)
            }

            /// Forgets the failed logins of `key`.
            pub(crate) async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
                Ok(())
            }

            /// The audit trail, newest first: of one comment, or the latest `limit` decisions.
            pub(crate) async fn decisions(&self, comment_id: Option<i64>, limit: u32) -> Result<Vec<Decision>, StoreError> {
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

            /// The moderation page's list: held comments oldest first, or recent published ones
            /// newest first, across all articles, with the article and the comment answered.
            pub(crate) async fn moderation_queue(&self, queue: Queue, limit: u32) -> Result<Vec<QueuedComment>, StoreError> {
                let (status, order) = match queue {
                    Queue::Held => ("pending", "ASC"),
                    Queue::Recent => ("published", "DESC"),
                };
                let sql = format!(
                    "SELECT c.id, c.parent_id, c.depth, c.author_name, c.body, c.created_at, c.status, c.author_email, \
                     a.slug, a.title, a.comments_open, p.author_name AS parent_author, p.body AS parent_body \
                     FROM comments c JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id \
                     WHERE c.status = '{status}' ORDER BY c.created_at {order}, c.id {order} LIMIT $1"
                );
                let rows: Vec<QueueRecord> = sqlx::query_as(&sql).bind(i64::from(limit)).fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(QueuedComment::from).collect())
            }

            /// The latest stories (scheduled ones too), newest first, with their comment state.
            pub(crate) async fn stories(&self, limit: u32) -> Result<Vec<Story>, StoreError> {
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

            /// SQLite's own check of the whole file: `ok`, or the first problem it found.
            pub(crate) async fn integrity_check(&self) -> Result<String, StoreError> {
                Ok(sqlx::query_scalar(<$db as Dialect>::INTEGRITY_CHECK).fetch_one(&self.pool).await?)
            }
        }

        /// The values an article write binds, as `$1`–`$11` in this order: slug, title, summary,
        /// published_at, author, category, image_src, image_alt, body, comments_open, now, language.
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
            fn bind(self, sql: &'a str) -> sqlx::query::Query<'a, $db, <$db as sqlx::Database>::Arguments<'a>> {
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
                    .bind(a.language.as_deref())
            }
        }
    };
}

/// SQLite's expansion.
mod sqlite {
    use super::*;
    queries!(sqlx::Sqlite);
}

/// PostgreSQL's expansion.
mod postgres {
    use super::*;
    queries!(sqlx::Postgres);
}
