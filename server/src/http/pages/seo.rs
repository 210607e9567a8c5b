//! What crawlers read: `robots.txt` and the sitemap.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use okur_web::format::escape_html;

use crate::http::error::AppError;
use crate::http::state::AppState;

/// `GET /robots.txt`: crawl everything but the API; the sitemap's address when the public
/// address is known.
pub async fn robots(State(state): State<AppState>) -> Response {
    let mut body = String::from("User-agent: *\nAllow: /\nDisallow: /api/\n");
    if let Some(base) = state.site_url() {
        body.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `GET /sitemap.xml`: the front page and every article, from the database. A sitemap holds
/// absolute addresses only, so without `--public-url` there is none (404).
pub async fn sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
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
