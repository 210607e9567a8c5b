//! `GET /moderation`: the moderation page, a separate build that readers never download.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::extract::request_locale;
use crate::http::security::{content_security_policy, inline_script_hashes};
use crate::http::state::AppState;

/// `GET /moderation`: the moderation page, a build of its own (`dist/moderation/`, so that
/// readers never download its code), in the reader's language; never cached, its inline
/// loader allowed by its hash. The page signs in and works through the API above.
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let path = state.dist.join("moderation").join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&path).await else {
        tracing::warn!(path = %path.display(), "the moderation page is missing: build the front end (make run)");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            "The moderation page is not built yet: run `make run`.",
        )
            .into_response();
    };
    let lang = request_locale(&headers, state.locale).code();
    let html = with_lang(&html, lang);
    let csp = content_security_policy(&inline_script_hashes(&html));
    let mut response =
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html)
            .into_response();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// The page with `<html lang>` set (Trunk's minifier leaves the optional `<html>` tag out).
fn with_lang(html: &str, lang: &str) -> String {
    if html.contains("<html") {
        return html.replacen("<html", &format!(r#"<html lang="{lang}""#), 1);
    }
    let doctype = html.get(..15).filter(|start| start.eq_ignore_ascii_case("<!doctype html>"));
    let rest = if doctype.is_some() { &html[15..] } else { html };
    format!(r#"<!doctype html><html lang="{lang}">{rest}"#)
}

#[cfg(test)]
mod tests {
    use super::with_lang;

    #[test]
    fn the_page_gets_its_language() {
        assert_eq!(
            with_lang("<!doctype html><meta charset=utf-8>", "en"),
            r#"<!doctype html><html lang="en"><meta charset=utf-8>"#
        );
        assert_eq!(with_lang("<!DOCTYPE html>\n<html><head>", "tr"), "<!DOCTYPE html>\n<html lang=\"tr\"><head>");
        assert_eq!(with_lang("<p>", "tr"), r#"<!doctype html><html lang="tr"><p>"#);
    }
}
