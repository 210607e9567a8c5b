//! The built front end's files: forever in caches when Trunk's content hash is in the name,
//! asked again each time for the service worker, for an hour otherwise; and the answer for a
//! file that is not there.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Cache for files whose name carries a content hash: they never change under that name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache for other static files (demo images, icons): a while, then ask again.
const SHORT: &str = "public, max-age=3600";

/// Cache for the service worker: a new build's worker is found on the reader's next page.
const REVALIDATE: &str = "no-cache";

/// The cache policy of a static path: forever for hashed names, never unasked for the service
/// worker, briefly for the rest.
pub fn cache_for(path: &str) -> &'static str {
    if has_content_hash(path) {
        IMMUTABLE
    } else if path == "/sw.js" {
        REVALIDATE
    } else {
        SHORT
    }
}

/// Whether a file name carries Trunk's content hash: `name-<hex digits>[_bg].ext`. Trunk writes
/// the 64-bit hash without leading zeros, so one build in sixteen has 15 digits, and fewer are
/// rarer still; 12 to 16 are taken as a hash.
fn has_content_hash(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split_once('.').map_or(file, |(stem, _)| stem);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The answer for a file that is not there: a plain 404, never a page, kept by no one.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], "Not found").into_response()
}

/// Sets the Cache-Control header of a response.
pub fn with_cache(mut response: Response, value: &'static str) -> Response {
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
        assert!(has_content_hash("/okur-web-775c516c2a6af4c_bg.wasm"));
        assert!(!has_content_hash("/media/harbour.svg"));
        assert!(!has_content_hash("/favicon.svg"));
        assert!(!has_content_hash("/okur-web-xyz.js"));
    }

    #[test]
    fn the_service_worker_is_asked_for_again() {
        assert_eq!(cache_for("/sw.js"), REVALIDATE);
        assert_eq!(cache_for("/okur-web-4f9c1d2e3b4a5c6d.js"), IMMUTABLE);
        assert_eq!(cache_for("/manifest.webmanifest"), SHORT);
    }
}
