//! Pages as HTML: the front end's own Leptos components (crate okur-web, feature `ssr`)
//! rendered here into Trunk's index.html, with the data they were rendered from carried in the
//! page so that the browser hydrates them without asking again. The components read that data
//! through [`okur_web::api`], which on the server calls the [`StoreBackend`] below.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use okur_types::browse::{FrontPage, SearchPage, Shelf, ShelfPage};
use okur_types::comments::{Comment, CommentOrder, CommentPlace, COMMENTS_PER_PAGE, REPLIES_PER_PAGE_MAX};
use okur_types::threads::add_replies;
use okur_types::{Article, ArticleSummary, Page};
use okur_web::api::{ApiError, Backend, BoxFuture, PageStatus, ServerData, StoryLinks};
use okur_web::components::layout::SiteSections;
use okur_web::components::seo::{ServerHead, SiteOrigin};
use okur_web::i18n::Locale;
use okur_web::router::{split_address, RequestAddress};
use okur_web::transfer::{encode, PAGE_DATA_ID};

use crate::http::browse::{self, BrowseError};
use crate::http::error::AppError;
use crate::http::pages::template::Template;
use crate::store::{Position, Store, StoreError};
use okur_types::PER_PAGE_DEFAULT;

/// The store as the components' data source: the same answers as the JSON API, no HTTP; with
/// the site's sections in its order (the front page's blocks follow it), and for the desk's
/// preview, the story being written in place of the stored one of its name.
#[derive(Debug, Clone)]
pub struct StoreBackend(pub Store, pub Arc<Vec<Shelf>>, pub Option<Arc<Article>>);

/// A store failure as the components see it: what is not there a 404, anything else a 500
/// (the details go to the log).
fn failed(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound(_) | StoreError::UnknownCursor(_) => ApiError::NotFound,
        err => {
            tracing::error!(error = %err, "the store failed while rendering a page");
            ApiError::from_status(500, "The database failed.".into())
        }
    }
}

impl Backend for StoreBackend {
    fn list_articles(&self, page: u32, per_page: u32) -> BoxFuture<Result<Page<ArticleSummary>, ApiError>> {
        let store = self.0.clone();
        Box::pin(async move {
            let (items, total, next) = store.list_articles(&Position::Page(page), per_page).await.map_err(failed)?;
            Ok(Page { items, page, per_page, total, next })
        })
    }

    fn article(&self, slug: String) -> BoxFuture<Result<Article, ApiError>> {
        if let Some(preview) = self.2.as_ref().filter(|a| a.summary.slug == slug) {
            let article = Article::clone(preview);
            return Box::pin(async move { Ok(article) });
        }
        let store = self.0.clone();
        Box::pin(async move { store.article(&slug).await.map_err(failed)?.ok_or(ApiError::NotFound) })
    }

    fn comments(
        &self,
        slug: String,
        after: Option<String>,
        order: CommentOrder,
    ) -> BoxFuture<Result<Page<Comment>, ApiError>> {
        let store = self.0.clone();
        let position = after.map_or(Position::Page(1), Position::After);
        Box::pin(async move { store.comment_page(&slug, &position, COMMENTS_PER_PAGE, order).await.map_err(failed) })
    }

    fn latest_publication(&self, slug: String) -> BoxFuture<Result<i64, ApiError>> {
        let store = self.0.clone();
        Box::pin(async move {
            let target = store.comment_target(&slug).await.map_err(failed)?;
            store.latest_publication(target.article_id).await.map_err(failed)
        })
    }

    fn comments_around(&self, slug: String, id: i64) -> BoxFuture<Result<Page<Comment>, ApiError>> {
        let backend = self.clone();
        Box::pin(async move {
            let store = &backend.0;
            let target = match store.comment_target(&slug).await {
                Ok(target) => Some(target),
                Err(StoreError::NotFound(_)) => None,
                Err(err) => return Err(failed(err)),
            };
            let place = match &target {
                Some(target) => store.comment_place(target.article_id, id).await.map_err(failed)?,
                None => None,
            };
            let after = place.as_ref().and_then(|p| p.after.clone());
            let mut page = backend.comments(slug, after, CommentOrder::Asc).await?;
            // Deep in a long thread: its replies page follows the replies the thread shows inline.
            if let (Some(target), Some(CommentPlace { root, replies_after: Some(after), .. })) = (target, place) {
                match store.replies(target.article_id, root, Some(after), REPLIES_PER_PAGE_MAX).await {
                    Ok(more) => add_replies(&mut page.items, root, more.items, more.next.is_some(), &[]),
                    // Removed meanwhile: the page as it is.
                    Err(StoreError::NotFound(_) | StoreError::UnknownCursor(_)) => {}
                    Err(err) => return Err(failed(err)),
                }
            }
            Ok(page)
        })
    }

    fn front_page(&self, page: u32, per_page: u32) -> BoxFuture<Result<FrontPage, ApiError>> {
        let (store, sections) = (self.0.clone(), self.1.clone());
        Box::pin(async move { browse::front_page(&store, &sections, page, per_page).await.map_err(failed) })
    }

    fn shelf(&self, authors: bool, slug: String, after: Option<String>) -> BoxFuture<Result<ShelfPage, ApiError>> {
        let store = self.0.clone();
        Box::pin(async move {
            match browse::shelf_page(&store, authors, &slug, after.as_deref(), PER_PAGE_DEFAULT).await {
                Ok(Some(page)) => Ok(page),
                Ok(None) | Err(BrowseError::Cursor) => Err(ApiError::NotFound),
                Err(err) => Err(browse_failed(err)),
            }
        })
    }

    fn search(&self, query: String, after: Option<String>) -> BoxFuture<Result<SearchPage, ApiError>> {
        let store = self.0.clone();
        Box::pin(async move {
            browse::search(&store, &query, after.as_deref(), PER_PAGE_DEFAULT).await.map_err(browse_failed)
        })
    }

    fn story_links(&self, slug: String) -> BoxFuture<Result<StoryLinks, ApiError>> {
        let store = self.0.clone();
        Box::pin(async move {
            let related = browse::related(&store, &slug).await.map_err(failed)?;
            Ok((related, browse::most_read(&store).await.map_err(failed)?))
        })
    }
}

/// A browse failure as the components see it: a query that cannot be run is the reader's 400
/// (the page says why), a cursor that is not one a 404, anything else as [`failed`].
fn browse_failed(err: BrowseError) -> ApiError {
    match err {
        BrowseError::Query(err) => {
            // The API's own answer to it, so that the page and the API say the same.
            let err = AppError::from(BrowseError::Query(err));
            let (status, code) = err.status_and_code();
            ApiError::Server {
                status: status.as_u16(),
                code: code.into(),
                message: err.to_string(),
                fields: Vec::new(),
                retry_after: None,
            }
        }
        BrowseError::Cursor => ApiError::NotFound,
        BrowseError::Store(err) => failed(err),
    }
}

/// What a page render needs to know about its request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Path and query, e.g. `/?page=2` or `/articles/x`.
    pub path_and_query: String,
    /// The language to render in.
    pub locale: Locale,
    /// The site's public address, for canonical and preview links.
    pub origin: String,
    /// Whether the site sends email (`<html data-mail>`: the form offers reply emails).
    pub mail: bool,
}

/// A rendered page: its status and the whole HTML document.
#[derive(Debug)]
pub struct RenderedPage {
    /// 200, or what the page said (404 for nothing there, 500 when the store failed).
    pub status: StatusCode,
    /// The document.
    pub html: String,
}

/// Renders the app for one request: first the page's data is loaded from `store` through the
/// app's own loader, then the components render from it, and the data follows in the page for
/// hydration.
pub async fn render(
    store: Store,
    sections: Arc<Vec<Shelf>>,
    template: &Template,
    request: PageRequest,
    preview: Option<Article>,
) -> RenderedPage {
    let owner = Owner::new_root(None);
    let (path, query) = split_address(&request.path_and_query);
    let loading = owner.with(|| {
        provide_context(ServerData(Arc::new(StoreBackend(store, sections.clone(), preview.map(Arc::new)))));
        okur_web::pages::load(&path, &query)
    });
    let data = loading.await;
    let status = PageStatus::default();
    let head = ServerHead::default();
    let body = owner.with(|| {
        provide_context(RequestAddress(request.path_and_query.clone()));
        provide_context(head.clone());
        provide_context(status.clone());
        provide_context(request.locale);
        provide_context(SiteOrigin(request.origin.clone()));
        provide_context(data.clone());
        provide_context(SiteSections(sections.as_ref().clone()));
        view! { <okur_web::App /> }.to_html()
    });
    owner.unset_with_forced_cleanup();
    let data = encode(&data, &sections);
    let body = format!(r#"{body}<script type="application/json" id="{PAGE_DATA_ID}">{data}</script>"#);
    let head = head.0.lock().map(|head| head.to_html()).unwrap_or_default();
    let html = template.page(request.locale.code(), request.mail, &head, &body);
    let code = status.0.load(std::sync::atomic::Ordering::Relaxed);
    let status = match code {
        0 => StatusCode::OK,
        code => StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    RenderedPage { status, html }
}

/// A weak validator of a page: the same bytes give the same tag (weak, since the compression
/// layer may send them in another encoding).
pub fn etag(html: &str) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut hasher);
    format!("W/\"{:016x}\"", hasher.finish())
}

/// Whether an `If-None-Match` header names this tag (weak comparison, as for GET).
pub fn matches_etag(headers: &HeaderMap, tag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|value| value.split(',').any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(tag)))
}

/// The answer for a rendered page: 304 when the reader's copy is current, else the HTML, with
/// the validator and the cache policy either way. Pages differ by the language cookie.
pub fn page_response(
    page: RenderedPage,
    request_headers: &HeaderMap,
    cache_control: &HeaderValue,
    csp: &HeaderValue,
) -> Response {
    let tag = etag(&page.html);
    let mut response = if page.status == StatusCode::OK && matches_etag(request_headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (page.status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page.html).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    let cache =
        if page.status == StatusCode::OK { cache_control.clone() } else { HeaderValue::from_static("no-store") };
    headers.insert(header::CACHE_CONTROL, cache);
    response
}

/// The `Cache-Control` of pages: shared caches may keep one `seconds` (then revalidate with
/// the ETag); browsers always revalidate. 0 means no shared caching either.
pub fn page_cache_control(seconds: u32) -> HeaderValue {
    let value = if seconds == 0 {
        "no-cache".to_owned()
    } else {
        format!("public, max-age=0, s-maxage={seconds}, must-revalidate")
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("no-cache"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_weakly_and_in_lists() {
        let tag = etag("<p>a</p>");
        assert_ne!(tag, etag("<p>b</p>"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"x\", {}", tag.trim_start_matches("W/"))).unwrap(),
        );
        assert!(matches_etag(&headers, &tag));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!matches_etag(&headers, &tag));
    }

    #[test]
    fn cache_control_has_a_knob() {
        assert_eq!(page_cache_control(0), "no-cache");
        assert_eq!(page_cache_control(60), "public, max-age=0, s-maxage=60, must-revalidate");
    }
}
