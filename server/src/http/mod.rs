//! The HTTP surface: the JSON API under `/api`; for everything else a file of the built front
//! end or a page rendered on the server. [`app`] is the one route table: each resource's
//! routes come from its own module, each group declaring its cache scope where it is
//! registered; every write passes through one layer that brings the cache's view of the
//! database up to date before it answers.

pub mod api;
pub mod browse;
pub mod budgets;
pub mod cache;
pub mod error;
pub mod extract;
pub mod identity;
pub mod names;
pub mod pages;
pub mod security;
pub mod state;
pub mod streams;
pub mod views;

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use self::cache::{refresh_after_writes, Caching};
use self::error::error_response;
use self::state::AppState;

/// The whole site: API, pages, static files, compression, JSON answers even for panics.
pub fn app(state: AppState) -> Router {
    let caching = Caching::on(&state);
    // Answers other than pages get the policy without inline scripts.
    let csp = HeaderValue::from_static(security::POLICY);
    let https = state.https();
    let body_timeout = state.limits.body_timeout;
    Router::new()
        .nest("/api", api::routes(&caching))
        .merge(pages::routes(&caching))
        .layer(from_fn_with_state(Arc::new((state.generations.clone(), state.store.clone())), refresh_after_writes))
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
