//! The HTTP surface: the JSON API under `/api`; for everything else a file of the built front
//! end or a page rendered on the server.

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use okur_types::{Article, ArticleSummary, ErrorResponse, Health, Page, PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::cache::{serve_cached, AnswerCache, Generations};
use crate::client::Budgets;
use crate::comments::{self, CommentSettings};
use crate::error::{error_response, AppError};
use crate::render::{page_cache_control, page_response, render, request_locale, PageRequest, TemplateCache};
use crate::security;
use crate::serve::Limits;
use crate::store::{Position, Store, UnknownCursor};
use okur_web::format::escape_html;
use okur_web::i18n::Locale;

/// Seconds a shared cache may hold a page by default: brief, so news and comments stay fresh.
pub const DEFAULT_PAGE_CACHE_SECONDS: u32 = 30;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The folder with the built front end (Trunk's `dist`).
    pub dist: PathBuf,
    /// How comments are moderated and limited.
    pub comments: CommentSettings,
    /// The comment budgets of every client (shared through the database on PostgreSQL).
    pub limiter: Budgets,
    /// The site's language: pages are rendered in it unless the reader chose another.
    pub locale: Locale,
    /// The site's public address (`OKUR_PUBLIC_URL`), for the sitemap and absolute links in
    /// pages; without it, pages link relatively and there is no sitemap.
    pub public_url: Option<String>,
    /// Seconds a shared cache may keep a page before it revalidates (`--page-cache-seconds`).
    pub page_cache_seconds: u32,
    /// The built index.html, prepared to render pages into.
    pub templates: TemplateCache,
    /// GET answers kept in memory until what they show changes.
    pub cache: AnswerCache,
    /// What those answers depend on, mirrored from the database.
    pub generations: Generations,
    /// Timeouts and caps on connections (the body timeout is applied here, the rest by
    /// [`crate::serve::serve`]).
    pub limits: Limits,
    /// How long the first failed moderator login of a window is held back (it doubles with
    /// each failure; see [`crate::moderators::delay_after`]).
    pub login_delay: std::time::Duration,
    /// The live comment streams open, bounded per client and in total.
    pub live: crate::live::Streams,
}

impl AppState {
    /// The site's own address for absolute links: `--public-url` (without a trailing slash),
    /// else none. Never the request's Host header: a forged Host would otherwise end up in a
    /// cached page or sitemap.
    pub fn site_url(&self) -> Option<&str> {
        self.public_url.as_deref().map(|url| url.trim_end_matches('/'))
    }

    /// Whether the site is served over https (its public address says so): then HSTS, and
    /// `Secure` cookies.
    pub fn https(&self) -> bool {
        self.site_url().is_some_and(|url| url.starts_with("https://"))
    }

    /// State with the default comment settings.
    pub fn new(store: Store, dist: PathBuf) -> Self {
        AppState {
            limiter: Budgets::for_store(&store),
            store,
            dist,
            comments: CommentSettings::default(),
            locale: Locale::Tr,
            public_url: None,
            page_cache_seconds: DEFAULT_PAGE_CACHE_SECONDS,
            templates: TemplateCache::default(),
            limits: Limits::default(),
            cache: AnswerCache::default(),
            generations: Generations::default(),
            login_delay: crate::moderators::FIRST_DELAY,
            live: crate::live::Streams::default(),
        }
    }
}

/// The whole site: API, static files, compression, JSON answers even for panics.
pub fn app(state: AppState) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let api = api
        .route("/articles/{slug}/comments/events", get(crate::live::events))
        .nest("/moderation", crate::moderation::routes())
        .layer(DefaultBodyLimit::max(comments::BODY_LIMIT))
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async { AppError::NotFound("There is no such API endpoint.".into()) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed });
    // Answers other than pages get the policy without inline scripts.
    let csp = HeaderValue::from_static(security::POLICY);
    let https = state.https();
    let body_timeout = state.limits.body_timeout;
    Router::new()
        .nest("/api", api)
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(sitemap))
        .route("/moderation", get(crate::moderation::page))
        .route("/moderation/", get(crate::moderation::page))
        .fallback(pages_and_files)
        .layer(axum::middleware::from_fn_with_state(state.clone(), serve_cached))
        .with_state(state)
        .layer(RequestBodyTimeoutLayer::new(body_timeout))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a request handler panicked");
            error_response(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side.".into())
        }))
        .layer(axum::middleware::map_response(move |mut response: Response| {
            let csp = csp.clone();
            async move {
                security::add_headers(response.headers_mut(), &csp, https);
                response
            }
        }))
        .layer(TraceLayer::new_for_http())
}

/// The path's parameters (a slug, a comment id); a value that cannot be one (not UTF-8, say)
/// names nothing here: a JSON 404 like any unknown thing, not axum's plain-text rejection.
pub struct Params<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Params<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        match UrlPath::<T>::from_request_parts(parts, state).await {
            Ok(UrlPath(value)) => Ok(Params(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "unreadable path parameters");
                Err(AppError::NotFound("There is nothing at this address.".into()))
            }
        }
    }
}

/// The JSON API's routes with their OpenAPI description, from the handlers' own annotations:
/// a route and its documentation cannot part.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(list_articles))
        .routes(routes!(get_article))
        .routes(routes!(comments::list, comments::post))
        .routes(routes!(comments::replies))
        .routes(routes!(comments::place))
}

/// The document's title and description; the operations come from [`api_routes`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "okur API",
        description = "okur's JSON API v1: articles, and the comments readers write under them. \
                       Every error is `{\"error\": {\"code\", \"message\", \"fields\"?}}`.",
        license(name = "MIT"),
    ),
    components(schemas(okur_types::comments::CommentOrder)),
    tags(
        (name = "site", description = "The server itself."),
        (name = "articles", description = "Published articles."),
        (name = "comments", description = "Readers' comments, in threads."),
    ),
)]
struct ApiDoc;

/// The OpenAPI 3.1 document of the JSON API, its paths as the server answers them (`/api/…`).
pub fn openapi() -> serde_json::Value {
    let (_, mut doc) = api_routes().split_for_parts();
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths.into_iter().map(|(path, item)| (format!("/api{path}"), item)).collect();
    let mut json = serde_json::to_value(&doc).unwrap_or_default();
    camel_case_links(&mut json);
    json
}

/// utoipa 5.5 writes a link's fields in snake case (`operation_id`); OpenAPI spells them
/// `operationId`, `operationRef` and `requestBody`, and tools ignore the others.
fn camel_case_links(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::Object(links)) = object.get_mut("links") {
                for link in links.values_mut().filter_map(serde_json::Value::as_object_mut) {
                    for (from, to) in [
                        ("operation_id", "operationId"),
                        ("operation_ref", "operationRef"),
                        ("request_body", "requestBody"),
                    ] {
                        if let Some(field) = link.remove(from) {
                            link.insert(to.to_owned(), field);
                        }
                    }
                }
            }
            object.values_mut().for_each(camel_case_links);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(camel_case_links),
        _ => {}
    }
}

/// `GET /api/openapi.json`: the document, built once.
async fn openapi_json() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let json = DOCUMENT.get_or_init(|| openapi().to_string());
    ([(header::CONTENT_TYPE, "application/json")], json.as_str()).into_response()
}

/// `GET /api/health`: answers `ok` only when the database does.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "site",
    responses(
        (status = 200, description = "The server and its database answer.", body = Health),
        (status = 503, description = "The database does not answer.", body = ErrorResponse),
    ),
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store.ping().await.map_err(|err| {
        tracing::error!(error = %err, "health check failed");
        AppError::Unavailable
    })?;
    Ok(Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}

/// The paging part of a list's query, read as text so that a bad number gets its own message.
#[derive(Debug, Deserialize)]
pub(crate) struct Paging {
    page: Option<String>,
    per_page: Option<String>,
    after: Option<String>,
}

impl Paging {
    /// Where the page starts (after a cursor when one is given, `page` then being ignored; else
    /// a page number from 1) and its size (1–`max`, `default` when not given).
    pub(crate) fn read(&self, default: u32, max: u32) -> Result<(Position, u32), AppError> {
        let per_page = number_in("per_page", self.per_page.as_deref(), default, PER_PAGE_MIN, max)?;
        let position = match self.after.as_deref().filter(|after| !after.is_empty()) {
            Some(after) => Position::After(after.to_owned()),
            // An int32 in the API's contract: nobody pages two billion pages deep.
            None => Position::Page(number_in("page", self.page.as_deref(), 1, 1, PAGE_MAX)?),
        };
        Ok((position, per_page))
    }
}

/// The parsed query, or a 400 that says what is malformed.
pub(crate) fn query_or_400<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    query.map(|Query(q)| q).map_err(|err| AppError::BadRequest(format!("The query is malformed: {err}.")))
}

/// The highest page number a list accepts.
pub const PAGE_MAX: u32 = i32::MAX as u32;

/// Reads a whole number from a query value within bounds.
pub(crate) fn number_in(name: &str, value: Option<&str>, default: u32, min: u32, max: u32) -> Result<u32, AppError> {
    let Some(value) = value else {
        return Ok(default);
    };
    value.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| {
        AppError::BadRequest(format!("`{name}` must be a whole number from {min} to {max}, not {value:?}."))
    })
}

/// `GET /api/articles?page=&per_page=`: one page of summaries, newest first.
#[utoipa::path(
    get,
    path = "/articles",
    operation_id = "list_articles",
    tag = "articles",
    params(
        ("page" = Option<u32>, Query, description = "The page, from 1 (ignored with `after`).", minimum = 1, maximum = 2147483647),
        ("per_page" = Option<u32>, Query, description = "Articles per page (default 20).", minimum = 1, maximum = 100),
        ("after" = Option<String>, Query, description = "The previous page's `next`: the page after it, found \
            in one index range scan however deep (the answer's `page` is then 0)."),
    ),
    responses(
        (status = 200, description = "A page of summaries, newest first.", body = Page<ArticleSummary>, links(
            ("first_article" = (operation_id = "get_article", parameters(("slug" = "$response.body#/items/0/slug")))),
            ("its_comments" = (operation_id = "list_comments", parameters(("slug" = "$response.body#/items/0/slug")))),
        )),
        (status = 400, description = "A malformed page or page size.", body = ErrorResponse),
        (status = 404, description = "`after` names no article.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn list_articles(
    State(state): State<AppState>,
    query: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Page<ArticleSummary>>, AppError> {
    let (position, per_page) = query_or_400(query)?.read(PER_PAGE_DEFAULT, PER_PAGE_MAX)?;
    let (items, total, next) = state
        .store
        .list_articles(&position, per_page)
        .await?
        .map_err(|UnknownCursor| AppError::NotFound("`after` names no article (was it removed?).".into()))?;
    Ok(Json(Page { items, page: position.number(), per_page, total, next }))
}

/// `GET /api/articles/{slug}`: the whole article.
#[utoipa::path(
    get,
    path = "/articles/{slug}",
    operation_id = "get_article",
    tag = "articles",
    params(("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final")),
    responses(
        (status = 200, description = "The whole article.", body = Article, links(
            ("its_comments" = (operation_id = "list_comments", parameters(("slug" = "$response.body#/slug")))),
        )),
        (status = 404, description = "No such article.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn get_article(State(state): State<AppState>, Params(slug): Params<String>) -> Result<Json<Article>, AppError> {
    state
        .store
        .article(&slug)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("There is no article {slug:?}.")))
}

/// `GET /robots.txt`: crawl everything but the API; the sitemap's address when the public
/// address is known.
async fn robots(State(state): State<AppState>) -> Response {
    let mut body = String::from("User-agent: *\nAllow: /\nDisallow: /api/\n");
    if let Some(base) = state.site_url() {
        body.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `GET /sitemap.xml`: the front page and every article, from the database. A sitemap holds
/// absolute addresses only, so without `--public-url` there is none (404).
async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(base) = state.site_url().map(escape_html) else {
        return Err(AppError::NotFound(
            "There is no sitemap: the site's public address is not set (--public-url).".into(),
        ));
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    xml.push_str(&format!("  <url><loc>{base}/</loc></url>\n"));
    for (slug, updated_at) in state.store.sitemap().await? {
        let day = updated_at.get(..10).unwrap_or(&updated_at);
        xml.push_str(&format!(
            "  <url><loc>{base}/articles/{}</loc><lastmod>{}</lastmod></url>\n",
            escape_html(&slug),
            escape_html(day)
        ));
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

/// Cache for files whose name carries a content hash: they never change under that name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache for other static files (demo images, icons): a while, then ask again.
const SHORT: &str = "public, max-age=3600";

/// Everything outside `/api`: a built file if there is one, else the page for the address,
/// rendered on the server (the not-found page, with a 404, for addresses the app does not have).
async fn pages_and_files(State(state): State<AppState>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return AppError::MethodNotAllowed.into_response();
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let headers = request.headers().clone();
    let Ok(decoded) = percent_encoding::percent_decode_str(&path).decode_utf8() else {
        return odd_path("The address is not valid UTF-8.");
    };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return odd_path("The address contains control characters or backslashes.");
    }
    // index.html is the template pages are rendered into, never a page itself, however the
    // name is spelt; the front page is `/`.
    let lower = decoded.to_lowercase();
    let is_template = lower.ends_with("/index.html") || lower.ends_with('/');
    // No file has a name longer than a file system allows (the lookup would fail with an error).
    let could_be_file = decoded.split('/').all(|part| part.len() <= 255);
    if !is_template && could_be_file {
        let served = match ServeDir::new(&state.dist).append_index_html_on_directories(false).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        if served.status().is_success() || served.status() == StatusCode::NOT_MODIFIED {
            return with_cache(served, cache_for(&path));
        }
        if served.status() != StatusCode::NOT_FOUND {
            // Whatever else the file service met (a name it cannot open, a directory): to the
            // reader the file is not there; nothing is cached.
            tracing::debug!(path, status = %served.status(), "static file lookup failed");
        }
        // A missing file (a name with an extension) is a plain 404, not a page.
        let last = path.rsplit('/').next().unwrap_or_default();
        if last.contains('.') {
            if let Some(moved) = old_address(&state, &path, query.as_deref()).await {
                return moved;
            }
            return (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], "Not found").into_response();
        }
    }
    if let Some(moved) = old_address(&state, &path, query.as_deref()).await {
        return moved;
    }
    render_page(&state, path, query, &headers).await
}

/// A 301 to the article an imported post's old address (its permalink, `?p=ID`, its guid) now
/// lives at, looked up in the database, so that links in the wild still land; none for
/// okur's own addresses and unknown ones.
async fn old_address(state: &AppState, path: &str, query: Option<&str>) -> Option<Response> {
    if path.starts_with("/articles/") || (path == "/" && query.is_none()) {
        return None;
    }
    let key = crate::wxr::import::link_key(path, query)?;
    let slug = match state.store.old_link(&key).await {
        Ok(slug) => slug?,
        Err(err) => {
            tracing::warn!(error = %err, "old address lookup failed");
            return None;
        }
    };
    let location = format!("{}/articles/{slug}", state.site_url().unwrap_or_default());
    let location = HeaderValue::from_str(&location).ok()?;
    Some(
        (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"))],
        )
            .into_response(),
    )
}

/// The answer to an address that cannot name anything here: 400, never cached.
fn odd_path(message: &'static str) -> Response {
    (StatusCode::BAD_REQUEST, [(header::CACHE_CONTROL, "no-store")], message).into_response()
}

/// Renders the page for an address, or explains that the front end has not been built.
async fn render_page(state: &AppState, path: String, query: Option<String>, headers: &HeaderMap) -> Response {
    let Some(template) = state.templates.get(&state.dist).await else {
        tracing::warn!(dist = %state.dist.display(), "index.html is missing: build the front end (make run)");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The front end is not built yet: run `make run`, or `trunk build --release` then restart.",
        )
            .into_response();
    };
    let path_and_query = match query {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let request = PageRequest {
        path_and_query,
        locale: request_locale(headers, state.locale),
        origin: state.site_url().unwrap_or_default().to_owned(),
    };
    let page = render(state.store.clone(), &template, request).await;
    page_response(page, headers, &page_cache_control(state.page_cache_seconds), &template.csp)
}

/// The cache policy of a static path: forever for hashed names, briefly for the rest.
fn cache_for(path: &str) -> &'static str {
    if has_content_hash(path) {
        IMMUTABLE
    } else {
        SHORT
    }
}

/// Whether a file name carries Trunk's content hash: `name-<16 hex digits>[_bg].ext`.
fn has_content_hash(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split_once('.').map_or(file, |(stem, _)| stem);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Sets the Cache-Control header of a response.
fn with_cache(mut response: Response, value: &'static str) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognized() {
        assert!(has_content_hash("/okur-web-4f9c1d2e3b4a5c6d_bg.wasm"));
        assert!(has_content_hash("/okur-web-4f9c1d2e3b4a5c6d.js"));
        assert!(has_content_hash("/main-0123456789abcdef.css"));
        assert!(!has_content_hash("/media/harbour.svg"));
        assert!(!has_content_hash("/favicon.svg"));
        assert!(!has_content_hash("/okur-web-xyz.js"));
    }
}
