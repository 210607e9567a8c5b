//! The store's queries, written once and compiled for each database: the macro below expands
//! to an `impl` for SQLite and one for PostgreSQL. The SQL is the same for both (numbered
//! parameters, standard types); what differs is in [`Dialect`].

use okur_types::comments::{Comment, CommentOrder, Replies, MAX_DEPTH, REPLIES_INLINE};
use okur_types::{Article, ArticleSummary, Page};

use super::records::{ArticleRecord, CommentRecord, ModerationRecord, ParentRecord, SummaryRecord};
use super::{
    thread_order, CommentRejected, CommentRow, CommentState, CommentTarget, Dialect, Inner, Listing, ModerationRow,
    NewArticle, Position, Saved, StoreError, UnknownCursor, COMMENT_COLUMNS, SUMMARY_COLUMNS,
};
use crate::content::Stamp;

/// The queries of one database.
macro_rules! queries {
    ($db:ty) => {
        impl Inner<$db> {
             /// Every article's slug and last change, newest first, for the sitemap.
            pub(crate) async fn sitemap(&self) -> Result<Vec<(String, String)>, StoreError> {
                Ok(sqlx::query_as("SELECT slug, updated_at FROM articles ORDER BY published_at DESC, id DESC")
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
                let rows: Vec<SummaryRecord> = match position {
                    Position::Page(page) => {
                        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
                        let sql = format!(
                            "SELECT {SUMMARY_COLUMNS} FROM articles a \
                             ORDER BY a.published_at DESC, a.id DESC LIMIT $1 OFFSET $2"
                        );
                        sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(&self.pool).await?
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
                             ORDER BY a.published_at DESC, a.id DESC LIMIT $1"
                        );
                        sqlx::query_as(&sql).bind(limit).bind(published_at).bind(id).fetch_all(&self.pool).await?
                    }
                };
                let more = rows.len() > per_page as usize;
                let items: Vec<ArticleSummary> = rows
                    .into_iter()
                    .take(per_page as usize)
                    .map(|row| row.into_summary(&self.default_language))
                    .collect();
                let next = more.then(|| items.last().map(|a| a.slug.clone())).flatten();
                let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles").fetch_one(&self.pool).await?;
                Ok(Ok((items, u64::try_from(total).unwrap_or(0), next)))
            }

            /// The whole article with this slug, if there is one.
            pub(crate) async fn article(&self, slug: &str) -> Result<Option<Article>, StoreError> {
                let sql = format!("SELECT {SUMMARY_COLUMNS}, a.body, a.comments_open FROM articles a WHERE a.slug = $1");
                let Some(row): Option<ArticleRecord> = sqlx::query_as(&sql).bind(slug).fetch_optional(&self.pool).await?
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

            /// The article a comment would go under, if it exists.
            pub(crate) async fn comment_target(&self, slug: &str) -> Result<Option<CommentTarget>, StoreError> {
                Ok(sqlx::query_as("SELECT id AS article_id, comments_open FROM articles WHERE slug = $1")
                    .bind(slug)
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
                let roots: Vec<CommentRecord> = match position {
                    Position::Page(page) => {
                        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
                        sqlx::query_as(&format!(
                            "SELECT {COMMENT_COLUMNS} FROM comments WHERE article_id = $1 AND parent_id IS NULL \
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
                            "SELECT {COMMENT_COLUMNS} FROM comments WHERE article_id = $1 AND parent_id IS NULL \
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
                let roots: Vec<Comment> = roots.into_iter().take(per_page as usize).map(Comment::from).collect();
                let next = more.then(|| roots.last().map(|r| r.id.to_string())).flatten();
                let total: i64 = sqlx::query_scalar("SELECT thread_count FROM articles WHERE id = $1")
                    .bind(article_id)
                    .fetch_one(&self.pool)
                    .await?;
                let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
                let mut orders = self.reply_order(&root_ids).await?;
                let shown: Vec<i64> = root_ids
                    .iter()
                    .flat_map(|root| orders.get(root).into_iter().flatten().take(REPLIES_INLINE as usize).copied())
                    .collect();
                let mut replies = self.comments_by_id(&shown).await?;
                let mut out = Vec::with_capacity(roots.len() + shown.len());
                for mut root in roots {
                    let order = orders.remove(&root.id).unwrap_or_default();
                    let inline = order.len().min(REPLIES_INLINE as usize);
                    root.more_replies = u32::try_from(order.len() - inline).unwrap_or(u32::MAX);
                    out.push(root);
                    out.extend(order[..inline].iter().filter_map(|id| replies.remove(id)));
                }
                Ok(Ok((out, u64::try_from(total).unwrap_or(0), next)))
            }

            /// Up to `limit` replies of the thread under top-level comment `root`, in display order,
            /// after reply `after` (from the start without one); none when `root` is not a published
            /// top-level comment of the article.
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
                let order = self.reply_order(&[root]).await?.remove(&root).unwrap_or_default();
                let start = match after {
                    None => 0,
                    Some(after) => match order.iter().position(|id| *id == after) {
                        Some(at) => at + 1,
                        None => return Ok(Some(Err(UnknownCursor))),
                    },
                };
                let page: Vec<i64> = order[start..].iter().take(limit as usize).copied().collect();
                let mut found = self.comments_by_id(&page).await?;
                let items: Vec<Comment> = page.iter().filter_map(|id| found.remove(id)).collect();
                let remaining = u32::try_from(order.len() - start - page.len()).unwrap_or(u32::MAX);
                Ok(Some(Ok(Replies { items, remaining })))
            }

            /// The published replies of each thread, as ids in display order (depth first, oldest
            /// first), by top-level comment. Only ids and parents are read: the threads' text is
            /// fetched for the replies an answer shows.
            async fn reply_order(&self, roots: &[i64]) -> Result<std::collections::HashMap<i64, Vec<i64>>, StoreError> {
                let mut orders = std::collections::HashMap::new();
                if roots.is_empty() {
                    return Ok(orders);
                }
                // By thread only (a thread is its article's): with the article in the condition
                // SQLite walks all of the article's comments by that index instead.
                let placeholders = (1..=roots.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                let sql = format!(
                    "SELECT id, parent_id, root_id FROM comments WHERE root_id IN ({placeholders}) \
                     AND status = 'published' ORDER BY created_at ASC, id ASC"
                );
                let mut query = sqlx::query_as::<_, (i64, i64, i64)>(&sql);
                for root in roots {
                    query = query.bind(root);
                }
                let links = query.fetch_all(&self.pool).await?;
                for root in roots {
                    orders.insert(*root, thread_order(*root, &links));
                }
                Ok(orders)
            }

            /// The public columns of these comments, by id.
            async fn comments_by_id(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, Comment>, StoreError> {
                if ids.is_empty() {
                    return Ok(std::collections::HashMap::new());
                }
                let placeholders = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                let sql = format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE id IN ({placeholders})");
                let mut query = sqlx::query_as::<_, CommentRecord>(&sql);
                for id in ids {
                    query = query.bind(id);
                }
                let rows = query.fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(|row| (row.id_of(), Comment::from(row))).collect())
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
                let (parent_id, root_id, depth) = match row.parent_id {
                    None => (None, None, 1u8),
                    Some(asked) => {
                        let parent: ParentRecord = sqlx::query_as(
                            "SELECT id, parent_id, root_id, depth FROM comments \
                             WHERE id = $1 AND article_id = $2 AND status = 'published'",
                        )
                        .bind(asked)
                        .bind(row.article_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(StoreError::from)?
                        .ok_or(CommentRejected::UnknownParent)?;
                        let ParentRecord { id, parent_id: grand, root_id: root, depth } = parent;
                        let depth = u8::try_from(depth).unwrap_or(MAX_DEPTH);
                        if depth >= MAX_DEPTH {
                            // Too deep: a sibling of the parent instead of its child.
                            (grand, root, MAX_DEPTH)
                        } else {
                            (Some(id), Some(root.unwrap_or(id)), depth + 1)
                        }
                    }
                };
                let inserted: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(
                    "INSERT INTO comments (article_id, parent_id, root_id, depth, author_name, author_email, body, status, \
                                           created_at, duplicate_key) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $11 \
                     WHERE NOT EXISTS (SELECT 1 FROM comments WHERE article_id = $1 AND duplicate_key = $11 \
                                       AND created_at >= $10 AND status <> 'rejected') \
                     RETURNING id",
                )
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
                .fetch_optional(&mut *tx)
                .await;
                let id: i64 = match inserted {
                    Ok(Some(id)) => id,
                    Ok(None) => return Err(CommentRejected::Duplicate),
                    Err(sqlx::Error::Database(err)) if err.is_foreign_key_violation() => {
                        return Err(CommentRejected::UnknownParent)
                    }
                    Err(err) => return Err(StoreError::from(err).into()),
                };
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

            /// Sets a comment's status; false when there is no such comment.
            pub(crate) async fn set_comment_status(&self, id: i64, status: CommentState) -> Result<bool, StoreError> {
                let done = sqlx::query("UPDATE comments SET status = $2 WHERE id = $1")
                    .bind(id)
                    .bind(status)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            /// Deletes a comment and its replies; false when there is no such comment.
            pub(crate) async fn delete_comment(&self, id: i64) -> Result<bool, StoreError> {
                let done = sqlx::query("DELETE FROM comments WHERE id = $1").bind(id).execute(&self.pool).await?;
                Ok(done.rows_affected() > 0)
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
