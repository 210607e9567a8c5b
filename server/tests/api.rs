//! The HTTP API and the static site, through the whole router (`app()` with `oneshot`),
//! on a new, seeded database in a temporary folder.

mod common;

use axum::http::{header, Method, StatusCode};
use common::{body, site, WASM_NAME};
use okur_types::{Article, ArticleSummary, Block, ErrorResponse, Health, Page};

/// The demo articles a new site starts with.
const DEMO: u64 = 10;

#[tokio::test]
async fn health_answers_ok() {
    let site = site().await;
    let health: Health = site.get_json("/api/health", StatusCode::OK).await;
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn articles_are_listed_newest_first_with_counts() {
    let site = site().await;
    let page: Page<ArticleSummary> = site.get_json("/api/articles", StatusCode::OK).await;
    assert_eq!((page.page, page.per_page, page.total), (1, 20, DEMO));
    assert_eq!(page.items.len() as u64, DEMO);
    let dates: Vec<&str> = page.items.iter().map(|a| a.published_at.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let first = &page.items[0];
    assert_eq!(first.slug, "liman-kenti-yesil-donusum");
    assert_eq!(first.published_at, "2025-12-13T07:30:00Z");
    assert_eq!(first.comment_count, 2);
    assert_eq!(first.image.as_ref().unwrap().src, "/media/harbour.svg");
    assert!(page.items.iter().any(|a| a.slug == "coastal-rail-line-reopens" && a.comment_count == 1));
}

#[tokio::test]
async fn paging_walks_the_list_and_past_its_end() {
    let site = site().await;
    let mut seen = Vec::new();
    let pages = DEMO.div_ceil(3) as u32;
    for n in 1..=pages {
        let page: Page<ArticleSummary> =
            site.get_json(&format!("/api/articles?page={n}&per_page=3"), StatusCode::OK).await;
        assert_eq!((page.page, page.per_page, page.total), (n, 3, DEMO));
        seen.extend(page.items.into_iter().map(|a| a.slug));
    }
    assert_eq!(seen.len() as u64, DEMO);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len() as u64, DEMO, "no article on two pages");
    let past: Page<ArticleSummary> =
        site.get_json(&format!("/api/articles?page={}&per_page=3", pages + 1), StatusCode::OK).await;
    assert!(past.items.is_empty());
    assert_eq!(past.total, DEMO);
    let edge: Page<ArticleSummary> = site.get_json("/api/articles?per_page=100&page=1", StatusCode::OK).await;
    assert_eq!(edge.items.len() as u64, DEMO);
    let one: Page<ArticleSummary> = site.get_json("/api/articles?per_page=1", StatusCode::OK).await;
    assert_eq!(one.items.len(), 1);
}

#[tokio::test]
async fn bad_queries_get_a_json_400() {
    let site = site().await;
    for query in ["page=abc", "page=0", "page=-1", "per_page=0", "per_page=101", "per_page=x", "page=1.5", "page=%ZZ"] {
        let message = site.error(&format!("/api/articles?{query}"), StatusCode::BAD_REQUEST, "bad_request").await;
        assert!(message.contains("page") || message.contains("malformed"), "{query}: {message}");
    }
}

#[tokio::test]
async fn an_article_has_its_body_and_the_demo_uses_every_block_kind() {
    let site = site().await;
    let list: Page<ArticleSummary> = site.get_json("/api/articles", StatusCode::OK).await;
    let mut kinds = std::collections::BTreeSet::new();
    for summary in &list.items {
        let article: Article = site.get_json(&format!("/api/articles/{}", summary.slug), StatusCode::OK).await;
        assert_eq!(&article.summary, summary);
        assert!(!article.body.is_empty());
        for block in &article.body {
            kinds.insert(match block {
                Block::Heading { .. } => "heading",
                Block::Paragraph { .. } => "paragraph",
                Block::Quote { .. } => "quote",
                Block::List { ordered: true, .. } => "ordered list",
                Block::List { ordered: false, .. } => "bulleted list",
                Block::Image { .. } => "image",
            });
        }
    }
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    // Raw JSON: the tagged shape, and no HTML anywhere.
    let raw = body(site.get("/api/articles/coastal-rail-line-reopens").await).await;
    let value: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(value["body"][0]["type"], "paragraph");
    assert_eq!(value["comments_open"], true);
    assert!(!String::from_utf8(raw).unwrap().contains('<'));
}

#[tokio::test]
async fn unknown_things_get_json_errors() {
    let site = site().await;
    site.error("/api/articles/no-such-article", StatusCode::NOT_FOUND, "not_found").await;
    site.error("/api/articles/%3Cscript%3E", StatusCode::NOT_FOUND, "not_found").await;
    site.error("/api/nothing-here", StatusCode::NOT_FOUND, "not_found").await;
    let response = site.request(Method::POST, "/api/articles", &[]).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let error: ErrorResponse = serde_json::from_slice(&body(response).await).unwrap();
    assert_eq!(error.error.code, "method_not_allowed");
}

#[tokio::test]
async fn pages_and_files_are_served_with_cache_headers() {
    let site = site().await;
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/articles/liman-kenti-yesil-donusum", StatusCode::OK),
        ("/no/such/route", StatusCode::NOT_FOUND),
    ] {
        let response = site.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        let html = String::from_utf8(body(response).await).unwrap();
        assert!(html.contains("<script type=module src=/app.js></script>"), "{path}: the template's scripts");
        assert!(html.contains(r#"<header class="site-header">"#), "{path}: the masthead");
    }
    let wasm = site.get(&format!("/{WASM_NAME}")).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(wasm.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let media = site.get("/media/a.svg").await;
    assert_eq!(media.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert_eq!(media.headers()[header::CACHE_CONTROL], "public, max-age=3600");
    assert_eq!(site.get("/missing-0123456789abcdef.js").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(site.request(Method::POST, "/articles/x", &[]).await.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn responses_are_compressed() {
    let site = site().await;
    let wasm = site.request(Method::GET, &format!("/{WASM_NAME}"), &[("accept-encoding", "br")]).await;
    assert_eq!(wasm.headers()[header::CONTENT_ENCODING], "br");
    let api = site.request(Method::GET, "/api/articles", &[("accept-encoding", "gzip")]).await;
    assert_eq!(api.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = body(api).await;
    let plain = body(site.get("/api/articles").await).await;
    assert!(compressed.len() < plain.len() / 2, "{} vs {}", compressed.len(), plain.len());
}

#[tokio::test]
async fn a_missing_front_end_is_explained_not_hidden() {
    let site = site().await;
    std::fs::remove_file(site.state.dist.join("index.html")).unwrap();
    let response = site.get("/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(String::from_utf8(body(response).await).unwrap().contains("make run"));
    // The API still works.
    let _: Health = site.get_json("/api/health", StatusCode::OK).await;
}

#[tokio::test]
async fn articles_say_their_language_and_the_site_its_own() {
    let mut site = site().await;
    let english: Article = site.get_json("/api/articles/coastal-rail-line-reopens", StatusCode::OK).await;
    let turkish: Article = site.get_json("/api/articles/genc-takim-final", StatusCode::OK).await;
    assert_eq!((english.summary.language.as_str(), turkish.summary.language.as_str()), ("en", "tr"));

    // An article that names no language has the site's.
    let plain = common::plain_article("no-language", true);
    site.state.store.save_articles(&[plain]).await.unwrap();
    site.state.store = site.state.store.clone().with_default_language("en");
    site.state.locale = okur_web::i18n::Locale::En;
    let article: Article = site.get_json("/api/articles/no-language", StatusCode::OK).await;
    assert_eq!(article.summary.language, "en");

    // Pages are rendered in the site's language.
    for path in ["/", "/articles/no-language"] {
        let html = String::from_utf8(body(site.get(path).await).await).unwrap();
        assert!(html.contains(r#"<html lang="en">"#), "{path}: {html}");
    }
}

#[tokio::test]
async fn robots_and_sitemap_come_from_the_database() {
    let mut site = site().await;
    site.state.public_url = Some("https://okur.example/".into());
    let robots = site.request(Method::GET, "/robots.txt", &[("host", "evil.example")]).await;
    assert_eq!(robots.headers()[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    let robots = String::from_utf8(body(robots).await).unwrap();
    assert!(robots.contains("User-agent: *"));
    assert!(robots.contains("Disallow: /api/"));
    assert!(robots.contains("Sitemap: https://okur.example/sitemap.xml"), "{robots}");

    let sitemap = site.request(Method::GET, "/sitemap.xml", &[("host", "evil.example")]).await;
    assert_eq!(sitemap.headers()[header::CONTENT_TYPE], "application/xml; charset=utf-8");
    let xml = String::from_utf8(body(sitemap).await).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<loc>https://okur.example/</loc>"));
    assert_eq!(xml.matches("<loc>https://okur.example/articles/").count() as u64, DEMO, "{xml}");
    assert!(xml.contains("<loc>https://okur.example/articles/liman-kenti-yesil-donusum</loc><lastmod>"));
    assert!(!xml.contains("evil"));
}

#[tokio::test]
async fn no_address_is_taken_from_the_host_header() {
    let site = site().await;
    let headers = [("host", "evil.example"), ("x-forwarded-host", "evil.example"), ("x-forwarded-proto", "https")];
    let robots = String::from_utf8(body(site.request(Method::GET, "/robots.txt", &headers).await).await).unwrap();
    assert!(!robots.contains("Sitemap") && !robots.contains("evil"), "{robots}");
    let sitemap = site.request(Method::GET, "/sitemap.xml", &headers).await;
    assert_eq!(sitemap.status(), StatusCode::NOT_FOUND, "a sitemap needs --public-url");
    for path in ["/", "/articles/genc-takim-final", "/yok"] {
        let html = String::from_utf8(body(site.request(Method::GET, path, &headers).await).await).unwrap();
        assert!(!html.contains("evil.example"), "{path}");
    }
    let html = String::from_utf8(body(site.get("/articles/genc-takim-final").await).await).unwrap();
    assert!(html.contains(r#"<link rel="canonical" href="/articles/genc-takim-final"#), "relative canonical: {html}");
}

#[tokio::test]
async fn json_answers_say_how_they_may_be_kept() {
    let site = site().await;
    let control = |response: &axum::response::Response| {
        response.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_owned())
    };
    // A read may be kept, and is asked about again each time (its ETag answers with a 304).
    for read in ["/api/articles", "/api/articles/genc-takim-final", "/api/articles/genc-takim-final/comments"] {
        let response = site.get(read).await;
        assert_eq!(control(&response).as_deref(), Some("no-cache"), "{read}");
        let tag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
        let again = site.request(Method::GET, read, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{read}");
        assert_eq!(control(&again).as_deref(), Some("no-cache"), "{read}");
    }
    // Errors and writes are not kept; the moderators' answers never are, a read included.
    for (response, what) in [
        (site.get("/api/articles/yok-boyle-bir-haber").await, "a 404"),
        (site.get("/api/articles?page=abc").await, "a 400"),
        (site.get("/api/nothing-here").await, "no such endpoint"),
        (site.get("/api/moderation/session").await, "the moderators' session"),
        (
            site.post("/api/articles/genc-takim-final/comments", "{", &[("content-type", "application/json")]).await,
            "a write",
        ),
    ] {
        assert_eq!(control(&response).as_deref(), Some("no-store"), "{what}");
    }
}
