//! The answer cache: what is kept, what a change invalidates (exactly, and whoever made it),
//! and how cached answers are encoded and validated.

mod common;

use std::io::Read;
use std::process::Command;

use axum::http::{header, Method, StatusCode};
use common::{body, site};
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const COMMENTS: &str = "/api/articles/genc-takim-final/comments";

fn okur(args: &[&str], db: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_okur")).args(args).env("OKUR_DB", db).env("OKUR_LOG", "error").output().unwrap()
}

/// A scope's generation in the database.
async fn generation(site: &common::Site, scope: &str) -> i64 {
    let all = site.state.store.generations_since(-1).await.unwrap();
    all.into_iter().find(|(s, _, _)| s == scope).map_or(0, |(_, n, _)| n)
}

#[tokio::test]
async fn a_readers_own_post_shows_on_their_next_read() {
    // The default mirror: refreshed at most every 100 ms by reads, and by the post itself.
    let mut site = site().await;
    site.state.generations = okur::http::cache::generations::Generations::default();
    let before = String::from_utf8(body(site.get(COMMENTS).await).await).unwrap();
    assert!(!before.contains("Hemen görünmeli"));
    site.post_json::<serde_json::Value>(
        COMMENTS,
        &json!({"author_name": "Ali", "body": "Hemen görünmeli"}),
        StatusCode::CREATED,
    )
    .await;
    let after = String::from_utf8(body(site.get(COMMENTS).await).await).unwrap();
    assert!(after.contains("Hemen görünmeli"), "{after}");
}

#[tokio::test]
async fn answers_are_kept_and_a_change_shows_whoever_made_it() {
    let mut site = site().await;
    site.state.comments.rate_limit = 1000;
    // Other processes' changes show once the mirror looks (within 100 ms on a real server;
    // announced here with `changed_elsewhere`); the server's own writes at once.
    let first = site.get(COMMENTS).await;
    let tag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(site.state.cache.size().0, 1, "kept");
    assert_eq!(site.get(COMMENTS).await.headers()[header::ETAG], tag.as_str(), "served again");

    // A post through the API: the next read shows it.
    let posted = json!({"author_name": "Ayşe", "body": "Önbellek taze kalmalı"});
    site.post_json::<serde_json::Value>(COMMENTS, &posted, StatusCode::CREATED).await;
    let after = site.get(COMMENTS).await;
    assert_ne!(after.headers()[header::ETAG], tag.as_str());
    let text = String::from_utf8(body(after).await).unwrap();
    assert!(text.contains("Önbellek taze kalmalı"));

    // A moderator's decision in another process: the next read shows that too.
    let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()["items"][0]["id"].as_i64().unwrap();
    assert!(okur(&["comments", "reject", &id.to_string()], site.db()).status.success());
    site.changed_elsewhere();
    let text = String::from_utf8(body(site.get(COMMENTS).await).await).unwrap();
    assert!(!text.contains("Önbellek taze kalmalı"), "{text}");
    let article = String::from_utf8(body(site.get("/api/articles/genc-takim-final").await).await).unwrap();
    assert!(article.contains("\"comment_count\":0"), "{article}");

    // An import in another process: the list shows the new article.
    let before = String::from_utf8(body(site.get("/api/articles").await).await).unwrap();
    assert!(!before.contains("harbour-festival"));
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good.json");
    assert!(okur(&["import", file], site.db()).status.success());
    site.changed_elsewhere();
    let listed = String::from_utf8(body(site.get("/api/articles").await).await).unwrap();
    assert!(listed.contains("harbour-festival"), "{listed}");
}

#[tokio::test]
async fn a_change_invalidates_exactly_what_shows_it() {
    let site = site().await;
    let (list, this, other) =
        (generation(&site, "").await, generation(&site, SLUG).await, generation(&site, "kutuphane-gece-acik").await);
    site.post_json::<serde_json::Value>(
        COMMENTS,
        &json!({"author_name": "Can", "body": "Bir yorum"}),
        StatusCode::CREATED,
    )
    .await;
    assert!(generation(&site, SLUG).await > this, "the article shows it");
    assert!(generation(&site, "").await > list, "the list shows its count");
    assert_eq!(generation(&site, "kutuphane-gece-acik").await, other, "another article does not");

    // A held comment changes nothing a reader sees: nothing is invalidated.
    let mut site = site;
    site.state.comments.moderation = okur::http::state::Moderation::All;
    let (list, this) = (generation(&site, "").await, generation(&site, SLUG).await);
    site.post_json::<serde_json::Value>(
        COMMENTS,
        &json!({"author_name": "Nur", "body": "Bekleyen yorum"}),
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(generation(&site, SLUG).await, this);
    assert_eq!(generation(&site, "").await, list);
}

#[tokio::test]
async fn cached_answers_come_compressed_and_validated() {
    let site = site().await;
    let plain = body(site.get("/api/articles/liman-kenti-yesil-donusum/comments").await).await;
    for (encoding, expected) in [("br", "br"), ("gzip, deflate", "gzip"), ("gzip;q=0, br", "br")] {
        let response = site
            .request(Method::GET, "/api/articles/liman-kenti-yesil-donusum/comments", &[("accept-encoding", encoding)])
            .await;
        assert_eq!(response.headers()[header::CONTENT_ENCODING], expected);
        assert!(response.headers()[header::VARY].to_str().unwrap().contains("Accept-Encoding"));
        let tag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(tag.starts_with('"') && tag.ends_with(&format!("-{expected}\"")), "{tag}");
        let packed = body(response).await;
        let mut unpacked = Vec::new();
        if expected == "br" {
            brotli::Decompressor::new(&packed[..], 4096).read_to_end(&mut unpacked).unwrap();
        } else {
            flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut unpacked).unwrap();
        }
        assert_eq!(unpacked, plain, "{encoding}");
        let again = site
            .request(
                Method::GET,
                "/api/articles/liman-kenti-yesil-donusum/comments",
                &[("accept-encoding", encoding), ("if-none-match", &tag)],
            )
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    // Pages are kept per language.
    let tr = body(site.get("/").await).await;
    let en = body(site.request(Method::GET, "/", &[("cookie", "okur_lang=en")]).await).await;
    assert_ne!(tr, en);
    assert!(String::from_utf8(en).unwrap().contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn only_the_one_spelling_of_an_address_is_kept() {
    let mut site = site().await;
    site.state.comments.rate_limit = 1000;
    let kept = |site: &common::Site| site.state.cache.size().0;
    assert_eq!(site.get("/").await.status(), StatusCode::OK);
    assert_eq!(kept(&site), 1);

    // A parameter no handler reads shares the plain address's copy: no new entry.
    for tracked in ["/?utm_source=x", "/?fbclid=abc&utm_medium=y"] {
        assert_eq!(site.get(tracked).await.status(), StatusCode::OK, "{tracked}");
    }
    assert_eq!(kept(&site), 1, "trackers add nothing");
    assert_eq!(site.get("/?page=1").await.status(), StatusCode::OK);
    assert_eq!(site.get("/?utm_source=x&page=1").await.status(), StatusCode::OK);
    assert_eq!(kept(&site), 2, "`?page=1` once, whatever else it carries");

    // A known parameter that cannot be read is a 400; another spelling of a good one is answered
    // and not kept.
    for malformed in ["/?page=abc", "/?page=0", "/?page=", "/?page=-1", "/api/articles?page=abc"] {
        let response = site.get(malformed).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{malformed}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{malformed}");
    }
    for spelling in ["/?page=01", "/?page=1&page=1", "/?p%61ge=1"] {
        assert_eq!(site.get(spelling).await.status(), StatusCode::OK, "{spelling}");
    }
    assert_eq!(kept(&site), 2, "no copy under another spelling");

    // A slug spelt with escapes names the same article; it is answered fresh every time, so a
    // change to the article shows there at once.
    let page = "/articles/genc-takim-f%69nal";
    let api = "/api/articles/genc-takim-f%69nal/comments";
    for address in [page, api] {
        assert_eq!(site.get(address).await.status(), StatusCode::OK, "{address}");
    }
    assert_eq!(kept(&site), 2, "escaped paths are not kept");
    site.post_json::<serde_json::Value>(
        COMMENTS,
        &json!({"author_name": "Deniz", "body": "Her yazılışta görünmeli"}),
        StatusCode::CREATED,
    )
    .await;
    for address in [page, api] {
        let text = String::from_utf8(body(site.get(address).await).await).unwrap();
        assert!(text.contains("Her yazılışta görünmeli"), "{address}");
    }
}
