//! What every write of an article's row binds and sets, written once for the imports' and the
//! desk's statements: seventeen values as `$1`–`$17`, so that no write forgets a column (the
//! section's and the author's URL names are derived here, the lead image's size goes along).

use super::search::{article_slugs, SEARCH_VERSION};
use crate::domain::article::NewArticle;

/// The values an article write binds, as `$1`–`$17` in this order: slug, title, summary,
/// published_at, author, category, image_src, image_alt, body, comments_open, now, language,
/// modified_at, section, author_slug, image_width, image_height.
#[derive(Clone, Copy)]
pub(super) struct Columns<'a> {
    /// The article as it is to be.
    pub article: &'a NewArticle,
    /// Its body as JSON.
    pub body: &'a str,
    /// The time of the write.
    pub now: &'a str,
}

/// `INSERT INTO articles (…) VALUES (…)` with the columns (`now` as both created and updated)
/// and `extra_names` with their `extra_values` (from `$18` on), answering the new id.
pub(super) fn insert(extra_names: &str, extra_values: &str) -> String {
    format!(
        "INSERT INTO articles (slug, title, summary, published_at, author, category, image_src, image_alt, body, \
         comments_open, created_at, updated_at, language, modified_at, section, author_slug, image_width, \
         image_height, search_version{extra_names}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16, $17, \
         {SEARCH_VERSION}{extra_values}) RETURNING id"
    )
}

/// `UPDATE articles SET …` every column but the slug, and `extra` (`, slug = $1`, say), on the
/// row `key` names, answering its id.
pub(super) fn update(extra: &str, key: &str) -> String {
    format!(
        "UPDATE articles SET title = $2, summary = $3, published_at = $4, author = $5, category = $6, \
         image_src = $7, image_alt = $8, body = $9, comments_open = $10, updated_at = $11, language = $12, \
         modified_at = $13, section = $14, author_slug = $15, image_width = $16, image_height = $17, \
         search_version = {SEARCH_VERSION}{extra} WHERE {key} RETURNING id"
    )
}

/// What a write binds beside the article's own fields: the section's and author's URL names,
/// and the lead image's parts.
pub(super) struct Derived<'a> {
    /// The section's URL name.
    pub section: String,
    /// The author's URL name.
    pub author: String,
    /// The lead image's address.
    pub src: Option<&'a str>,
    /// Its text alternative.
    pub alt: Option<&'a str>,
    /// Its width.
    pub width: Option<i64>,
    /// Its height.
    pub height: Option<i64>,
}

/// The values derived from an article for its write.
pub(super) fn derived(article: &NewArticle) -> Derived<'_> {
    let (section, author) = article_slugs(article);
    let image = article.image.as_ref();
    Derived {
        section,
        author,
        src: image.map(|i| i.src.as_str()),
        alt: image.map(|i| i.alt.as_str()),
        width: image.and_then(|i| i.width).map(i64::from),
        height: image.and_then(|i| i.height).map(i64::from),
    }
}

/// Binds a [`Columns`]' seventeen values to a query or a scalar query (two types with a `bind`
/// each and no trait in common).
macro_rules! bind_columns {
    ($query:expr, $columns:expr) => {{
        let columns: $crate::store::columns::Columns<'_> = $columns;
        let a = columns.article;
        let d = $crate::store::columns::derived(a);
        $query
            .bind(&a.slug)
            .bind(&a.title)
            .bind(&a.summary)
            .bind(&a.published_at)
            .bind(&a.author)
            .bind(&a.category)
            .bind(d.src)
            .bind(d.alt)
            .bind(columns.body)
            .bind(a.comments_open)
            .bind(columns.now)
            .bind(a.language.as_deref())
            .bind(a.updated_at.as_deref())
            .bind(d.section)
            .bind(d.author)
            .bind(d.width)
            .bind(d.height)
    }};
}
pub(super) use bind_columns;
