//! The search index and its queries: each article's terms (crate::domain::search) written in
//! the same transaction as the article, ranked search, related stories, and bringing older rows
//! (or rows indexed by an older version of the terms) up to date.

use okur_types::{ArticleSummary, Block};

use super::dialect::Dialect;
use super::model::{Found, SEARCH_CANDIDATES, SEARCH_DEPTH_MAX};
use super::records::{SummaryRecord, SUMMARY_COLUMNS};
use super::{Backend, Inner, Store, StoreError};
use crate::domain::article::shelf_slugs;
use crate::domain::article::NewArticle;
use crate::domain::search::{body_text, index_text, Query};
use crate::domain::stamp::Stamp;

/// The version of the search terms the index holds: raised when [`index_text`] changes, so that
/// every article is indexed again at the next start.
pub(crate) const SEARCH_VERSION: i64 = 1;
/// The most index text kept of one body, in bytes (a tsvector holds at most 1 MB).
const INDEX_BODY_MAX: usize = 300_000;

/// An article's section and author as URL names.
pub(crate) fn article_slugs(article: &NewArticle) -> (String, String) {
    shelf_slugs(&article.category, &article.author)
}

/// The columns of a search result.
#[derive(Debug, sqlx::FromRow)]
struct FoundRecord {
    #[sqlx(flatten)]
    summary: SummaryRecord,
    body: String,
}

/// An article's row as indexing reads it.
#[derive(Debug, sqlx::FromRow)]
struct IndexRecord {
    id: i64,
    title: String,
    summary: String,
    author: String,
    category: String,
    language: Option<String>,
    body: String,
}

queries! {
    /// One page of search results, best first, and the cursor (an offset) of the next.
    pub async fn search(&self, query: &Query, offset: u32, per_page: u32) -> Result<(Vec<Found>, Option<String>), StoreError> {
        if offset >= SEARCH_DEPTH_MAX {
            return Ok((Vec::new(), None));
        }
        let text = if <Db as Dialect>::FTS5 { query.fts5() } else { query.tsquery() };
        let take = per_page.min(SEARCH_DEPTH_MAX - offset);
        let candidates = self.candidates(&text).await?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, a.body {} {} LIMIT $4 OFFSET $5",
            <Db as Dialect>::SEARCH_FROM,
            <Db as Dialect>::SEARCH_ORDER
        );
        // Planned for each query's own words (not prepared once): PostgreSQL's generic plan for
        // a statement run often knows no word, and scans every match of a common one.
        let rows: Vec<FoundRecord> = sqlx::query_as(&sql)
            .persistent(false)
            .bind(&text)
            .bind(Stamp::now().to_string())
            .bind(&candidates)
            .bind(i64::from(take) + 1)
            .bind(i64::from(offset))
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > take as usize && offset + take < SEARCH_DEPTH_MAX;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows.into_iter().take(take as usize) {
            let summary = row.summary.into_summary(&self.default_language);
            let body = serde_json::from_str(&row.body)
                .map_err(|source| StoreError::CorruptBody { slug: summary.slug.clone(), source })?;
            found.push((summary, body));
        }
        Ok((found, more.then(|| (offset + take).to_string())))
    }

    /// Up to `limit` stories for the end of an article: its section's stories that share the
    /// most words with its title and summary (the index's own ranking), then its section's
    /// newest; never itself, never one not yet published.
    pub async fn related(&self, slug: &str, limit: u32) -> Result<Vec<ArticleSummary>, StoreError> {
        let now = Stamp::now().to_string();
        let me: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, section, title, summary FROM articles WHERE slug = $1 AND published_at <= $2",
        )
        .bind(slug)
        .bind(&now)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, section, title, summary)) = me else {
            return Ok(Vec::new());
        };
        let limit = i64::from(limit);
        let mut found: Vec<SummaryRecord> = Vec::new();
        if let Some(query) = Query::similar_to(&title, &summary) {
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} {} AND a.section = $6 AND a.id <> $7 {} LIMIT $4 OFFSET $5",
                <Db as Dialect>::SEARCH_FROM,
                <Db as Dialect>::SEARCH_ORDER
            );
            let text = query.any(<Db as Dialect>::FTS5);
            let candidates = self.candidates(&text).await?;
            found = sqlx::query_as(&sql)
                .persistent(false)
                .bind(&text)
                .bind(&now)
                .bind(&candidates)
                .bind(limit)
                .bind(0_i64)
                .bind(&section)
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        }
        if (found.len() as i64) < limit {
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.section = $1 AND a.id <> $2 \
                 AND a.published_at <= $3 ORDER BY a.published_at DESC, a.id DESC LIMIT $4"
            );
            let newest: Vec<SummaryRecord> = sqlx::query_as(&sql)
                .bind(&section)
                .bind(id)
                .bind(&now)
                .bind(limit * 2)
                .fetch_all(&self.pool)
                .await?;
            for row in newest {
                if (found.len() as i64) < limit && !found.iter().any(|f| f.slug() == row.slug()) {
                    found.push(row);
                }
            }
        }
        Ok(found.into_iter().map(|row| row.into_summary(&self.default_language)).collect())
    }

    /// Brings every article's derived columns (section, author) and search entry up to date
    /// with this version, a batch at a time; returns how many were indexed.
    pub async fn reindex(&self) -> Result<u64, StoreError> {
        let mut done = 0;
        loop {
            let rows: Vec<IndexRecord> = sqlx::query_as(
                "SELECT id, title, summary, author, category, language, body FROM articles \
                 WHERE search_version <> $1 ORDER BY id LIMIT 200",
            )
            .bind(SEARCH_VERSION)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                return Ok(done);
            }
            let mut tx = self.pool.begin().await?;
            for row in rows {
                let body: Vec<Block> = serde_json::from_str(&row.body).unwrap_or_default();
                let (section, author) = shelf_slugs(&row.category, &row.author);
                sqlx::query("UPDATE articles SET section = $2, author_slug = $3, search_version = $4 WHERE id = $1")
                    .bind(row.id)
                    .bind(section)
                    .bind(author)
                    .bind(SEARCH_VERSION)
                    .execute(&mut *tx)
                    .await?;
                let language = row.language.as_deref().unwrap_or(&self.default_language);
                let entry = Entry::of(&row.title, &row.summary, &row.author, &row.category, &body, language);
                entry.write(&mut tx, row.id).await?;
                done += 1;
            }
            tx.commit().await?;
        }
    }

    private {
    impl Inner<Db> {
        /// A search's candidates as its `$3` (`Dialect::SEARCH_FROM`): how many, or the ids of
        /// the newest entries matching `text`.
        async fn candidates(&self, text: &str) -> Result<String, StoreError> {
            let Some(sql) = <Db as Dialect>::SEARCH_CANDIDATES else {
                return Ok(SEARCH_CANDIDATES.to_string());
            };
            let mut tx = self.pool.begin().await?;
            for setting in <Db as Dialect>::SEARCH_PLAN {
                sqlx::query(setting).execute(&mut *tx).await?;
            }
            let ids: Vec<i64> = sqlx::query_scalar(sql)
                .persistent(false)
                .bind(text)
                .bind(i64::from(SEARCH_CANDIDATES))
                .fetch_all(&mut *tx)
                .await?;
            tx.rollback().await?;
            Ok(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
        }
    }

    /// What the index holds of one article: each column's terms.
    struct Entry {
        title: String,
        summary: String,
        people: String,
        body: String,
    }

    impl Entry {
        /// The terms of an article's fields, in its language.
        fn of(title: &str, summary: &str, author: &str, category: &str, body: &[Block], language: &str) -> Entry {
            let mut body = index_text(&body_text(body), language);
            if body.len() > INDEX_BODY_MAX {
                let cut = body[..INDEX_BODY_MAX].rfind(' ').unwrap_or(0);
                body.truncate(cut);
            }
            Entry {
                title: index_text(title, language),
                summary: index_text(summary, language),
                people: index_text(&format!("{author} {category}"), language),
                body,
            }
        }

        /// Replaces the article's entry in the index.
        async fn write(&self, tx: &mut sqlx::Transaction<'static, Db>, id: i64) -> Result<(), StoreError> {
            sqlx::query(<Db as Dialect>::SEARCH_DELETE).bind(id).execute(&mut **tx).await?;
            sqlx::query(<Db as Dialect>::SEARCH_INSERT)
                .bind(id)
                .bind(&self.title)
                .bind(&self.summary)
                .bind(&self.people)
                .bind(&self.body)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }

    impl Inner<Db> {
        /// Writes an article's search entry, inside the transaction that writes the article.
        pub(in crate::store) async fn index_article(
            tx: &mut sqlx::Transaction<'static, Db>,
            id: i64,
            article: &NewArticle,
            default_language: &str,
        ) -> Result<(), StoreError> {
            let language = article.language.as_deref().unwrap_or(default_language);
            let (title, summary) = (&article.title, &article.summary);
            let entry = Entry::of(title, summary, &article.author, &article.category, &article.body, language);
            entry.write(tx, id).await
        }
    }
    }
}
