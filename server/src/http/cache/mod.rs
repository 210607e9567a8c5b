//! Reads at the speed of static files: GET answers (article lists, articles, comment pages and
//! the server-rendered pages) kept in memory as their encoded bytes, brotli and gzip included,
//! with a strong ETag.
//!
//! Invalidation is exact and shared by every process on the database: each answer depends on
//! one *scope* (the article list, or one article), declared by its route where it is
//! registered ([`Caching`]), the article named by the route's own `{slug}` as axum decoded it,
//! so that every spelling of an address shares its article's scope. Triggers in the database
//! bump a scope's generation whenever anything it shows changes ([`generations`]); an entry is
//! served only while its scope's generation is the one it was made at.

pub mod answers;
pub mod generations;

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{OriginalUri, RawPathParams, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use utoipa_axum::router::OpenApiRouter;

use self::answers::{answer, strong_etag, Entry, ENTRY_MAX};
use self::generations::Generations;
use crate::http::extract::request_locale;
use crate::http::state::AppState;
use crate::http::views::{is_robot, Views};
use crate::store::Store;

/// What a route's answers depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The article list: the front page and `/api/articles`.
    List,
    /// One article, named by the route's `{slug}`: its JSON, its comments, its threads' replies.
    Article,
    /// An article's page: the article, and the stories it ends with (related, most read).
    ArticlePage,
    /// What articles say, but not their comment counts (`~content`): related stories.
    Content,
    /// The most read list (`~most-read`).
    MostRead,
}

/// How routes keep their answers: with the app's state, or not at all (the OpenAPI document
/// is built from the same routes without one).
#[derive(Debug, Clone)]
pub struct Caching(Option<AppState>);

/// What the layer of one group of routes knows (shared: the layer hands it to every request).
#[derive(Debug)]
struct Kept {
    state: AppState,
    scope: Scope,
    /// Pages are kept per language (the reader's cookie or Accept-Language); JSON is not.
    page: bool,
    /// Where an article page's views are counted (`crate::http::views`), when they are.
    views: Option<Views>,
}

impl Caching {
    /// Answers kept in the state's cache.
    pub fn on(state: &AppState) -> Self {
        Caching(Some(state.clone()))
    }

    /// Nothing kept: for the routes' documentation alone.
    pub fn off() -> Self {
        Caching(None)
    }

    /// These API routes, their GET answers kept under `scope`.
    pub fn api(&self, scope: Scope, routes: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
        match &self.0 {
            Some(state) => {
                let kept = Arc::new(Kept { state: state.clone(), scope, page: false, views: None });
                routes.route_layer(from_fn_with_state(kept, serve_cached))
            }
            None => routes,
        }
    }

    /// These page routes, their GET answers kept under `scope` for each language.
    pub fn pages(&self, scope: Scope, routes: Router<AppState>) -> Router<AppState> {
        self.pages_counted(scope, routes, false)
    }

    /// The article page's route (its `{slug}` the article): kept as [`Caching::pages`] keeps
    /// them, and a reader's view counted on each 200 it answers, from the cache or not (unless
    /// the server counts none). Counted here rather than in a layer of its own: the page is
    /// the hottest read there is.
    pub fn article_pages(&self, routes: Router<AppState>) -> Router<AppState> {
        self.pages_counted(Scope::ArticlePage, routes, true)
    }

    /// Page routes kept under `scope`, their views counted when `counted` and the server counts.
    fn pages_counted(&self, scope: Scope, routes: Router<AppState>, counted: bool) -> Router<AppState> {
        match &self.0 {
            Some(state) => {
                let views = (counted && state.count_views).then(|| state.views.clone());
                let kept = Arc::new(Kept { state: state.clone(), scope, page: true, views });
                routes.route_layer(from_fn_with_state(kept, serve_cached))
            }
            None => routes,
        }
    }
}

/// The keys of the generations a scope's answers depend on: `""` for the list, an article's
/// slug, `~content`, `~most-read`.
fn scope_keys(scope: Scope, params: &RawPathParams) -> Option<Vec<String>> {
    let slug = || route_slug(params).map(str::to_owned);
    Some(match scope {
        Scope::List => vec![String::new()],
        Scope::Article => vec![slug()?],
        Scope::ArticlePage => vec![slug()?, "~content".into(), "~most-read".into()],
        Scope::Content => vec!["~content".into()],
        Scope::MostRead => vec!["~most-read".into()],
    })
}

/// The route's `{slug}`, as axum decoded it.
fn route_slug(params: &RawPathParams) -> Option<&str> {
    params.iter().find(|(name, _)| *name == "slug").map(|(_, slug)| slug)
}

/// Answers GETs from the cache while their scope is unchanged; fills it from the handlers'
/// 200s otherwise. Everything else passes through untouched. Counts a reader's view of the
/// article (its route's `{slug}`, as decoded) when it answers 200 on a route that counts them.
async fn serve_cached(
    State(kept): State<Arc<Kept>>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    request: Request,
    next: Next,
) -> Response {
    let viewer = kept.views.as_ref().filter(|_| request.method() == Method::GET && !is_robot(request.headers()));
    let Some(views) = viewer else {
        return cached(&kept, params, request, next).await;
    };
    let slug = params.as_ref().ok().and_then(route_slug).map(str::to_owned);
    let response = cached(&kept, params, request, next).await;
    if let (Some(slug), StatusCode::OK) = (slug, response.status()) {
        views.count(&slug);
    }
    response
}

/// [`serve_cached`]'s answer.
async fn cached(
    kept: &Kept,
    params: Result<RawPathParams, RawPathParamsRejection>,
    request: Request,
    next: Next,
) -> Response {
    let state = &kept.state;
    let cache = state.cache.clone();
    if request.method() != Method::GET || !cache.enabled() {
        return next.run(request).await;
    }
    // A path whose parameters do not decode names nothing: the handler says so.
    let Some(scopes) = params.ok().and_then(|params| scope_keys(kept.scope, &params)) else {
        return next.run(request).await;
    };
    // The whole address as asked (a nested router sees its own part of the path only).
    let uri = request.extensions().get::<OriginalUri>().map_or_else(|| request.uri().clone(), |o| o.0.clone());
    // A path or query in another spelling is answered, not kept: no one can fill the cache with
    // copies, and every copy kept is under the one address its scope's changes are about. (Slugs
    // are ASCII letters, digits and hyphens: an escape in a path is never their spelling.)
    if uri.path().contains('%') {
        return next.run(request).await;
    }
    let Some(query) = canonical_query(uri.query()) else {
        return next.run(request).await;
    };
    let locale = if kept.page { request_locale(request.headers(), state.locale).code() } else { "" };
    let key = format!("{locale} {}?{query}", uri.path());
    // Generations only grow: their sum changes whenever any of them does.
    let mut generation = 0;
    for scope in &scopes {
        let Ok(n) = state.generations.current(&state.store, scope).await else {
            // The database is not answering: the handler says so in its own way.
            return next.run(request).await;
        };
        generation += n;
    }
    let headers = request.headers().clone();
    if let Some(entry) = cache.get(&key) {
        if entry.generation == generation {
            return answer(&cache, &key, &entry, &headers);
        }
        cache.remove(&key);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(collected) = body.collect().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let identity: Bytes = collected.to_bytes();
    let mut headers_kept = parts.headers.clone();
    headers_kept.remove(header::CONTENT_LENGTH);
    headers_kept.remove(header::ETAG);
    let entry = Arc::new(Entry {
        generation,
        headers: headers_kept,
        etag: strong_etag(&identity),
        identity,
        brotli: OnceLock::new(),
        gzip: OnceLock::new(),
    });
    if entry.identity.len() <= ENTRY_MAX {
        cache.put(key.clone(), entry.clone());
    }
    answer(&cache, &key, &entry, &headers)
}

/// The query parameters the kept routes read (the lists' paging, the threads' order, the comment
/// an article page opens at). Handlers ignore any other.
const KNOWN: &[&str] = &["after", "comment", "order", "page", "per_page", "q"];

/// The query as its answer is kept: the known parameters, their values decoded, in name order; others left
/// out (`?utm_source=…` shares the plain address's copy, the handler ignoring it as well). None
/// when a name is escaped, a known one given twice or not in its one spelling (a number with a sign or leading
/// zeros, a word in capitals, a cursor with characters cursors never have): such a request is
/// answered by its handler (with a 400 when malformed) and never kept.
fn canonical_query(query: Option<&str>) -> Option<String> {
    let query = query.unwrap_or_default();
    // A name spelt with escapes: the page reads names as written, the API decodes them.
    if query.split('&').any(|pair| pair.split('=').next().is_some_and(|name| name.contains(['%', '+']))) {
        return None;
    }
    let mut known: Vec<(String, String)> = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if !KNOWN.contains(&name.as_ref()) {
            continue;
        }
        let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        // A search is kept as typed (its bound, 200 characters, bounds the key).
        let one_spelling = if name == "q" {
            value.chars().count() <= crate::domain::search::QUERY_MAX_CHARS
        } else if digits {
            value == "0" || !value.starts_with('0')
        } else {
            value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        };
        if !one_spelling || known.iter().any(|(seen, _)| *seen == name) {
            return None;
        }
        known.push((name.into_owned(), value.into_owned()));
    }
    known.sort();
    Some(form_urlencoded::Serializer::new(String::new()).extend_pairs(known).finish())
}

/// Brings the generations up to date after every request that may change something (any
/// method but GET, HEAD and OPTIONS), before it answers: whoever wrote, and every reader after
/// them, sees the change at once, whichever handler made it. A write path cannot forget it.
pub async fn refresh_after_writes(
    State(watched): State<Arc<(Generations, Store)>>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let (generations, store) = &*watched;
    if let Err(err) = generations.refresh(store).await {
        // The write stands; the next read looks again rather than trusting the mirror.
        tracing::warn!(error = %err, "could not look for changes after a write");
        generations.outdated();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::canonical_query;

    #[test]
    fn one_key_per_answer() {
        assert_eq!(canonical_query(None).as_deref(), Some(""));
        assert_eq!(canonical_query(Some("page=2&per_page=10")).as_deref(), Some("page=2&per_page=10"));
        assert_eq!(canonical_query(Some("per_page=10&page=2")).as_deref(), Some("page=2&per_page=10"));
        assert_eq!(canonical_query(Some("page=2&utm_source=x&fbclid=y")).as_deref(), Some("page=2"));
        assert_eq!(canonical_query(Some("order=desc&after=c2-abc_9")).as_deref(), Some("after=c2-abc_9&order=desc"));
        for odd in
            ["page=02", "page=+2", "page=2&page=3", "order=DESC", "page=%20", "after=a%2Fb", "page=x%00", "p%61ge=2"]
        {
            assert_eq!(canonical_query(Some(odd)), None, "{odd}");
        }
    }
}
