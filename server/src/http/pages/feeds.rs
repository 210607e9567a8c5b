//! Atom 1.0 feeds: the whole site (`/feed.xml`), each section and author
//! (`/sections/{slug}/feed.xml`, `/authors/{slug}/feed.xml`) and each article's comments
//! (`/articles/{slug}/comments.xml`), written with quick-xml (which escapes every value). A story's
//! entry carries its whole body as HTML (`<content type="html">`), written by the pages' own
//! function (`okur_web::markup::body`), so its links and emphasis reach feed readers; relative
//! addresses in it resolve against the site (`xml:base`).
//!
//! A feed is read away from the site, so every link in it is absolute: without the site's
//! public address (`--public-url`) there are no feeds (404), as there is no sitemap, rather
//! than addresses taken from the Host header. Answers carry `Last-Modified` (the newest entry)
//! and a strong ETag; the answer cache answers `If-None-Match` and `If-Modified-Since` with 304.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use okur_types::ArticleSummary;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::http::error::AppError;
use crate::http::extract::Params;
use crate::http::pages::render::page_cache_control;
use crate::http::state::AppState;
use crate::store::{Position, Shelf};

/// Stories in a story feed.
const STORIES: u32 = 30;
/// Comments in a comment feed.
const COMMENTS: u32 = 50;
/// The time of a feed that never had an entry.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// One entry of a feed.
struct Entry {
    /// The entry's page, absolute (also its id).
    link: String,
    title: String,
    published: String,
    updated: String,
    author: String,
    /// The author's page, absolute, when there is one.
    author_page: Option<String>,
    /// (term, label).
    category: Option<(String, String)>,
    summary: String,
    /// The story's body as HTML, relative addresses in it on the site.
    content: Option<String>,
}

/// A feed: its own address, its page, title, language and entries (newest first).
struct Feed {
    base: String,
    path: String,
    page: String,
    title: String,
    language: &'static str,
    entries: Vec<Entry>,
    /// Its time when it has no entries (an article's comment feed before any comment).
    floor: String,
}

/// The site's address, or the 404 that says why there are no feeds.
fn base(state: &AppState) -> Result<String, AppError> {
    state.site_url().map(str::to_owned).ok_or_else(|| {
        AppError::NotFound("There are no feeds: the site's public address is not set (--public-url).".into())
    })
}

/// The stories as entries, each with its body.
async fn stories(state: &AppState, base: &str, items: Vec<ArticleSummary>) -> Result<Vec<Entry>, AppError> {
    let mut entries = Vec::with_capacity(items.len());
    for summary in items {
        let body = state.store.article(&summary.slug).await?.map(|article| okur_web::markup::body(&article.body));
        entries.push(Entry { content: body, ..story(base, summary) });
    }
    Ok(entries)
}

/// A story as an entry, without its body.
fn story(base: &str, a: ArticleSummary) -> Entry {
    Entry {
        content: None,
        link: format!("{base}/articles/{}", a.slug),
        updated: a.updated_at.clone().unwrap_or_else(|| a.published_at.clone()),
        published: a.published_at,
        author_page: Some(format!("{base}/authors/{}", a.author_slug)),
        author: a.author,
        category: Some((a.section, a.category)),
        title: a.title,
        summary: a.summary,
    }
}

/// `GET /feed.xml`: the newest stories of the whole site.
pub async fn site(State(state): State<AppState>) -> Result<Response, AppError> {
    let base = base(&state)?;
    let (items, _, _) = state.store.list_articles(&Position::Page(1), STORIES).await?;
    let feed = Feed {
        path: "/feed.xml".into(),
        page: format!("{base}/"),
        title: "okur".into(),
        language: state.locale.code(),
        entries: stories(&state, &base, items).await?,
        floor: EPOCH.into(),
        base,
    };
    Ok(feed.answer(&state))
}

/// `GET /sections/{slug}/feed.xml`: a section's newest stories.
pub async fn section(State(state): State<AppState>, Params(slug): Params<String>) -> Result<Response, AppError> {
    shelf(&state, Shelf::Section(&slug), "sections").await
}

/// `GET /authors/{slug}/feed.xml`: an author's newest stories.
pub async fn author(State(state): State<AppState>, Params(slug): Params<String>) -> Result<Response, AppError> {
    shelf(&state, Shelf::Author(&slug), "authors").await
}

/// A section's or an author's feed, or a 404.
async fn shelf(state: &AppState, kind: Shelf<'_>, folder: &str) -> Result<Response, AppError> {
    let base = base(state)?;
    let slug = kind.slug();
    let Some(name) = state.store.shelf_name(kind).await? else {
        return Err(AppError::NotFound(format!("There is no feed for {slug:?}.")));
    };
    let (items, _) = state.store.shelf(kind, None, STORIES).await?;
    let feed = Feed {
        path: format!("/{folder}/{slug}/feed.xml"),
        page: format!("{base}/{folder}/{slug}"),
        title: format!("okur — {name}"),
        language: state.locale.code(),
        entries: stories(state, &base, items).await?,
        floor: EPOCH.into(),
        base,
    };
    Ok(feed.answer(state))
}

/// `GET /articles/{slug}/comments.xml`: an article's newest published comments.
pub async fn comments(State(state): State<AppState>, Params(slug): Params<String>) -> Result<Response, AppError> {
    let base = base(&state)?;
    let Some(article) = state.store.article(&slug).await? else {
        return Err(AppError::NotFound(format!("There is no article {slug:?}.")));
    };
    let target = state.store.comment_target(&slug).await?;
    let comments = state.store.latest_comments(target.article_id, COMMENTS).await?;
    let page = format!("{base}/articles/{slug}");
    let entries = comments
        .into_iter()
        .map(|c| Entry {
            link: format!("{page}?comment={}#comment-{}", c.id, c.id),
            title: c.author_name.clone(),
            published: c.created_at.clone(),
            updated: c.created_at,
            author: c.author_name,
            author_page: None,
            category: None,
            summary: c.body,
            content: None,
        })
        .collect();
    let locale = state.locale.texts();
    let feed = Feed {
        path: format!("/articles/{slug}/comments.xml"),
        title: format!("{} — {}", article.summary.title, locale.comments_feed),
        page,
        language: state.locale.code(),
        entries,
        floor: article.summary.published_at.clone(),
        base,
    };
    Ok(feed.answer(&state))
}

impl Feed {
    /// The feed as an answer: Atom, with `Last-Modified` its newest entry's time.
    fn answer(self, state: &AppState) -> Response {
        let updated = self.entries.iter().map(|e| e.updated.as_str()).max().unwrap_or(&self.floor).to_owned();
        let xml = self.write(&updated);
        let mut response = ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response();
        let headers = response.headers_mut();
        if let Some(modified) = http_date(&updated) {
            headers.insert(header::LAST_MODIFIED, modified);
        }
        // Kept by shared caches as pages are, and asked about again (ETag, Last-Modified).
        headers.insert(header::CACHE_CONTROL, page_cache_control(state.page_cache_seconds));
        response
    }

    /// The Atom document.
    fn write(&self, updated: &str) -> String {
        let mut w = Writer::new(Vec::new());
        // Writing into memory cannot fail: each step's io::Result is Ok.
        let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
        let self_link = format!("{}{}", self.base, self.path);
        let _ = w
            .create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", self.language))
            .write_inner_content(|w| {
                text(w, "title", &self.title)?;
                text(w, "id", &self_link)?;
                w.create_element("link")
                    .with_attributes([("rel", "self"), ("href", self_link.as_str())])
                    .write_empty()?;
                w.create_element("link")
                    .with_attributes([("rel", "alternate"), ("href", self.page.as_str())])
                    .write_empty()?;
                text(w, "updated", updated)?;
                text(w, "generator", "okur")?;
                for entry in &self.entries {
                    w.create_element("entry").write_inner_content(|w| {
                        text(w, "title", &entry.title)?;
                        text(w, "id", &entry.link)?;
                        w.create_element("link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("type", "text/html"),
                                ("href", entry.link.as_str()),
                            ])
                            .write_empty()?;
                        text(w, "published", &entry.published)?;
                        text(w, "updated", &entry.updated)?;
                        w.create_element("author").write_inner_content(|w| {
                            text(w, "name", &entry.author)?;
                            if let Some(page) = &entry.author_page {
                                text(w, "uri", page)?;
                            }
                            Ok(())
                        })?;
                        if let Some((term, label)) = &entry.category {
                            w.create_element("category")
                                .with_attributes([("term", term.as_str()), ("label", label.as_str())])
                                .write_empty()?;
                        }
                        text(w, "summary", &entry.summary)?;
                        if let Some(content) = &entry.content {
                            let site = format!("{}/", self.base);
                            w.create_element("content")
                                .with_attributes([("type", "html"), ("xml:base", site.as_str())])
                                .write_text_content(BytesText::new(content))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            });
        String::from_utf8(w.into_inner()).unwrap_or_default()
    }
}

/// `<name>text</name>`, the text escaped.
fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(value))?;
    Ok(())
}

/// A stored time (`2025-12-13T09:30:00Z`) as an HTTP date.
fn http_date(stored: &str) -> Option<HeaderValue> {
    let at = time::OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339).ok()?;
    HeaderValue::from_str(&httpdate::fmt_http_date(at.into())).ok()
}
