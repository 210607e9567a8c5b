//! Old addresses: the permalinks, `?p=ID` links and guids of posts imported from WordPress,
//! each answered with a 301 to the article it became, and WordPress's category pages
//! (`/category/{slug}/`), answered with a 301 to the section.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::state::AppState;

/// A 301 to the article an imported post's old address (its permalink, `?p=ID`, its guid) or a
/// renamed story's old name now lives at, looked up in the database, so that links in the wild
/// still land; none for okur's own addresses and unknown ones.
pub async fn old_address(state: &AppState, path: &str, query: Option<&str>) -> Option<Response> {
    if let Some(slug) = path.strip_prefix("/articles/") {
        return renamed(state, slug).await;
    }
    if path == "/" && query.is_none() {
        return None;
    }
    if let Some(moved) = category(state, path).await {
        return Some(moved);
    }
    let key = crate::import::wxr::import::link_key(path, query)?;
    let slug = match state.store.old_link(&key).await {
        Ok(slug) => slug?,
        Err(err) => {
            tracing::warn!(error = %err, "old address lookup failed");
            return None;
        }
    };
    moved_to(state, &format!("/articles/{slug}"))
}

/// A 301 from a story's old URL name to its new one, after the desk renamed it (a story's own
/// name is never an old address: renaming a story to it, or making one with it, takes it back).
async fn renamed(state: &AppState, slug: &str) -> Option<Response> {
    if slug.is_empty() || slug.contains('/') || slug.len() > 100 {
        return None;
    }
    match state.store.old_link(&format!("/articles/{slug}")).await {
        Ok(Some(now)) if now != slug => moved_to(state, &format!("/articles/{now}")),
        Ok(_) => None,
        Err(err) => {
            tracing::warn!(error = %err, "old address lookup failed");
            None
        }
    }
}

/// WordPress's address of a category, `/category/{slug}` with or without the slash (a
/// subcategory's `/category/{parent}/{slug}/` too): a 301 to the section of that name, when
/// there is one.
async fn category(state: &AppState, path: &str) -> Option<Response> {
    let rest = path.strip_prefix("/category/")?.trim_end_matches('/');
    let name = rest.rsplit('/').next().filter(|n| !n.is_empty())?;
    let decoded = percent_encoding::percent_decode_str(name).decode_utf8().ok()?;
    let slug = crate::domain::text::slugify(&decoded)?;
    match state.store.shelf_name(crate::store::Shelf::Section(&slug)).await {
        Ok(Some(_)) => moved_to(state, &format!("/sections/{slug}")),
        Ok(None) => None,
        Err(err) => {
            tracing::warn!(error = %err, "section lookup failed");
            None
        }
    }
}

/// A permanent redirect to one of the site's own paths.
fn moved_to(state: &AppState, path: &str) -> Option<Response> {
    let location = format!("{}{path}", state.site_url().unwrap_or_default());
    let location = HeaderValue::from_str(&location).ok()?;
    Some(
        (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"))],
        )
            .into_response(),
    )
}
