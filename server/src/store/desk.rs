//! The desk's queries: stories in any state (drafts and scheduled ones included), writing one
//! with its revision, its audit lines and, for a rename, its old address in one transaction
//! that first checks the version the editor saw; the working copy; revisions and the trail.

use okur_types::desk::{AuditEntry, Correction, DeskItem, Revision, RevisionAction, StoryStatus};

use super::columns::{bind_columns, insert, update, Columns};
use super::desk_model::{DeskFilter, DeskRefused, DeskWrite, Expect, StoryRow};
use super::dialect::Dialect;
use super::records::ImageRecord;
use super::{storable, Backend, Inner, Missing, Store, StoreError};
use crate::domain::article::NewArticle;
use crate::domain::stamp::Stamp;
use crate::domain::story::{status_of, HIDDEN_AT};

/// The columns of a story's row at the desk.
const STORY_COLUMNS: &str = "a.id, a.slug, a.title, a.summary, a.published_at, a.modified_at, a.author, a.category, \
     a.language, a.image_src, a.image_alt, a.image_width, a.image_height, a.body, a.comments_open, COALESCE(s.version, 0) AS version, s.working, \
     s.planned_at, COALESCE(s.changed_by, 'okur import') AS changed_by, COALESCE(s.changed_at, a.updated_at) AS changed_at";

queries! {
    /// A story by its URL name, in whatever state, with its corrections.
    pub async fn desk_story(&self, slug: &str) -> Result<Option<StoryRow>, StoreError> {
        if !storable(slug) {
            return Ok(None);
        }
        let sql = format!("SELECT {STORY_COLUMNS} FROM articles a LEFT JOIN stories s ON s.article_id = a.id WHERE a.slug = $1");
        let Some(row): Option<StoryRecord> = sqlx::query_as(&sql).bind(slug).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let corrections = self.article_corrections(row.id).await?;
        Ok(Some(row.into_story(corrections)?))
    }

    /// An article's public corrections, the newest first.
    pub async fn article_corrections(&self, article_id: i64) -> Result<Vec<Correction>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT note, created_at FROM article_corrections WHERE article_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(note, at)| Correction { note, at }).collect())
    }

    /// One page of the desk's list, the last changed first, and how many match in all. Words
    /// are looked for in titles folded as search folds them (case, Turkish's i's, accents), by
    /// the server rather than the database (SQLite's LOWER knows ASCII only): the desk's list is
    /// read by editors, and a newsroom's stories are some thousands.
    pub async fn desk_list(&self, filter: &DeskFilter, page: u32, per_page: u32) -> Result<(Vec<DeskItem>, u64), StoreError> {
        let now = Stamp::now().to_string();
        let status = match filter.status {
            None => "",
            Some(StoryStatus::Draft) => " AND a.published_at = $2",
            Some(StoryStatus::Scheduled) => " AND a.published_at > $1 AND a.published_at <> $2",
            Some(StoryStatus::Published) => " AND a.published_at <= $1",
        };
        // PostgreSQL refuses text with NUL in it: such a filter matches nothing.
        let given = [filter.section.as_deref(), filter.author.as_deref()];
        if given.into_iter().flatten().any(|value| !storable(value)) {
            return Ok((Vec::new(), 0));
        }
        let words = filter.q.as_deref().map(crate::domain::text::fold).filter(|q| !q.is_empty());
        // Without words, the database pages; with them, every candidate is read and sifted here.
        let (limit, offset) = match words {
            None => (i64::from(per_page), i64::from(page.saturating_sub(1)) * i64::from(per_page)),
            Some(_) => (i64::MAX, 0),
        };
        let sql = format!(
            "SELECT a.slug, a.title, a.published_at, a.category, a.section, a.author, a.author_slug, \
             COALESCE(s.version, 0), COALESCE(s.changed_at, a.updated_at), COALESCE(s.changed_by, 'okur import'), \
             s.working IS NOT NULL FROM articles a LEFT JOIN stories s ON s.article_id = a.id WHERE 1 = 1{status} \
             AND ($3 = '' OR a.section = $3) AND ($4 = '' OR a.author_slug = $4) \
             ORDER BY COALESCE(s.changed_at, a.updated_at) DESC, a.id DESC LIMIT $5 OFFSET $6"
        );
        #[allow(clippy::type_complexity)] // one row of the list, named below
        let rows: Vec<(String, String, String, String, String, String, String, i64, String, String, bool)> = sqlx::query_as(&sql)
            .bind(&now)
            .bind(HIDDEN_AT)
            .bind(filter.section.as_deref().unwrap_or_default())
            .bind(filter.author.as_deref().unwrap_or_default())
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let item = |(slug, title, published_at, category, section, author, author_slug, version, changed_at, changed_by, working): (String, String, String, String, String, String, String, i64, String, String, bool)| {
            let status = status_of(&published_at, &now);
            DeskItem {
                slug,
                title,
                published_at: (status != StoryStatus::Draft).then_some(published_at),
                status,
                category,
                section,
                author,
                author_slug,
                version,
                changed_at,
                changed_by,
                working,
            }
        };
        let Some(words) = words else {
            let sql = format!(
                "SELECT COUNT(*) FROM articles a WHERE 1 = 1{status} AND ($3 = '' OR a.section = $3) \
                 AND ($4 = '' OR a.author_slug = $4) AND $1 = $1 AND $2 = $2"
            );
            let total: i64 = sqlx::query_scalar(&sql)
                .bind(&now)
                .bind(HIDDEN_AT)
                .bind(filter.section.as_deref().unwrap_or_default())
                .bind(filter.author.as_deref().unwrap_or_default())
                .fetch_one(&self.pool)
                .await?;
            return Ok((rows.into_iter().map(item).collect(), u64::try_from(total).unwrap_or(0)));
        };
        let matching: Vec<DeskItem> = rows
            .into_iter()
            .filter(|row| crate::domain::text::fold(&row.1).contains(&words) || row.0.contains(&words))
            .map(item)
            .collect();
        let total = matching.len() as u64;
        let skip = page.saturating_sub(1) as usize * per_page as usize;
        Ok((matching.into_iter().skip(skip).take(per_page as usize).collect(), total))
    }

    /// Writes a story (a new one, or a change on the version the editor saw) with its revision,
    /// correction, audit lines and, when renamed, its old address: all of it or nothing. The new
    /// version, or why not.
    pub async fn desk_write(&self, write: &DeskWrite<'_>) -> Result<Result<i64, DeskRefused>, StoreError> {
        let now = Stamp::now().to_string();
        let article = write.article;
        let body = serde_json::to_string(&article.body)
            .map_err(|source| StoreError::CorruptBody { slug: article.slug.clone(), source })?;
        let columns = Columns { article, body: &body, now: &now };
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let taken = |slug: &str, id: i64| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM articles WHERE slug = $1 AND id <> $2").bind(slug.to_owned()).bind(id)
        };
        let (id, old_slug, version) = match write.slug {
            None => {
                if taken(&article.slug, 0).fetch_one(&mut *tx).await? > 0 {
                    return Ok(Err(DeskRefused::SlugTaken));
                }
                let sql = insert("", "");
                let id: i64 = bind_columns!(sqlx::query_scalar(&sql), columns)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO stories (article_id, version, planned_at, changed_by, changed_at) VALUES ($1, 1, $2, $3, $4)",
                )
                .bind(id)
                .bind(write.planned_at)
                .bind(write.staff)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                (id, None, 1)
            }
            Some(slug) => {
                let found: Option<(i64, String)> = sqlx::query_as("SELECT id, updated_at FROM articles WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((id, updated_at)) = found else {
                    return Err(StoreError::NotFound(Missing::Article(slug.to_owned())));
                };
                if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
                    sqlx::query(lock).bind(id).execute(&mut *tx).await?;
                }
                // The desk's first change of an imported story keeps what it was as revision 1.
                let fresh = sqlx::query(
                    "INSERT INTO stories (article_id, version, changed_by, changed_at) VALUES ($1, 0, 'okur import', $2) \
                     ON CONFLICT (article_id) DO NOTHING",
                )
                .bind(id)
                .bind(&updated_at)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    > 0;
                let first: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM article_revisions WHERE article_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                if fresh || first == 0 {
                    let before = Self::story_document(&mut tx, id).await?;
                    sqlx::query(
                        "INSERT INTO article_revisions (article_id, number, action, document, staff, created_at) \
                         VALUES ($1, 1, 'imported', $2, 'okur import', $3)",
                    )
                    .bind(id)
                    .bind(before)
                    .bind(&updated_at)
                    .execute(&mut *tx)
                    .await?;
                }
                let moved: Option<i64> = match write.expect {
                    Expect::Version(v) => sqlx::query_scalar(
                        "UPDATE stories SET version = version + 1, working = NULL, planned_at = $3, changed_by = $4, \
                         changed_at = $5 WHERE article_id = $1 AND version = $2 RETURNING version",
                    )
                    .bind(id)
                    .bind(v),
                    Expect::Any => sqlx::query_scalar(
                        "UPDATE stories SET version = version + 1, working = NULL, planned_at = $3, changed_by = $4, \
                         changed_at = $5 WHERE article_id = $1 AND $2 = $2 RETURNING version",
                    )
                    .bind(id)
                    .bind(0i64),
                }
                .bind(write.planned_at)
                .bind(write.staff)
                .bind(&now)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(version) = moved else {
                    let current: i64 = sqlx::query_scalar("SELECT version FROM stories WHERE article_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                    return Ok(Err(DeskRefused::Stale(current)));
                };
                if slug != article.slug && taken(&article.slug, id).fetch_one(&mut *tx).await? > 0 {
                    return Ok(Err(DeskRefused::SlugTaken));
                }
                let sql = update(", slug = $1", "id = $18");
                bind_columns!(sqlx::query(&sql), columns)
                    .bind(id)
                .execute(&mut *tx)
                .await?;
                (id, Some(slug.to_owned()).filter(|old| *old != article.slug), version)
            }
        };
        Self::index_article(&mut tx, id, article, &self.default_language).await?;
        // The new name's address is its own now; the old one leads to it.
        sqlx::query("DELETE FROM article_links WHERE path = $1")
            .bind(format!("/articles/{}", article.slug))
            .execute(&mut *tx)
            .await?;
        if let Some(old) = &old_slug {
            sqlx::query(
                "INSERT INTO article_links (path, article_id) VALUES ($1, $2) \
                 ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id",
            )
            .bind(format!("/articles/{old}"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let number: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO article_revisions (article_id, number, action, document, staff, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(number)
        .bind(write.action.as_str())
        .bind(write.document)
        .bind(write.staff)
        .bind(write.correction)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if let Some(note) = write.correction {
            sqlx::query("INSERT INTO article_corrections (article_id, note, staff, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(note)
                .bind(write.staff)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
        }
        let audit = match (write.slug, write.action) {
            (None, _) => "created",
            (_, RevisionAction::Restored) => "restored",
            (_, RevisionAction::Published) => "published",
            (_, RevisionAction::Scheduled) => "scheduled",
            (_, RevisionAction::Unpublished) => "unpublished",
            _ => "saved",
        };
        let mut lines = vec![(audit, String::new())];
        lines.extend(old_slug.map(|old| ("renamed", format!("/articles/{old}"))));
        lines.extend(write.correction.map(|note| ("corrected", note.to_owned())));
        for (action, detail) in lines {
            Self::audit(&mut tx, write.staff, action, &article.slug, &detail, &now).await?;
        }
        tx.commit().await?;
        Ok(Ok(version))
    }

    /// Keeps an editor's working copy of a story (not shown to readers) on the version they saw:
    /// the new version, or why not.
    pub async fn desk_working(&self, slug: &str, expect: Expect, staff: &str, working: Option<&str>) -> Result<Result<i64, DeskRefused>, StoreError> {
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let found: Option<(i64, String)> = sqlx::query_as("SELECT id, updated_at FROM articles WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id, updated_at)) = found else {
            return Err(StoreError::NotFound(Missing::Article(slug.to_owned())));
        };
        sqlx::query(
            "INSERT INTO stories (article_id, version, changed_by, changed_at) VALUES ($1, 0, 'okur import', $2) \
             ON CONFLICT (article_id) DO NOTHING",
        )
        .bind(id)
        .bind(&updated_at)
        .execute(&mut *tx)
        .await?;
        let expected = match expect {
            Expect::Version(v) => v,
            Expect::Any => sqlx::query_scalar("SELECT version FROM stories WHERE article_id = $1").bind(id).fetch_one(&mut *tx).await?,
        };
        let moved: Option<i64> = sqlx::query_scalar(
            "UPDATE stories SET version = version + 1, working = $3, changed_by = $4, changed_at = $5 \
             WHERE article_id = $1 AND version = $2 RETURNING version",
        )
        .bind(id)
        .bind(expected)
        .bind(working)
        .bind(staff)
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(version) = moved else {
            let current: i64 =
                sqlx::query_scalar("SELECT version FROM stories WHERE article_id = $1").bind(id).fetch_one(&mut *tx).await?;
            return Ok(Err(DeskRefused::Stale(current)));
        };
        tx.commit().await?;
        Ok(Ok(version))
    }

    /// Deletes a story that is off the site (its comments, revisions and corrections with it),
    /// on the version the editor saw; the trail keeps a line.
    pub async fn desk_delete(&self, slug: &str, expect: Expect, staff: &str) -> Result<Result<(), DeskRefused>, StoreError> {
        let now = Stamp::now().to_string();
        let mut tx = self.pool.begin_with(<Db as Dialect>::BEGIN_WRITE).await?;
        let found: Option<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT a.id, a.published_at, a.title, s.version FROM articles a LEFT JOIN stories s ON s.article_id = a.id \
             WHERE a.slug = $1",
        )
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, published_at, title, version)) = found else {
            return Err(StoreError::NotFound(Missing::Article(slug.to_owned())));
        };
        let version = version.unwrap_or(0);
        if matches!(expect, Expect::Version(v) if v != version) {
            return Ok(Err(DeskRefused::Stale(version)));
        }
        if published_at != HIDDEN_AT {
            return Ok(Err(DeskRefused::StillOut));
        }
        if let Some(lock) = <Db as Dialect>::COMMENT_LOCK {
            sqlx::query(lock).bind(id).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM articles WHERE id = $1").bind(id).execute(&mut *tx).await?;
        Self::audit(&mut tx, staff, "deleted", slug, &title, &now).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// A story's revisions, the newest first.
    pub async fn desk_revisions(&self, slug: &str) -> Result<Option<Vec<Revision>>, StoreError> {
        let Some(id) = self.desk_id(slug).await? else {
            return Ok(None);
        };
        let rows: Vec<RevisionRecord> = sqlx::query_as(
            "SELECT number, action, staff, created_at, note, document FROM article_revisions WHERE article_id = $1 \
             ORDER BY number DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(rows.into_iter().map(|row| row.revision()).collect()))
    }

    /// One revision with its document, and the document of the revision before it.
    pub async fn desk_revision(&self, slug: &str, number: i64) -> Result<Option<(Revision, String, Option<String>)>, StoreError> {
        let Some(id) = self.desk_id(slug).await? else {
            return Ok(None);
        };
        let rows: Vec<RevisionRecord> = sqlx::query_as(
            "SELECT number, action, staff, created_at, note, document FROM article_revisions WHERE article_id = $1 \
             AND number <= $2 ORDER BY number DESC LIMIT 2",
        )
        .bind(id)
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        let mut rows = rows.into_iter();
        let Some(this) = rows.next().filter(|r| r.number == number) else {
            return Ok(None);
        };
        let before = rows.next().map(|r| r.document);
        let document = this.document.clone();
        Ok(Some((this.revision(), document, before)))
    }

    /// The desk's trail, the newest first: every story's, or one's (by its URL name then).
    pub async fn desk_audit(&self, slug: Option<&str>, page: u32, per_page: u32) -> Result<Vec<AuditEntry>, StoreError> {
        if slug.is_some_and(|slug| !storable(slug)) {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT at, staff, action, slug, detail FROM desk_audit WHERE ($1 = '' OR slug = $1) \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(slug.unwrap_or_default())
        .bind(i64::from(per_page))
        .bind(i64::from(page.saturating_sub(1)) * i64::from(per_page))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(at, staff, action, slug, detail)| AuditEntry { at, staff, action, slug, detail }).collect())
    }

    private {
    /// A story's row at the desk.
    #[derive(Debug, sqlx::FromRow)]
    struct StoryRecord {
        id: i64,
        slug: String,
        title: String,
        summary: String,
        published_at: String,
        modified_at: Option<String>,
        author: String,
        category: String,
        language: Option<String>,
        #[sqlx(flatten)]
        image: ImageRecord,
        body: String,
        comments_open: bool,
        version: i64,
        working: Option<String>,
        planned_at: Option<String>,
        changed_by: String,
        changed_at: String,
    }

    impl StoryRecord {
        /// The story, with its corrections.
        fn into_story(self, corrections: Vec<Correction>) -> Result<StoryRow, StoreError> {
            let body = serde_json::from_str(&self.body)
                .map_err(|source| StoreError::CorruptBody { slug: self.slug.clone(), source })?;
            let status = status_of(&self.published_at, &Stamp::now().to_string());
            Ok(StoryRow {
                id: self.id,
                status,
                article: NewArticle {
                    slug: self.slug,
                    title: self.title,
                    summary: self.summary,
                    published_at: self.published_at,
                    updated_at: self.modified_at,
                    author: self.author,
                    category: self.category,
                    language: self.language,
                    image: self.image.into_image(),
                    body,
                    comments_open: self.comments_open,
                },
                version: self.version,
                working: self.working,
                planned_at: self.planned_at,
                changed_by: self.changed_by,
                changed_at: self.changed_at,
                corrections,
            })
        }
    }

    /// A revision's row.
    #[derive(Debug, sqlx::FromRow)]
    struct RevisionRecord {
        number: i64,
        action: String,
        staff: String,
        created_at: String,
        note: Option<String>,
        document: String,
    }

    impl RevisionRecord {
        /// Who, when, what.
        fn revision(&self) -> Revision {
            Revision {
                number: self.number,
                action: RevisionAction::parse(&self.action).unwrap_or(RevisionAction::Saved),
                staff: self.staff.clone(),
                at: self.created_at.clone(),
                note: self.note.clone(),
            }
        }
    }

    impl Inner<Db> {
        /// A story's article id.
        async fn desk_id(&self, slug: &str) -> Result<Option<i64>, StoreError> {
            if !storable(slug) {
                return Ok(None);
            }
            Ok(sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1").bind(slug).fetch_optional(&self.pool).await?)
        }

        /// A story's row as the desk's JSON, for the revision that keeps what it was.
        async fn story_document(tx: &mut sqlx::Transaction<'static, Db>, id: i64) -> Result<String, StoreError> {
            let sql = format!("SELECT {STORY_COLUMNS} FROM articles a LEFT JOIN stories s ON s.article_id = a.id WHERE a.id = $1");
            let row: StoryRecord = sqlx::query_as(&sql).bind(id).fetch_one(&mut **tx).await?;
            let story = row.into_story(Vec::new())?;
            let document = crate::domain::story::desk_article(&story.article, story.status, story.planned_at.as_deref());
            Ok(serde_json::to_string(&document).unwrap_or_default())
        }

        /// One line of the desk's trail.
        async fn audit(
            tx: &mut sqlx::Transaction<'static, Db>,
            staff: &str,
            action: &str,
            slug: &str,
            detail: &str,
            at: &str,
        ) -> Result<(), StoreError> {
            sqlx::query("INSERT INTO desk_audit (at, staff, action, slug, detail) VALUES ($1, $2, $3, $4, $5)")
                .bind(at)
                .bind(staff)
                .bind(action)
                .bind(slug)
                .bind(detail)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    }
    }
}
