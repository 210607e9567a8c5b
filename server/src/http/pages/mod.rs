//! Everything outside `/api`: a built file if there is one, else the page for the address,
//! rendered on the server by the front end's own components; `robots.txt`, the sitemap, the
//! moderation page and WordPress's old addresses.

pub mod feeds;
pub mod files;
pub mod mail;
pub mod moderation;
pub mod moved;
pub mod preview;
pub mod render;
pub mod seo;
pub mod template;
pub mod uploads;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use okur_web::router::Route;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use self::files::{cache_for, not_found, with_cache};
use self::moved::old_address;
use self::render::{page_cache_control, page_response, render, PageRequest};
use crate::http::cache::{Caching, Scope};
use crate::http::error::AppError;
use crate::http::extract::{request_locale, PAGE_MAX};
use crate::http::state::AppState;

/// The pages' routes: the front page kept under the list's scope, an article's page under the
/// article's; everything else is looked up by [`pages_and_files`] and not kept.
pub fn routes(caching: &Caching) -> Router<AppState> {
    let front = caching.pages(Scope::List, Router::new().route("/", any(pages_and_files)));
    let article = caching.article_pages(Router::new().route("/articles/{slug}", any(pages_and_files)));
    // Sections, authors and search show stories with their comment counts: the list's scope.
    let lists = caching.pages(
        Scope::List,
        Router::new()
            .route("/sections/{slug}", any(pages_and_files))
            .route("/authors/{slug}", any(pages_and_files))
            .route("/search", any(pages_and_files)),
    );
    // Feeds show stories with their dates, or an article's comments.
    let feeds = caching.pages(
        Scope::List,
        Router::new()
            .route("/feed.xml", get(feeds::site))
            .route("/sections/{slug}/feed.xml", get(feeds::section))
            .route("/authors/{slug}/feed.xml", get(feeds::author)),
    );
    let comment_feed =
        caching.pages(Scope::Article, Router::new().route("/articles/{slug}/comments.xml", get(feeds::comments)));
    front
        .merge(article)
        .merge(lists)
        .merge(feeds)
        .merge(comment_feed)
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/news-sitemap.xml", get(seo::news_sitemap))
        .route("/moderation", get(moderation::page))
        .route("/moderation/", get(moderation::page))
        .route("/desk", get(moderation::page))
        .route("/desk/", get(moderation::page))
        .route("/desk/preview/{slug}", get(preview::page))
        .route("/mail/confirm/{token}", get(mail::confirm))
        .route("/mail/stop/{token}", get(mail::stop_page).post(mail::stop))
        .fallback(pages_and_files)
}

/// Everything outside `/api`: a built file if there is one, else the page for the address,
/// rendered on the server (the not-found page, with a 404, for addresses the app does not have).
async fn pages_and_files(State(state): State<AppState>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return AppError::MethodNotAllowed.into_response();
    }
    let path = request.uri().path().to_owned();
    if let Some(upload) = uploads::answer(&state, &path).await {
        return upload;
    }
    let query = request.uri().query().map(str::to_owned);
    let headers = request.headers().clone();
    let Ok(decoded) = percent_encoding::percent_decode_str(&path).decode_utf8() else {
        return bad_address("The address is not valid UTF-8.");
    };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return bad_address("The address contains control characters or backslashes.");
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
            return not_found();
        }
    }
    if let Some(moved) = old_address(&state, &path, query.as_deref()).await {
        return moved;
    }
    render_page(&state, path, query, &headers).await
}

/// What is wrong with a page's query, if a parameter the page reads cannot be read: the front
/// page's `page` (1 to [`PAGE_MAX`]), an article's `comment` (an id). A 400 says so rather than
/// showing the page as if the parameter were not there.
fn malformed_query(path: &str, query: Option<&str>) -> Option<String> {
    let value = |name| okur_web::router::query_value(query?, name);
    match okur_web::router::route(path) {
        Route::Home => value("page")
            .filter(|v| !v.trim().parse::<u32>().is_ok_and(|n| (1..=PAGE_MAX).contains(&n)))
            .map(|v| format!("`page` must be a whole number from 1 to {PAGE_MAX}, not {v:?}.")),
        Route::Article(_) => value("comment")
            .filter(|v| !v.parse::<i64>().is_ok_and(|id| id >= 1))
            .map(|v| format!("`comment` must be a comment's id, not {v:?}.")),
        // A search over its bounds is the search page's to explain (a 400 with the page).
        Route::Section(_) | Route::Author(_) | Route::Search | Route::Saved | Route::NotFound => None,
    }
}

/// The answer to an address that cannot name anything here: 400, never cached.
fn bad_address(message: impl Into<String>) -> Response {
    (StatusCode::BAD_REQUEST, [(header::CACHE_CONTROL, "no-store")], message.into()).into_response()
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
    if let Some(message) = malformed_query(&path, query.as_deref()) {
        return bad_address(message);
    }
    let path_and_query = match query {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let request = PageRequest {
        path_and_query,
        locale: request_locale(headers, state.locale),
        origin: state.site_url().unwrap_or_default().to_owned(),
        mail: state.mail,
    };
    // The masthead's sections: a page without them is still a page.
    let sections = state.sections.list(&state.store, &state.generations).await.unwrap_or_else(|err| {
        tracing::warn!(error = %err, "could not read the sections for the masthead");
        Default::default()
    });
    let page = render(state.store.clone(), sections, &template, request, None).await;
    page_response(page, headers, &page_cache_control(state.page_cache_seconds), &template.csp)
}
