//! Old addresses: the permalinks, `?p=ID` links and guids of posts imported from WordPress,
//! each answered with a 301 to the article it became.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::state::AppState;

/// A 301 to the article an imported post's old address (its permalink, `?p=ID`, its guid) now
/// lives at, looked up in the database, so that links in the wild still land; none for
/// okur's own addresses and unknown ones.
pub async fn old_address(state: &AppState, path: &str, query: Option<&str>) -> Option<Response> {
    if path.starts_with("/articles/") || (path == "/" && query.is_none()) {
        return None;
    }
    let key = crate::import::wxr::import::link_key(path, query)?;
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
