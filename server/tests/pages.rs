//! Server-rendered pages over HTTP: complete HTML from the app's own components, the head for
//! link previews and crawlers (escaped for every place), status codes, validators and caching,
//! the reader's language, and the data that travels in the page for hydration.

mod common;

use axum::http::{header, Method, StatusCode};
use common::{body, site, Site};
use okur_types::comments::NewComment;

/// The HTML of a page, with its status checked.
/// A site that knows its public address, so its pages carry absolute links.
async fn public_site() -> Site {
    let mut site = site().await;
    site.state.public_url = Some("https://okur.example".into());
    site
}

async fn page(site: &Site, path: &str, status: StatusCode) -> String {
    let response = site.get(path).await;
    assert_eq!(response.status(), status, "{path}");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8", "{path}");
    String::from_utf8(body(response).await).unwrap()
}

/// The value of `<meta {key}="{name}" content="…">`, as written in the HTML.
fn meta<'a>(html: &'a str, key: &str, name: &str) -> &'a str {
    let start = format!(r#"<meta {key}="{name}" content=""#);
    let at = html.find(&start).unwrap_or_else(|| panic!("no meta {name}")) + start.len();
    &html[at..at + html[at..].find('"').unwrap()]
}

/// The text between the first `open` after `after` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let at = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    &html[at..at + html[at..].find(close).unwrap()]
}

#[tokio::test]
async fn the_front_page_is_complete_html() {
    let site = public_site().await;
    let html = page(&site, "/", StatusCode::OK).await;
    assert!(html.starts_with("<!doctype html><html lang=\"tr\">"), "{html}");
    assert!(html.contains(r#"<header class="site-header">"#));
    assert!(html.contains(r#"<footer class="site-footer">"#));
    // The lead, and each section's newest (every demo story once: none is left for "the rest").
    assert_eq!(html.matches(r#"data-testid="article-card""#).count(), 10, "{html}");
    assert_eq!(html.matches(r#"data-testid="section-block""#).count(), 5, "{html}");
    assert!(html.contains(r#"data-testid="lead-story""#));
    assert!(html.contains("Genç voleybolcular bölge finalinde"));
    assert!(html.contains("<title>Son haberler — okur</title>"));
    assert_eq!(meta(&html, "name", "description"), "okur: günün haberleri, sade ve okunaklı bir okuyucuda.");
    assert!(html.contains(r#"<link rel="canonical" href="https://okur.example/" data-page-head>"#), "{html}");
    // The data the list was rendered from is in the page, for hydration.
    assert!(html.contains(r#"<script type="application/json" id="okur-page">{"ok":{"latest":{"items":["#), "{html}");
    assert!(html.contains("genc-takim-final"));
}

#[tokio::test]
async fn an_article_page_has_its_text_controls_and_first_comments() {
    let site = public_site().await;
    let comment = NewComment {
        author_name: "Deniz".into(),
        author_email: None,
        body: "Sahil yolu çok güzel olmuş.".into(),
        ..NewComment::default()
    };
    let posted = site
        .post(
            "/api/articles/liman-kenti-yesil-donusum/comments",
            serde_json::to_string(&comment).unwrap(),
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(posted.status(), StatusCode::CREATED);

    let html = page(&site, "/articles/liman-kenti-yesil-donusum", StatusCode::OK).await;
    assert!(
        between(&html, r#"data-testid="article-title""#, "</h1>").contains(">Liman kentinde yeşil dönüşüm"),
        "{html}"
    );
    assert!(html.contains("Yayınlama:"));
    assert!(html.contains(r#"data-testid="font-increase""#));
    assert!(html.contains("<h2>"), "section headings of the body");
    let article: okur_types::Article = site.get_json("/api/articles/liman-kenti-yesil-donusum", StatusCode::OK).await;
    assert!(html.contains(&format!("Ziyaretçi Yorumları - {} Yorum", article.summary.comment_count)));
    assert!(
        html.contains(r#"data-testid="comment-author">Deniz</span>"#)
            || html.contains(r#"class="comment__author">Deniz</span>"#),
        "{html}"
    );
    assert!(html.contains("Sahil yolu çok güzel olmuş."));
    assert!(html.contains(r#"data-testid="comment-needs-js""#), "the form says posting needs JavaScript");
    assert!(html.contains(r#"id="comment-"#), "comments have anchors");
    let data = between(&html, r#"<script type="application/json" id="okur-page">"#, "</script>");
    assert!(data.contains(r#""live_after":"#), "where the live stream starts: {data}");
    assert_eq!(meta(&html, "property", "og:type"), "article");
    assert_eq!(meta(&html, "property", "og:image"), "https://okur.example/media/harbour.svg");
    assert_eq!(meta(&html, "name", "twitter:card"), "summary_large_image");
    assert!(html.contains(r#"<script type="application/ld+json" data-page-head>{"#));
}

#[tokio::test]
async fn a_hostile_title_is_plain_text_everywhere() {
    let site = public_site().await;
    let hostile = "</script><b>\"A\" & 'B' <i>\u{2028}x";
    let mut article = common::plain_article("hostile", true);
    article.title = hostile.into();
    article.summary = hostile.into();
    site.state.store.save_articles(&[article]).await.unwrap();
    let html = page(&site, "/articles/hostile", StatusCode::OK).await;

    let escaped = "&lt;/script&gt;&lt;b&gt;&quot;A&quot; &amp; &#39;B&#39; &lt;i&gt;\u{2028}x";
    assert_eq!(between(&html, "<title>", "</title>"), format!("{escaped} — okur"));
    for (key, name) in
        [("name", "description"), ("property", "og:title"), ("property", "og:description"), ("name", "twitter:title")]
    {
        let value = meta(&html, key, name);
        assert!(!value.contains(['<', '>', '"']), "{name}: {value}");
        assert_eq!(
            value
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
            hostile,
            "{name}"
        );
    }
    let json_ld = between(&html, r#"<script type="application/ld+json" data-page-head>"#, "</script>");
    assert!(!json_ld.contains('<') && !json_ld.contains('\u{2028}'), "{json_ld}");
    let data: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(data["headline"], hostile);
    assert_eq!(data["@type"], "NewsArticle");
    // Nothing the title holds opened an element.
    assert!(!html.contains("<b>\"A\""));
    assert!(!html.contains("<i>\u{2028}"));
}

#[tokio::test]
async fn nothing_there_is_a_404_with_noindex() {
    let site = public_site().await;
    for path in ["/articles/no-such-article", "/no/such/route", "/?page=99", "/index.html", "/%69ndex.html"] {
        let html = page(&site, path, StatusCode::NOT_FOUND).await;
        assert!(html.contains(r#"data-testid="not-found""#), "{path}: {html}");
        assert!(html.contains(r#"<meta name="robots" content="noindex" data-page-head>"#), "{path}");
        assert!(html.contains(r#"<header class="site-header">"#), "{path}");
    }
    // A missing file is a plain 404, not a page.
    assert_eq!(site.get("/missing.png").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_store_failure_is_a_500_page_with_the_masthead() {
    let site = public_site().await;
    site.state.store.close().await;
    for path in ["/", "/articles/liman-kenti-yesil-donusum"] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let html = String::from_utf8(body(response).await).unwrap();
        assert!(html.contains(r#"data-testid="error-state""#), "{path}: {html}");
        assert!(html.contains(r#"<header class="site-header">"#), "{path}");
    }
}

#[tokio::test]
async fn pages_carry_an_etag_and_answer_304() {
    let site = public_site().await;
    let first = site.get("/articles/genc-takim-final").await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(tag.starts_with('"'), "a strong validator of the cached bytes: {tag}");
    assert_eq!(first.headers()[header::CACHE_CONTROL], "public, max-age=0, s-maxage=30, must-revalidate");
    assert_eq!(first.headers()[header::VARY], "Cookie, Accept-Encoding");

    let again = site.request(Method::GET, "/articles/genc-takim-final", &[("if-none-match", &tag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG], tag.as_str());
    assert!(body(again).await.is_empty());

    // Another page, or the same page once it changed, does not match.
    let other = site.request(Method::GET, "/", &[("if-none-match", &tag)]).await;
    assert_eq!(other.status(), StatusCode::OK);
    let comment = serde_json::json!({ "author_name": "Ece", "body": "Başarılar!" });
    site.post("/api/articles/genc-takim-final/comments", comment.to_string(), &[("content-type", "application/json")])
        .await;
    let changed = site.request(Method::GET, "/articles/genc-takim-final", &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()[header::ETAG], tag.as_str());

    // The operator's knob (a server started with it: its cache starts empty).
    let mut site = site;
    site.state.page_cache_seconds = 0;
    site.state.cache = Default::default();
    assert_eq!(site.get("/").await.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn the_language_cookie_picks_the_language() {
    let site = public_site().await;
    let english = site.request(Method::GET, "/", &[("cookie", "theme=x; okur_lang=en")]).await;
    let english_tag = english.headers()[header::ETAG].to_str().unwrap().to_owned();
    let english = String::from_utf8(body(english).await).unwrap();
    assert!(english.starts_with("<!doctype html><html lang=\"en\">"), "{english}");
    assert!(english.contains("<title>Latest news — okur</title>"), "{english}");
    assert!(english.contains(r#"content="en_US""#));
    let turkish = site.request(Method::GET, "/", &[("cookie", "okur_lang=tr")]).await;
    assert_ne!(turkish.headers()[header::ETAG].to_str().unwrap(), english_tag, "each language its own validator");
    assert!(String::from_utf8(body(turkish).await).unwrap().contains("<html lang=\"tr\">"));
    // Nonsense falls back to the site's language.
    let unknown =
        String::from_utf8(body(site.request(Method::GET, "/", &[("cookie", "okur_lang=xx")]).await).await).unwrap();
    assert!(unknown.contains("<html lang=\"tr\">"));
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let mut site = site().await;
    // The test template's one inline script, by its sha256 (openssl dgst -sha256 -binary | base64).
    let early = "'sha256-BzlxWdtxt14HZKXqXrmWdZ1GPhGGkW72m3gFxmDwxdA='";
    for path in [
        "/",
        "/articles/genc-takim-final",
        "/no/such/page",
        "/api/articles",
        "/api/nothing",
        "/media/a.svg",
        "/robots.txt",
    ] {
        let response = site.get(path).await;
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {csp} lacks {part}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{path}: {csp}");
        // Only pages allow the template's inline script.
        assert_eq!(csp.contains(early), !path.starts_with("/api") && !path.contains('.'), "{path}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "strict-origin-when-cross-origin", "{path}");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("camera=()"), "{path}");
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "{path}: no HSTS over plain http");
    }
    site.state.public_url = Some("https://okur.example".into());
    let response = site.get("/").await;
    assert_eq!(response.headers()[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
}

#[tokio::test]
async fn odd_paths_are_plain_refusals_never_errors_never_cached_long() {
    let site = site().await;
    let long = format!("/{}", "a".repeat(300));
    let longer = format!("/articles/{}", "ş".repeat(3000));
    let long_file = format!("/{}.png", "b".repeat(300));
    for path in [
        long.as_str(),
        longer.as_str(),
        long_file.as_str(),
        "/%69ndex.html",
        "/INDEX.HTML",
        "/index.html/",
        "/./index.html",
        "/media/../index.html",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/media/%2e%2e%2fokur.db",
        "/%5cevil.example",
        "/\\evil.example",
        "/%00",
        "/a%00b.svg",
        "/%ff%fe",
        "/articles/%ff",
        "/articles/a%0d%0aSet-Cookie:x=1",
        "/media/",
        "/media",
        "/db/okur.db",
        "//evil.example/x",
        "/articles//genc-takim-final",
    ] {
        let response = site.get(path).await;
        let status = response.status();
        assert!(matches!(status.as_u16(), 400 | 404), "{path}: {status}");
        let cache = response.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_owned());
        assert!(
            cache.as_deref().is_none_or(|c| c == "no-store" || c.contains("no-cache") || c.contains("max-age=0")),
            "{path}: {cache:?}"
        );
        assert!(response.headers().get(header::SET_COOKIE).is_none(), "{path}");
    }
}

#[tokio::test]
async fn a_page_has_the_same_cache_headers_however_it_is_spelled() {
    let site = site().await;
    let reference = site.get("/articles/genc-takim-final").await;
    let cache = reference.headers()[header::CACHE_CONTROL].clone();
    for path in ["/articles/genc-takim-final?", "/articles/genc-takim-final?x=1", "/articles/genc%2Dtakim%2Dfinal"] {
        let response = site.get(path).await;
        assert_eq!(response.headers().get(header::CACHE_CONTROL), Some(&cache), "{path}");
    }
}

/// Posts a published comment (or reply) through the API; its id.
async fn post_comment(site: &Site, slug: &str, parent_id: Option<i64>, text: &str) -> i64 {
    let comment = NewComment { author_name: "Okur".into(), body: text.into(), parent_id, ..NewComment::default() };
    let response = site
        .post(
            &format!("/api/articles/{slug}/comments"),
            serde_json::to_string(&comment).unwrap(),
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let posted: okur_types::comments::CommentPosted = serde_json::from_slice(&body(response).await).unwrap();
    posted.comment.id
}

#[tokio::test]
async fn a_comment_link_opens_the_page_that_holds_it() {
    let site = common::unlimited_site().await;
    let slug = "liman-kenti-yesil-donusum";
    let mut threads = Vec::new();
    for i in 0..45 {
        threads.push(post_comment(&site, slug, None, &format!("Konu numarası {i}")).await);
    }
    let anchor = |id: i64| format!(r#"id="comment-{id}""#);
    // The last thread is on the third page of threads: the link opens that page, as HTML.
    let last = *threads.last().unwrap();
    let html = page(&site, &format!("/articles/{slug}?comment={last}"), StatusCode::OK).await;
    assert!(html.contains(&anchor(last)), "{html}");
    assert!(!html.contains(&anchor(threads[0])), "the first page is not the one shown");
    assert!(
        html.contains(r#"<link rel="canonical" href="/articles/liman-kenti-yesil-donusum" data-page-head>"#),
        "the canonical link has no query"
    );

    // A reply far down a long thread: past its inline replies and a whole page of replies.
    let root = threads[0];
    let mut replies = Vec::new();
    for i in 0..60 {
        replies.push(post_comment(&site, slug, Some(root), &format!("Yanıt numarası {i}")).await);
    }
    let deep = replies[57];
    let html = page(&site, &format!("/articles/{slug}?comment={deep}"), StatusCode::OK).await;
    assert!(html.contains(&anchor(root)), "its thread");
    assert!(html.contains(&anchor(replies[0])), "the thread's inline replies");
    assert!(html.contains(&anchor(deep)), "{html}");
    assert!(!html.contains(&anchor(replies[30])), "not every reply before it");
    let data = between(&html, r#"<script type="application/json" id="okur-page">"#, "</script>");
    assert!(data.contains(&format!(r#""id":{deep}"#)), "the page's data holds it too, for hydration");

    // A comment that is not shown (an id no comment has): the first page, not an error.
    let html = page(&site, &format!("/articles/{slug}?comment=999999"), StatusCode::OK).await;
    assert!(html.contains(&anchor(threads[0])) && !html.contains(&anchor(last)));
    // A `comment` that cannot be an id is a malformed address: 400, never cached (issue 19.1).
    for query in ["comment=x", "comment=", "comment=-3"] {
        let response = site.get(&format!("/articles/{slug}?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{query}");
    }
}

#[tokio::test]
async fn section_author_and_search_pages_are_complete_html() {
    let site = public_site().await;
    let html = page(&site, "/sections/gundem", StatusCode::OK).await;
    assert!(html.contains("<title>Gündem — okur</title>"), "{html}");
    assert!(html.contains(r#"<link rel="canonical" href="https://okur.example/sections/gundem" data-page-head>"#));
    assert_eq!(meta(&html, "property", "og:url"), "https://okur.example/sections/gundem");
    assert!(html.contains(r#""@type":"CollectionPage""#) && html.contains(r#""@type":"BreadcrumbList""#));
    assert!(html.contains(r#"href="https://okur.example/sections/gundem/feed.xml""#));
    assert_eq!(html.matches(r#"data-testid="article-card""#).count(), 3);
    assert!(
        html.contains(r#"<a href="/sections/gundem" aria-current="page">Gündem</a>"#),
        "the section marked in the masthead"
    );
    // The data the list was drawn from, for hydration, and the masthead's sections.
    assert!(html.contains(r#""page":"section""#) && html.contains(r#""sections":[{"#));

    let html = page(&site, "/authors/cagla-yildiz", StatusCode::OK).await;
    assert!(html.contains("<title>Çağla Yıldız — okur</title>"));
    assert!(
        html.contains(r#""@type":"Person","name":"Çağla Yıldız""#) || html.contains(r#""name":"Çağla Yıldız""#),
        "{html}"
    );
    assert!(html.contains(r#""@type":"Person""#));

    let html = page(&site, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+liman", StatusCode::OK).await;
    assert!(!html.contains("<script>alert(1)"), "the query is text: {html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; liman"), "{html}");
    assert!(html.contains(r#""@type":"SearchResultsPage""#));
    let html = page(&site, "/search?q=sisli", StatusCode::OK).await;
    assert!(html.contains("<mark>Şişli</mark>"), "{html}");
    let html = page(&site, "/search", StatusCode::OK).await;
    assert!(html.contains(r#"data-testid="no-results""#));
    // Over the bounds: the page says so, in the page's language, and offers no retry.
    for q in ["a".repeat(201), "a b c d e f g h i j k".into()] {
        let html = page(&site, &format!("/search?q={}", q.replace(' ', "+")), StatusCode::BAD_REQUEST).await;
        assert!(html.contains("Bir arama en çok 200 karakter ve 10 kelime olabilir"), "{html}");
        assert!(html.contains(r#"<button hidden type="button" data-testid="retry""#), "{html}");
        assert!(html.contains(r#""code":"search_too_long""#), "the browser shows the same message: {html}");
    }
}

#[tokio::test]
async fn unknown_sections_and_authors_are_404_pages() {
    let site = public_site().await;
    for path in ["/sections/nowhere", "/authors/nobody", "/sections/gundem?after=nowhere"] {
        let html = page(&site, path, StatusCode::NOT_FOUND).await;
        assert!(html.contains(r#"data-testid="not-found""#), "{path}");
        assert!(html.contains(r#"<meta name="robots" content="noindex""#), "{path}");
    }
}

#[tokio::test]
async fn an_updated_article_says_so_with_its_breadcrumbs_and_publisher() {
    let site = public_site().await;
    let html = page(&site, "/articles/sisli-saglik-ocagi-hafta-sonu", StatusCode::OK).await;
    assert!(html.contains("Güncelleme: <time data-testid=\"article-updated\""), "{html}");
    assert!(html.contains(r#""dateModified":"2025-12-12T05:40:00Z""#));
    assert!(html.contains(r#""logo":{"#));
    assert!(
        html.contains(r#"href="/authors/cagla-yildiz" data-testid="article-author""#)
            || html.contains(r#"data-testid="article-author""#)
    );
    assert!(html.contains(r#"data-testid="related""#));
    let plain = page(&site, "/articles/genc-takim-final", StatusCode::OK).await;
    assert!(!plain.contains("article-updated") && !plain.contains("dateModified"));
}
