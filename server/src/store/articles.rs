//! The articles' queries: listing, reading, writing (one file's articles at a time, or one
//! WordPress post with its comments), old addresses, and scheduled articles coming out.

use okur_types::comments::MAX_DEPTH;
use okur_types::{Article, ArticleSummary};

use super::columns::{bind_columns, insert, update, Columns};
use super::dialect::Dialect;
use super::model::{CommentState, ImportedComment, ImportedPost, Listing, Position, PostOutcome, PostSaved, Saved};
use super::records::{ArticleRecord, SummaryRecord, SUMMARY_COLUMNS};
use super::{storable, Backend, Inner, Listed, Store, StoreError};
use crate::domain::article::NewArticle;
use crate::domain::stamp::Stamp;

queries! {
    /// Every article's slug and last change, newest first, for the sitemap.
    pub async fn sitemap(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT slug, updated_at FROM articles WHERE published_at <= $1 ORDER BY published_at DESC, id DESC",
        )
        .bind(Stamp::now().to_string())
        .fetch_all(&self.pool)
        .await?)
    }

    /// One page of articles, newest first, how many there are in all and the next page's
    /// cursor; an unknown cursor (`Position::After` a slug that is not there) is an error.
    pub async fn list_articles(
        &self,
        position: &Position,
        per_page: u32,
    ) -> Result<Listing<ArticleSummary>, StoreError> {
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
                    return Err(StoreError::UnknownCursor(Listed::Articles));
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
        Ok((items, u64::try_from(total).unwrap_or(0), next))
    }

    /// The whole article with this slug, if there is one.
    pub async fn article(&self, slug: &str) -> Result<Option<Article>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, a.id, a.body, a.comments_open FROM articles a \
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
        let picks = self.article_picks(row.id).await?;
        let corrections = self.article_corrections(row.id).await?;
        Ok(Some(Article { summary, body, comments_open: row.comments_open, picks, corrections }))
    }

    /// Writes these articles in one transaction: all of them, or none if anything fails.
    /// An article whose slug exists replaces the stored one.
    pub async fn save_articles(&self, articles: &[NewArticle]) -> Result<Vec<Saved>, StoreError> {
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin().await?;
        let mut outcomes = Vec::with_capacity(articles.len());
        for article in articles {
            let body = serde_json::to_string(&article.body)
                .map_err(|source| StoreError::CorruptBody { slug: article.slug.clone(), source })?;
            let columns = Columns { article, body: &body, now: &now };
            // UPDATE first, so that the transaction takes the write lock at its first statement
            // and a concurrent writer waits for it instead of failing on a lock upgrade.
            let updated: Option<i64> = columns
                .bind_scalar(&update("", "slug = $1"))
                .fetch_optional(&mut *tx)
                .await?;
            let id = match updated {
                Some(id) => {
                    outcomes.push(Saved::Updated);
                    id
                }
                None => {
                    outcomes.push(Saved::Created);
                    columns
                        .bind_scalar(&insert("", ""))
                        .fetch_one(&mut *tx)
                        .await?
                }
            };
            Self::index_article(&mut tx, id, article, &self.default_language).await?;
            Self::changed_behind_the_desk(&mut tx, id, &now).await?;
            Self::own_address(&mut tx, &article.slug).await?;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// The slug of the article an old address key leads to, if any.
    pub async fn old_link(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT a.slug FROM article_links l JOIN articles a ON a.id = l.article_id \
             WHERE l.path = $1 AND a.published_at <= $2",
        )
        .bind(key)
        .bind(Stamp::now().to_string())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The next scheduled article, as (slug, when it is due), if there is one (a story off the
    /// site is not scheduled).
    pub async fn next_scheduled(&self) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT slug, published_at FROM articles WHERE published_at > $1 AND published_at <> $2 \
             ORDER BY published_at ASC LIMIT 1",
        )
        .bind(Stamp::now().to_string())
        .bind(crate::domain::story::HIDDEN_AT)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Marks an article changed so that every server's cache lets its answers go.
    pub async fn touch_article(&self, slug: &str) -> Result<(), StoreError> {
        // A real change of the row (PostgreSQL's trigger compares values): what lists it changed.
        sqlx::query("UPDATE articles SET updated_at = $2 WHERE slug = $1")
            .bind(slug)
            .bind(Stamp::now().to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores one WordPress post with its old addresses and new comments, in one transaction.
    pub async fn import_post(&self, post: &ImportedPost) -> Result<PostOutcome, StoreError> {
        let now = Stamp::now().to_string();
        let article = &post.article;
        let body = serde_json::to_string(&article.body)
            .map_err(|source| StoreError::CorruptBody { slug: article.slug.clone(), source })?;
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        // A post is known by its site and its id. One imported before okur kept the site has
        // none yet: this import names it (the site's own row first, should both be there).
        #[allow(clippy::type_complexity)]
        let found: Option<(i64, String, Option<String>, bool)> = sqlx::query_as(
            "SELECT id, slug, import_hash, wp_site IS NULL FROM articles \
             WHERE wp_id = $2 AND (wp_site = $1 OR wp_site IS NULL) ORDER BY wp_site IS NULL LIMIT 1",
        )
        .bind(&post.wp_site)
        .bind(post.wp_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, _, _, true)) = &found {
            sqlx::query("UPDATE articles SET wp_site = $1 WHERE id = $2")
                .bind(&post.wp_site)
                .bind(*id)
                .execute(&mut *tx)
                .await?;
        }
        let existing = found.map(|(id, slug, hash, _)| (id, slug, hash));
        // On PostgreSQL, comment writes to an article okur has wait for this import, and
        // before any row is touched: a comment write holds the lock while it updates the
        // article's counts, so taking the lock after the article's row would deadlock.
        if let (Some((id, _, _)), Some(lock)) = (&existing, <Db as Dialect>::COMMENT_LOCK) {
            sqlx::query(lock).bind(*id).execute(&mut *tx).await?;
        }
        let (article_id, saved) = match existing {
            Some((id, _, hash)) if hash.as_deref() == Some(post.hash.as_str()) => (id, PostSaved::Unchanged),
            Some((id, slug, _)) => {
                let article = &NewArticle { slug, ..article.clone() };
                // The slug stays: links to it are out there.
                let columns = Columns { article, body: &body, now: &now };
                let sql = update(", import_hash = $18", "slug = $1");
                columns.bind(&sql).bind(&post.hash).execute(&mut *tx).await?;
                Self::index_article(&mut tx, id, article, &self.default_language).await?;
                Self::changed_behind_the_desk(&mut tx, id, &now).await?;
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
                let columns = Columns { article: &renamed, body: &body, now: &now };
                let sql = insert(", wp_id, import_hash, wp_site", ", $18, $19, $20");
                let id: i64 = columns
                    .bind_scalar(&sql)
                    .bind(post.wp_id)
                    .bind(&post.hash)
                    .bind(&post.wp_site)
                    .fetch_one(&mut *tx)
                    .await?;
                Self::index_article(&mut tx, id, &renamed, &self.default_language).await?;
                Self::own_address(&mut tx, &renamed.slug).await?;
                (id, PostSaved::Created)
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
        #[allow(clippy::type_complexity)] // one row of five columns, named below
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
                let id: i64 = sqlx::query_scalar(&format!("SELECT {}", <Db as Dialect>::NEXT_COMMENT_ID))
                    .fetch_one(&mut *tx)
                    .await?;
                let key = root_id.map(|_| format!("{}{id:019}", comment.created_at));
                let seq = match comment.status {
                    CommentState::Published => <Db as Dialect>::NEXT_PUBLICATION,
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

    private {
    impl Inner<Db> {
        /// A story's own address is no old address of another (the desk renamed one away from it).
        async fn own_address(tx: &mut sqlx::Transaction<'static, Db>, slug: &str) -> Result<(), StoreError> {
            sqlx::query("DELETE FROM article_links WHERE path = $1").bind(format!("/articles/{slug}")).execute(&mut **tx).await?;
            Ok(())
        }

        /// An import changed a story: an editor's save on the version they saw before it is
        /// refused (412), so the import is not overwritten unseen.
        async fn changed_behind_the_desk(tx: &mut sqlx::Transaction<'static, Db>, id: i64, now: &str) -> Result<(), StoreError> {
            sqlx::query("UPDATE stories SET version = version + 1, changed_by = 'okur import', changed_at = $2 WHERE article_id = $1")
                .bind(id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }

    /// A write's columns bound to its statement.
    trait Bound<'a> {
        /// A query with all seventeen values bound.
        fn bind(self, sql: &'a str) -> sqlx::query::Query<'a, Db, <Db as sqlx::Database>::Arguments<'a>>;
        /// A query answering one `i64` (`RETURNING id`), with all seventeen values bound.
        fn bind_scalar(self, sql: &'a str) -> sqlx::query::QueryScalar<'a, Db, i64, <Db as sqlx::Database>::Arguments<'a>>;
    }

    impl<'a> Bound<'a> for Columns<'a> {
        /// A query with all seventeen values bound.
        fn bind(self, sql: &'a str) -> sqlx::query::Query<'a, Db, <Db as sqlx::Database>::Arguments<'a>> {
            bind_columns!(sqlx::query(sql), self)
        }

        /// A query answering one `i64` (`RETURNING id`), with all seventeen values bound.
        fn bind_scalar(self, sql: &'a str) -> sqlx::query::QueryScalar<'a, Db, i64, <Db as sqlx::Database>::Arguments<'a>> {
            bind_columns!(sqlx::query_scalar(sql), self)
        }
    }
    }
}
