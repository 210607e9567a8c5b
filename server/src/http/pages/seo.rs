//! What crawlers read: `robots.txt`, the sitemap (front page, articles, sections, authors) and
//! the Google News sitemap.

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
        body.push_str(&format!("\nSitemap: {base}/sitemap.xml\nSitemap: {base}/news-sitemap.xml\n"));
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
    for authors in [false, true] {
        let folder = if authors { "authors" } else { "sections" };
        for shelf in state.store.shelves(authors).await? {
            let day = shelf.latest.get(..10).unwrap_or(&shelf.latest);
            xml.push_str(&format!(
                "  <url><loc>{base}/{folder}/{}</loc><lastmod>{}</lastmod></url>\n",
                escape_html(&shelf.slug),
                escape_html(day)
            ));
        }
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}

/// `GET /news-sitemap.xml`: the articles of the last two days, as Google News reads them
/// (`news:` namespace: the publication, its language, the date and the title). Absolute
/// addresses only, so none without `--public-url`, as for the sitemap.
pub async fn news_sitemap(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(base) = state.site_url().map(escape_html) else {
        return Err(AppError::NotFound(
            "There is no news sitemap: the site's public address is not set (--public-url).".into(),
        ));
    };
    let since = crate::domain::stamp::Stamp::now().before(time::Duration::days(2)).to_string();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for a in state.store.published_since_time(&since).await? {
        xml.push_str(&format!(
            "  <url><loc>{base}/articles/{}</loc><news:news><news:publication><news:name>okur</news:name>\
             <news:language>{}</news:language></news:publication><news:publication_date>{}</news:publication_date>\
             <news:title>{}</news:title></news:news></url>\n",
            escape_html(&a.slug),
            escape_html(a.language.split('-').next().unwrap_or("tr")),
            escape_html(&a.published_at),
            escape_html(&a.title)
        ));
    }
    xml.push_str("</urlset>\n");
    Ok(([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response())
}
