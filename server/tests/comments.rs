//! The comment API, rule by rule and status by status, through `app()` with `oneshot` on a new,
//! seeded database; and the moderators' commands through the real binary.

mod common;

use std::process::Command;

use axum::http::StatusCode;
use common::{body, site, Site};
use okur::http::state::{CommentSettings, Moderation};
use okur_types::comments::{Comment, CommentPosted, CommentStatus, Replies};
use okur_types::{Article, Page};
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const URI: &str = "/api/articles/genc-takim-final/comments";

/// A site whose rate limit does not get in the way.
async fn open_site() -> Site {
    common::unlimited_site().await
}

async fn comment_count(site: &Site, slug: &str) -> u32 {
    let article: Article = site.get_json(&format!("/api/articles/{slug}"), StatusCode::OK).await;
    article.summary.comment_count
}

async fn listed(site: &Site, query: &str) -> Page<Comment> {
    site.get_json(&format!("{URI}{query}"), StatusCode::OK).await
}

async fn post_ok(site: &Site, json: serde_json::Value) -> CommentPosted {
    site.post_json(URI, &json, StatusCode::CREATED).await
}

#[tokio::test]
async fn a_valid_comment_is_published_and_counted() {
    let site = open_site().await;
    assert_eq!(comment_count(&site, SLUG).await, 0);
    let posted = post_ok(
        &site,
        json!({"author_name": "  Ayşe  ", "author_email": "ayse@example.com", "body": " Tebrikler!\r\nFinalde başarılar. "}),
    )
    .await;
    assert_eq!(posted.status, CommentStatus::Published);
    let comment = posted.comment;
    assert_eq!((comment.author_name.as_str(), comment.body.as_str()), ("Ayşe", "Tebrikler!\nFinalde başarılar."));
    assert_eq!((comment.parent_id, comment.depth), (None, 1));
    assert!(comment.created_at.ends_with('Z'));
    assert_eq!(comment_count(&site, SLUG).await, 1);
    let page = listed(&site, "").await;
    assert_eq!(page.items, vec![comment]);
    assert_eq!((page.page, page.per_page, page.total), (1, 20, 1));
    // The address is never shown anywhere.
    for uri in [URI.to_owned(), format!("/api/articles/{SLUG}"), "/api/articles".to_owned()] {
        let raw = body(site.get(&uri).await).await;
        assert!(!String::from_utf8(raw).unwrap().contains("example.com"), "{uri}");
    }
}

#[tokio::test]
async fn text_is_stored_nfc_normalized() {
    let site = open_site().await;
    let posted = post_ok(&site, json!({"author_name": "Jose\u{301}", "body": "Cafe\u{301} ve c\u{327}ay"})).await;
    assert_eq!(posted.comment.author_name, "José");
    assert_eq!(posted.comment.body, "Café ve çay");
}

#[tokio::test]
async fn broken_rules_get_422_with_fields_and_store_nothing() {
    let site = open_site().await;
    let long_email = format!("{}@example.com", "a".repeat(250));
    let cases = [
        (json!({"author_name": "", "body": "Merhaba"}), "author_name"),
        (json!({"body": "Merhaba"}), "author_name"),
        (json!({"author_name": "a".repeat(81), "body": "Merhaba"}), "author_name"),
        (json!({"author_name": "Ali\u{7}", "body": "Merhaba"}), "author_name"),
        (json!({"author_name": "Ali", "body": "x"}), "body"),
        (json!({"author_name": "Ali", "body": "   "}), "body"),
        (json!({"author_name": "Ali", "body": "x".repeat(5001)}), "body"),
        (json!({"author_name": "Ali", "body": "NUL \u{0} here"}), "body"),
        (json!({"author_name": "Ali", "body": "Merhaba", "author_email": "not-an-address"}), "author_email"),
        (json!({"author_name": "Ali", "body": "Merhaba", "author_email": long_email}), "author_email"),
        (json!({"author_name": 42, "body": "Merhaba"}), "author_name"),
        (json!({"author_name": "Ali", "body": "Merhaba", "parent_id": "one"}), "parent_id"),
    ];
    for (input, field) in cases {
        let response = site.post(URI, input.to_string(), &[("content-type", "application/json")]).await;
        let error = Site::error_of(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
        let fields = error.error.fields.unwrap_or_default();
        assert!(fields.contains_key(field), "{input}: {fields:?}");
    }
    // All wrong at once: every field is named.
    let response = site
        .post(URI, r#"{"author_name":"","body":"x","author_email":"@"}"#, &[("content-type", "application/json")])
        .await;
    let fields = Site::error_of(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await.error.fields.unwrap();
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["author_email", "author_name", "body"]);
    assert_eq!(comment_count(&site, SLUG).await, 0);
    // The limits themselves are fine.
    post_ok(&site, json!({"author_name": "ş".repeat(80), "body": "ğ".repeat(5000)})).await;
}

#[tokio::test]
async fn malformed_requests_get_their_own_status() {
    let site = open_site().await;
    let json_type = [("content-type", "application/json")];
    Site::error_of(site.post(URI, "{not json", &json_type).await, StatusCode::BAD_REQUEST, "bad_request").await;
    Site::error_of(site.post(URI, "[1, 2]", &json_type).await, StatusCode::BAD_REQUEST, "bad_request").await;
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let plain = json!({"author_name": "Ali", "body": "Merhaba"}).to_string();
    Site::error_of(
        site.post(URI, plain.clone(), &form).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    Site::error_of(
        site.post(URI, plain.clone(), &[]).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge = json!({"author_name": "Ali", "body": "x".repeat(17 * 1024)}).to_string();
    Site::error_of(site.post(URI, huge, &json_type).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let charset = [("content-type", "application/json; charset=utf-8")];
    assert_eq!(site.post(URI, plain, &charset).await.status(), StatusCode::CREATED);
    assert_eq!(comment_count(&site, SLUG).await, 1);
}

#[tokio::test]
async fn clients_cannot_set_id_date_or_status_and_unknown_fields_are_ignored() {
    let site = open_site().await;
    let posted = post_ok(
        &site,
        json!({"author_name": "Ali", "body": "Merhaba", "id": 999, "created_at": "2000-01-01T00:00:00Z",
               "status": "pending", "depth": 3, "extra": {"x": 1}}),
    )
    .await;
    assert_ne!(posted.comment.id, 999);
    assert_ne!(posted.comment.created_at, "2000-01-01T00:00:00Z");
    assert_eq!((posted.status, posted.comment.depth), (CommentStatus::Published, 1));
}

#[tokio::test]
async fn unknown_articles_and_parents_are_404_and_closed_articles_403() {
    let site = open_site().await;
    let ok = json!({"author_name": "Ali", "body": "Merhaba"});
    let response =
        site.post("/api/articles/nope/comments", ok.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::NOT_FOUND, "not_found").await;
    Site::error_of(site.get("/api/articles/nope/comments").await, StatusCode::NOT_FOUND, "not_found").await;
    let orphan = json!({"author_name": "Ali", "body": "Merhaba", "parent_id": 12345});
    let response = site.post(URI, orphan.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::NOT_FOUND, "not_found").await;
    // A parent on another article is no parent here.
    let elsewhere: CommentPosted =
        site.post_json("/api/articles/kutuphane-gece-acik/comments", &ok, StatusCode::CREATED).await;
    let cross = json!({"author_name": "Ali", "body": "Yanıt", "parent_id": elsewhere.comment.id});
    let response = site.post(URI, cross.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::NOT_FOUND, "not_found").await;

    let closed = common::plain_article("closed", false);
    site.state.store.save_articles(&[closed]).await.unwrap();
    let response =
        site.post("/api/articles/closed/comments", ok.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::FORBIDDEN, "comments_closed").await;
    assert_eq!(comment_count(&site, "closed").await, 0);
}

#[tokio::test]
async fn replies_nest_three_deep_and_deeper_ones_attach_at_the_third_level() {
    let site = open_site().await;
    let top = post_ok(&site, json!({"author_name": "A", "body": "Bir"})).await.comment;
    let second = post_ok(&site, json!({"author_name": "B", "body": "İki", "parent_id": top.id})).await.comment;
    let third = post_ok(&site, json!({"author_name": "C", "body": "Üç", "parent_id": second.id})).await.comment;
    let fourth = post_ok(&site, json!({"author_name": "D", "body": "Dört", "parent_id": third.id})).await.comment;
    assert_eq!((second.depth, second.parent_id), (2, Some(top.id)));
    assert_eq!((third.depth, third.parent_id), (3, Some(second.id)));
    assert_eq!((fourth.depth, fourth.parent_id), (3, Some(second.id)), "attached at the deepest allowed level");
    let other = post_ok(&site, json!({"author_name": "E", "body": "Beş"})).await.comment;
    let ids: Vec<i64> = listed(&site, "").await.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [top.id, second.id, third.id, fourth.id, other.id], "threads, depth first");
    let page = listed(&site, "?order=desc").await;
    let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [other.id, top.id, second.id, third.id, fourth.id], "newest thread first");
    assert_eq!(page.total, 2, "total counts threads");
    assert_eq!(comment_count(&site, SLUG).await, 5, "the article counts every published comment");
    // A parent written as JSON Schema's integers allow, `12.0`, is comment 12.
    let float = post_ok(&site, json!({"author_name": "F", "body": "Altı", "parent_id": top.id as f64})).await.comment;
    assert_eq!(float.parent_id, Some(top.id));
}

#[tokio::test]
async fn threads_are_paged() {
    let site = open_site().await;
    for i in 0..5 {
        post_ok(&site, json!({"author_name": "Okur", "body": format!("Yorum {i}")})).await;
    }
    let first = listed(&site, "?per_page=2").await;
    let third = listed(&site, "?per_page=2&page=3").await;
    assert_eq!((first.items.len(), first.total), (2, 5));
    assert_eq!(first.items[0].body, "Yorum 0");
    assert_eq!(third.items.len(), 1);
    assert_eq!(third.items[0].body, "Yorum 4");
    assert!(listed(&site, "?per_page=2&page=4").await.items.is_empty());
    for bad in ["?order=sideways", "?page=0", "?per_page=101"] {
        let error =
            Site::error_of(site.get(&format!("{URI}{bad}")).await, StatusCode::BAD_REQUEST, "bad_request").await;
        assert!(!error.error.message.is_empty());
    }
}

#[tokio::test]
async fn the_same_comment_twice_is_a_conflict() {
    let site = open_site().await;
    let comment = json!({"author_name": "Ali", "body": "Aynı yorum"});
    post_ok(&site, comment.clone()).await;
    let response = site.post(URI, comment.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::CONFLICT, "duplicate").await;
    // Another name, or another article, is not a duplicate.
    post_ok(&site, json!({"author_name": "Veli", "body": "Aynı yorum"})).await;
    site.post_json::<CommentPosted>("/api/articles/kutuphane-gece-acik/comments", &comment, StatusCode::CREATED).await;
    assert_eq!(comment_count(&site, SLUG).await, 2);
}

/// Our proxy: the peer every request in these tests comes through.
const PROXY: &str = "127.0.0.1:40000";

/// Posts comment number `n` through the proxy, with this X-Forwarded-For.
async fn send(site: &Site, n: u32, forwarded: &str) -> axum::response::Response {
    let json = json!({"author_name": "Ali", "body": format!("Yorum {n}")}).to_string();
    site.post_from(Some(PROXY), URI, json, &[("content-type", "application/json"), ("x-forwarded-for", forwarded)])
        .await
}

#[tokio::test]
async fn one_client_is_limited_per_minute() {
    let mut site = site().await;
    site.state.comments =
        CommentSettings { rate_limit: 2, trusted_proxies: "127.0.0.1".parse().unwrap(), ..CommentSettings::default() };
    assert_eq!(send(&site, 1, "203.0.113.1").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 2, "203.0.113.1").await.status(), StatusCode::CREATED);
    let limited = send(&site, 3, "203.0.113.1").await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));
    Site::error_of(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // A first hop the client wrote itself changes nothing: the proxy appended the real one.
    assert_eq!(send(&site, 4, "10.9.9.9, 203.0.113.1").await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(send(&site, 5, "203.0.113.1, 203.0.113.2").await.status(), StatusCode::CREATED, "another client");
    // A refused post (a duplicate) does not use up the allowance.
    assert_eq!(send(&site, 6, "203.0.113.3").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 6, "203.0.113.3").await.status(), StatusCode::CONFLICT);
    assert_eq!(send(&site, 7, "203.0.113.3").await.status(), StatusCode::CREATED);
    // One IPv6 network is one client, whatever its last 64 bits.
    assert_eq!(send(&site, 8, "2001:db8:5:6::1").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 9, "2001:db8:5:6:ffff::2").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 10, "2001:db8:5:6:1:2:3:4").await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(send(&site, 11, "2001:db8:5:7::1").await.status(), StatusCode::CREATED, "the next /64");
    assert_eq!(comment_count(&site, SLUG).await, 8);

    // Without trusted proxies the header is ignored: everyone here is the same peer (the proxy,
    // which has not posted as itself yet).
    site.state.comments.trusted_proxies = Default::default();
    assert_eq!(send(&site, 12, "198.51.100.1").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 13, "198.51.100.2").await.status(), StatusCode::CREATED);
    assert_eq!(send(&site, 14, "198.51.100.3").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn refused_posts_spend_their_own_budget() {
    let mut site = open_site().await;
    site.state.comments.refused_rate_limit = 3;
    let bad = || json!({"author_name": "", "body": "x"}).to_string();
    let peer = Some("192.0.2.10:1234");
    for _ in 0..3 {
        let refused = site.post_from(peer, URI, bad(), &[("content-type", "application/json")]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let good = json!({"author_name": "Ali", "body": "Artık geçerli"}).to_string();
    let limited = site.post_from(peer, URI, good.clone(), &[("content-type", "application/json")]).await;
    Site::error_of(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let other = site.post_from(Some("192.0.2.11:1234"), URI, good, &[("content-type", "application/json")]).await;
    assert_eq!(other.status(), StatusCode::CREATED, "only the prober waits");

    // Accepted posts hold a slot only while they are checked: many of them spend none.
    site.state.comments.rate_limit = 1000;
    for n in 0..10 {
        let good = json!({"author_name": "Nur", "body": format!("Geçerli yorum {n}")}).to_string();
        let posted = site.post_from(Some("192.0.2.12:1234"), URI, good, &[("content-type", "application/json")]).await;
        assert_eq!(posted.status(), StatusCode::CREATED, "post {n}");
    }
}

#[tokio::test]
async fn refusals_sent_together_stop_at_the_budget() {
    let site = open_site().await;
    assert_eq!(site.state.comments.refused_rate_limit, 30);
    let site = &site;
    let bad = (0..45).map(|n| async move {
        let body = json!({"author_name": "", "body": format!("x{n}")}).to_string();
        site.post_from(Some("192.0.2.20:1234"), URI, body, &[("content-type", "application/json")]).await.status()
    });
    let answers = futures::future::join_all(bad).await;
    let count = |status| answers.iter().filter(|s| **s == status).count();
    assert_eq!(count(StatusCode::UNPROCESSABLE_ENTITY), 30, "{answers:?}");
    assert_eq!(count(StatusCode::TOO_MANY_REQUESTS), 15, "{answers:?}");
}

#[tokio::test]
async fn moderation_holds_comments() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::All;
    let held: CommentPosted =
        site.post_json(URI, &json!({"author_name": "Ali", "body": "Bekleyen"}), StatusCode::ACCEPTED).await;
    assert_eq!(held.status, CommentStatus::Pending);
    assert!(listed(&site, "").await.items.is_empty());
    assert_eq!(comment_count(&site, SLUG).await, 0);
    // A reply to a held comment has no published parent.
    let reply = json!({"author_name": "Veli", "body": "Yanıt", "parent_id": held.comment.id});
    Site::error_of(
        site.post(URI, reply.to_string(), &[("content-type", "application/json")]).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    site.state.comments.moderation = Moderation::Links;
    let linked: CommentPosted = site
        .post_json(URI, &json!({"author_name": "Ali", "body": "Bakın: https://example.org/x"}), StatusCode::ACCEPTED)
        .await;
    assert_eq!(linked.status, CommentStatus::Pending);
    post_ok(&site, json!({"author_name": "Ali", "body": "Bağlantısız yorum"})).await;
    assert_eq!(listed(&site, "").await.items.len(), 1);
}

#[tokio::test]
async fn the_honeypot_answers_as_a_real_post_would_and_stores_nothing() {
    let mut site = open_site().await;
    let real = post_ok(&site, json!({"author_name": "Ayşe", "body": "Gerçek yorum"})).await;
    let bot = json!({"author_name": "Bot", "body": "Ucuz saat", "website": "http://spam.example"});
    let fake = post_ok(&site, bot.clone()).await;
    assert_eq!(fake.status, CommentStatus::Published);
    assert_eq!(fake.comment.id, real.comment.id + 1, "an id like the next real one");
    // A reply: depth and parent as a real reply would get them.
    let reply = json!({"author_name": "Bot", "body": "Yanıt gibi", "website": "x", "parent_id": real.comment.id});
    let fake_reply = post_ok(&site, reply).await;
    assert_eq!((fake_reply.comment.parent_id, fake_reply.comment.depth), (Some(real.comment.id), 2));
    // The parent check, the duplicate check and moderation answer as for anyone.
    let orphan = json!({"author_name": "Bot", "body": "Yetim", "website": "x", "parent_id": 999_999});
    let response = site.post(URI, orphan.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::NOT_FOUND, "not_found").await;
    let copy = json!({"author_name": "AYŞE", "body": "gerçek  yorum", "website": "x"});
    let response = site.post(URI, copy.to_string(), &[("content-type", "application/json")]).await;
    Site::error_of(response, StatusCode::CONFLICT, "duplicate").await;
    site.state.comments.moderation = Moderation::All;
    let held: CommentPosted = site.post_json(URI, &bot, StatusCode::ACCEPTED).await;
    assert_eq!(held.status, CommentStatus::Pending);
    site.state.comments.moderation = Moderation::Off;

    assert_eq!(listed(&site, "").await.items, vec![real.comment]);
    assert_eq!(comment_count(&site, SLUG).await, 1);
    assert_eq!(site.state.store.moderation_list(false, Some(SLUG)).await.unwrap().len(), 1, "nothing stored");
}

#[tokio::test]
async fn duplicates_are_caught_however_they_are_typed() {
    let site = open_site().await;
    post_ok(&site, json!({"author_name": "Ayşe", "body": "Çok güzel bir haber"})).await;
    for (name, body) in
        [("AYŞE", "çok güzel bir haber"), ("Ayşe", "Çok  güzel\nbir haber"), ("Ａｙşe", "Çok güzel bir\u{200B} haber")]
    {
        let response = site
            .post(URI, json!({"author_name": name, "body": body}).to_string(), &[("content-type", "application/json")])
            .await;
        Site::error_of(response, StatusCode::CONFLICT, "duplicate").await;
    }
    post_ok(&site, json!({"author_name": "Ayşe", "body": "Çok güzel bir haber!"})).await;
}

#[tokio::test]
async fn link_moderation_sees_through_disguises() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::Links;
    for (n, body) in
        ["spam.example/buy", "ｈｔｔｐｓ：／／spam.example", "ucuz.shop", "WWW.SPAM.EXAMPLE"].iter().enumerate()
    {
        let held: CommentPosted =
            site.post_json(URI, &json!({"author_name": format!("S{n}"), "body": body}), StatusCode::ACCEPTED).await;
        assert_eq!(held.status, CommentStatus::Pending, "{body}");
    }
    post_ok(&site, json!({"author_name": "Ali", "body": "Saat 3.15'te başladı."})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_posts_are_all_stored_once() {
    let site = open_site().await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let state = site.state.clone();
        tasks.push(tokio::spawn(async move {
            let json = json!({"author_name": format!("Okur {i}"), "body": format!("Paralel yorum {i}")}).to_string();
            let request = axum::http::Request::post(URI)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json))
                .unwrap();
            tower::ServiceExt::oneshot(okur::http::app(state), request).await.unwrap().status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    assert_eq!(comment_count(&site, SLUG).await, 200);
    let page = listed(&site, "?per_page=50&page=4").await;
    assert_eq!((page.total, page.items.len()), (200, 50));
    let mut bodies: Vec<String> = Vec::new();
    for n in 1..=4 {
        bodies.extend(listed(&site, &format!("?per_page=50&page={n}")).await.items.into_iter().map(|c| c.body));
    }
    bodies.sort();
    bodies.dedup();
    assert_eq!(bodies.len(), 200, "no comment lost or doubled");
}

/// Runs `okur comments ...` on a database.
fn okur_comments(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_okur"))
        .arg("comments")
        .args(args)
        .env("OKUR_DB", db)
        .env("OKUR_LOG", "error")
        .output()
        .unwrap()
}

#[tokio::test]
async fn moderators_list_approve_reject_and_delete() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::All;
    let held: CommentPosted = site
        .post_json(
            URI,
            &json!({"author_name": "Ali", "author_email": "ali@example.com", "body": "Onay bekliyor"}),
            StatusCode::ACCEPTED,
        )
        .await;
    let other: CommentPosted =
        site.post_json(URI, &json!({"author_name": "Veli", "body": "Bu da bekliyor"}), StatusCode::ACCEPTED).await;
    let db = site.db().to_owned();

    let out = okur_comments(&db, &["list", "--pending"]);
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success());
    assert!(listing.contains(&format!("{} [pending]", held.comment.id)), "{listing}");
    assert!(listing.contains("Ali <ali@example.com>: Onay bekliyor"), "{listing}");
    assert!(!listing.contains("Kent kütüphanesi"), "only pending ones");
    let seeded = okur_comments(&db, &["list", "--article", "kutuphane-gece-acik"]);
    assert!(String::from_utf8_lossy(&seeded.stdout).contains("[published]"));

    assert!(okur_comments(&db, &["approve", &held.comment.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert_eq!(listed(&site, "").await.items.len(), 1);
    assert_eq!(comment_count(&site, SLUG).await, 1);
    assert!(okur_comments(&db, &["reject", &other.comment.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert!(String::from_utf8_lossy(&okur_comments(&db, &["list", "--pending"]).stdout).contains("no comments"));
    assert!(okur_comments(&db, &["delete", &held.comment.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert_eq!(comment_count(&site, SLUG).await, 0);
    let missing = okur_comments(&db, &["approve", "999999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no comment 999999"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// The server accepts exactly what the shared rules accept on the text as sent (the form
    /// sends NFC text, normalized with the browser's `String.prototype.normalize`, and checks
    /// that), as the OpenAPI document's patterns state them.
    #[test]
    fn the_server_agrees_with_the_shared_rules(
        name in "(\\PC|\\p{Cc}|\u{301}| ){0,85}",
        email in "([a-z]{0,5}@?[a-z]{0,5}\\.?[a-z]{0,3})?",
        body in "(\\PC|\\p{Cc}|\u{301}|\n| ){0,8}",
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let site = open_site().await;
            let expected = okur_types::comments::check_comment(&name, &email, &body);
            let json = json!({"author_name": name, "author_email": email, "body": body}).to_string();
            let status = site.post(URI, json, &[("content-type", "application/json")]).await.status();
            match expected {
                Ok(_) => assert!(status == StatusCode::CREATED, "accepted by the rules, answered {status}"),
                Err(errors) => assert!(status == StatusCode::UNPROCESSABLE_ENTITY, "refused by the rules ({errors:?}), answered {status}"),
            }
        });
    }
}

#[tokio::test]
async fn long_threads_come_in_bounded_answers() {
    use okur_types::comments::REPLIES_INLINE;
    let site = open_site().await;
    let root = post_ok(&site, json!({"author_name": "Kök", "body": "Uzun bir tartışma başlatıyorum"})).await.comment;
    // 150 replies: each third answers the previous reply, so the thread nests and flattens.
    let mut last = root.id;
    for n in 0..150 {
        let parent = if n % 3 == 0 { root.id } else { last };
        let body = json!({"author_name": format!("Yanıtlayan {n}"), "body": format!("Yanıt numarası {n}"), "parent_id": parent});
        last = post_ok(&site, body).await.comment.id;
    }
    post_ok(&site, json!({"author_name": "Başka", "body": "İkinci konu"})).await;

    let page = listed(&site, "?per_page=1").await;
    assert_eq!(page.items.len(), 1 + REPLIES_INLINE as usize, "a page of one thread is one thread and a few replies");
    assert_eq!(page.items[0].id, root.id);
    assert_eq!(page.items[0].more_replies, 150 - REPLIES_INLINE);
    assert!(page.items[1..].iter().all(|c| c.more_replies == 0 && c.parent_id.is_some()));

    // The rest, by cursor, in pages of at most 50: every reply once, each after its parent.
    let mut seen: Vec<Comment> = page.items.clone();
    let mut after = Some(seen.last().unwrap().id.to_string());
    let mut pages = 0;
    while let Some(cursor) = after {
        let more: Replies = site.get_json(&format!("{URI}/{}/replies?after={cursor}", root.id), StatusCode::OK).await;
        assert!(more.items.len() <= 50 && !more.items.is_empty());
        assert_eq!(more.next.is_some(), more.items.len() == 50, "a full page says where the next starts");
        assert_eq!(more.next, more.next.as_ref().and(more.items.last().map(|c| c.id.to_string())));
        after = more.next;
        seen.extend(more.items);
        pages += 1;
    }
    assert_eq!(pages, 3, "145 more replies come in pages of 50, 50 and 45");
    assert_eq!(seen.len(), 151);
    for (at, comment) in seen.iter().enumerate().skip(1) {
        let parent = comment.parent_id.unwrap();
        assert!(seen[..at].iter().any(|c| c.id == parent), "{} comes after its parent", comment.id);
    }
    let mut ids: Vec<i64> = seen.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 151, "no reply twice");

    let first: Replies = site.get_json(&format!("{URI}/{}/replies?per_page=7", root.id), StatusCode::OK).await;
    assert_eq!(first.items, seen[1..8].to_vec(), "without a cursor: from the start");
    site.error(&format!("{URI}/{}/replies?after=999999", root.id), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}/{}/replies?after=x", root.id), StatusCode::BAD_REQUEST, "bad_request").await;
    site.error(&format!("{URI}/{}/replies?per_page=51", root.id), StatusCode::BAD_REQUEST, "bad_request").await;
    site.error(&format!("{URI}/{}/replies", seen[1].id), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}/abc/replies"), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("/api/articles/yok/comments/{}/replies", root.id), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}?per_page=51"), StatusCode::BAD_REQUEST, "bad_request").await;
}

#[test]
fn the_largest_possible_answer_is_bounded() {
    use okur_types::comments::{check_body, check_name, ANSWER_MAX_COMMENTS, BODY_MAX, NAME_MAX};
    // Four bytes per character is the most JSON spends on text the rules accept (no control
    // characters; `"` and `\` take two).
    let wide = '\u{1D54F}';
    let name = check_name(&wide.to_string().repeat(NAME_MAX)).unwrap();
    let body = check_body(&wide.to_string().repeat(BODY_MAX)).unwrap();
    let worst = Comment {
        id: i64::MAX,
        parent_id: Some(i64::MAX),
        depth: 3,
        author_name: name,
        body,
        created_at: "2025-12-13T07:30:00Z".into(),
        more_replies: u32::MAX,
        staff: true,
        edited_at: Some("2025-12-13T07:39:59Z".into()),
        picked: false,
    };
    let items = vec![worst; ANSWER_MAX_COMMENTS as usize];
    let page = Page { items, page: u32::MAX, per_page: 50, total: u64::MAX, next: Some(i64::MAX.to_string()) };
    let bytes = serde_json::to_vec(&page).unwrap().len();
    println!("largest comments answer: {ANSWER_MAX_COMMENTS} comments, {bytes} bytes");
    assert_eq!(ANSWER_MAX_COMMENTS, 300);
    assert!(bytes <= 6_200_000, "{bytes}: the ceiling docs/architecture.md states");
}

#[tokio::test]
async fn the_moderators_listing_cannot_drive_their_terminal() {
    let site = open_site().await;
    // Stored behind the API's back (an old row, an import): the listing must still be safe.
    site.state
        .store
        .add_published_comment(SLUG, "Kötü\u{1B}[2J\u{202E}", "ilk\u{9B}31m satır\u{7}", "2025-12-13T10:00:00Z")
        .await
        .unwrap();
    let out = okur_comments(site.db(), &["list", "--article", SLUG]);
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(listing.contains("Kötü\\u{001B}[2J\\u{202E}"), "{listing}");
    assert!(listing.contains("ilk\\u{009B}31m satır\\u{0007}"), "{listing}");
    assert!(!listing.chars().any(|c| c != '\n' && (c.is_control() || c == '\u{202E}')), "{listing:?}");
}

#[tokio::test]
async fn counts_kept_on_write_follow_every_change() {
    let site = open_site().await;
    let root = post_ok(&site, json!({"author_name": "Kök", "body": "Sayılan yorum"})).await.comment;
    let reply = json!({"author_name": "Yanıt", "body": "Sayılan yanıt", "parent_id": root.id});
    let reply = post_ok(&site, reply).await.comment;
    post_ok(&site, json!({"author_name": "İkinci", "body": "İkinci konu"})).await;
    assert_eq!((comment_count(&site, SLUG).await, listed(&site, "").await.total), (3, 2));
    let db = site.db().to_owned();
    assert!(okur_comments(&db, &["reject", &reply.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert_eq!((comment_count(&site, SLUG).await, listed(&site, "").await.total), (2, 2));
    assert!(okur_comments(&db, &["approve", &reply.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert_eq!((comment_count(&site, SLUG).await, listed(&site, "").await.total), (3, 2));
    // Deleting a thread takes its replies with it, and their counts.
    assert!(okur_comments(&db, &["delete", &root.id.to_string()]).status.success());
    site.changed_elsewhere();
    assert_eq!((comment_count(&site, SLUG).await, listed(&site, "").await.total), (1, 1));
    let summaries: Page<okur_types::ArticleSummary> = site.get_json("/api/articles", StatusCode::OK).await;
    let listed_count = summaries.items.iter().find(|a| a.slug == SLUG).unwrap().comment_count;
    assert_eq!(listed_count, 1, "the list shows the kept count too");
}

#[tokio::test]
async fn thread_order_and_reply_counts_are_kept_on_write_through_moderation() {
    use okur_types::moderation::Action;
    let site = open_site().await;
    let store = &site.state.store;
    let root = post_ok(&site, json!({"author_name": "Kök", "body": "Konu açılışı"})).await.comment.id;
    let reply = |n: &str, parent: i64| json!({"author_name": n, "body": format!("{n} yazıyor"), "parent_id": parent});
    let a = post_ok(&site, reply("A", root)).await.comment.id;
    let b = post_ok(&site, reply("B", root)).await.comment.id;
    // Answers to an earlier reply go under it, before later replies to the thread.
    let a1 = post_ok(&site, reply("A1", a)).await.comment.id;
    let c = post_ok(&site, reply("C", a1)).await.comment;
    assert_eq!((c.parent_id, c.depth), (Some(a), 3), "too deep: beside its parent");
    let mut rest = Vec::new();
    for n in ["D", "E", "F"] {
        rest.push(post_ok(&site, reply(n, root)).await.comment.id);
    }
    let thread = |page: Page<Comment>| -> (Vec<i64>, u32) {
        let more = page.items.iter().find(|c| c.id == root).map_or(0, |c| c.more_replies);
        (page.items.iter().filter(|c| c.parent_id.is_some()).map(|c| c.id).collect(), more)
    };
    let all: Vec<i64> = [a, a1, c.id, b].into_iter().chain(rest.iter().copied()).collect();
    let desc = "?per_page=1";
    assert_eq!(thread(listed(&site, desc).await), (all[..5].to_vec(), 2));
    let replies = |after: i64| format!("{URI}/{root}/replies?after={after}");
    let more: Replies = site.get_json(&replies(all[4]), StatusCode::OK).await;
    assert_eq!((more.items.iter().map(|c| c.id).collect::<Vec<_>>(), more.next), (all[5..].to_vec(), None));

    // Rejecting A hides its answers with it; the count follows at once, and back on approval.
    let decide = |id: i64, action: Action| async move { store.moderate_comment(id, action, "test").await.unwrap() };
    assert!(decide(a, Action::Reject).await);
    site.changed_elsewhere();
    let shown: Vec<i64> = [b].into_iter().chain(rest.iter().copied()).collect();
    assert_eq!(thread(listed(&site, desc).await), (shown.clone(), 0));
    let from_start: Replies = site.get_json(&format!("{URI}/{root}/replies"), StatusCode::OK).await;
    assert_eq!(from_start.items.iter().map(|c| c.id).collect::<Vec<_>>(), shown);
    assert!(decide(a, Action::Approve).await);
    site.changed_elsewhere();
    assert_eq!(thread(listed(&site, desc).await), (all[..5].to_vec(), 2));
    // A hidden reply is neither shown nor counted; a reply to it cannot be written.
    assert!(decide(b, Action::Reject).await);
    site.changed_elsewhere();
    let without_b: Vec<i64> = all.iter().copied().filter(|id| *id != b).collect();
    assert_eq!(thread(listed(&site, desc).await), (without_b[..5].to_vec(), 1));
    let _: serde_json::Value = site.post_json(URI, &reply("G", b), StatusCode::NOT_FOUND).await;
    // Deleting A takes its answers and their counts.
    assert!(decide(a, Action::Delete).await);
    site.changed_elsewhere();
    assert_eq!(thread(listed(&site, desc).await), (rest.clone(), 0));
    assert!(!decide(a, Action::Delete).await, "gone already");
    site.changed_elsewhere();
    assert!(!decide(a, Action::Approve).await);
    site.changed_elsewhere();
}

#[tokio::test]
async fn the_wal_is_cut_back_by_a_checkpoint_even_while_readers_read() {
    let site = open_site().await;
    if common::on_postgres() {
        // PostgreSQL manages its own write-ahead log: the checkpoint is a no-op there.
        assert_eq!(site.state.store.checkpoint().await.unwrap(), Some(0));
        return;
    }
    for n in 0..300 {
        post_ok(&site, json!({"author_name": format!("Yazar {n}"), "body": format!("Günlüğü büyüten yorum {n}")}))
            .await;
    }
    let wal = std::path::PathBuf::from(format!("{}-wal", site.db()));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    // Readers keep reading while the checkpoint runs: it waits its turn and still finishes.
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let state = site.state.clone();
            tokio::spawn(async move {
                for _ in 0..50 {
                    state
                        .store
                        .comment_page("genc-takim-final", &okur::store::Position::Page(1), 20, Default::default())
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    let pages = site.state.store.checkpoint().await.unwrap();
    assert!(pages.is_some(), "the checkpoint finished");
    for reader in readers {
        reader.await.unwrap();
    }
    site.state.store.checkpoint().await.unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "truncated");
}

#[tokio::test]
async fn threads_page_by_cursor_without_gaps_or_doubles_while_comments_arrive() {
    let site = open_site().await;
    let mut at_start = Vec::new();
    for n in 0..45 {
        at_start.push(
            post_ok(&site, json!({"author_name": format!("Okur {n}"), "body": format!("Konu {n}")})).await.comment.id,
        );
    }
    for order in ["asc", "desc"] {
        let mut seen: Vec<i64> = Vec::new();
        let mut page = listed(&site, &format!("?per_page=20&order={order}")).await;
        let mut arrived = 0;
        loop {
            seen.extend(page.items.iter().filter(|c| c.depth == 1).map(|c| c.id));
            // Comments keep arriving between pages: with OFFSET, newest-first paging would show
            // a thread twice; by cursor none moves.
            post_ok(&site, json!({"author_name": "Gelen", "body": format!("Sonradan {order} {arrived}")})).await;
            arrived += 1;
            let Some(next) = page.next.clone() else { break };
            page = listed(&site, &format!("?per_page=20&order={order}&after={next}")).await;
            assert_eq!(page.page, 0, "a cursor page has no number");
        }
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{order}: no thread twice");
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        if order == "desc" {
            sorted.reverse();
        }
        assert_eq!(seen, sorted, "{order}: in order");
        assert!(at_start.iter().all(|id| seen.contains(id)), "{order}: every thread there at the start was shown");
    }
    site.error(&format!("{URI}?after=999999"), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}?after=abc"), StatusCode::NOT_FOUND, "not_found").await;
    // With a cursor `page` is ignored; an empty cursor is none.
    let newest = listed(&site, "?order=desc&per_page=1").await.items[0].id;
    assert_eq!(listed(&site, &format!("?order=desc&per_page=1&page=7&after={newest}")).await.page, 0);
    assert_eq!(listed(&site, "?after=&page=2&per_page=20").await.page, 2);
}

#[tokio::test]
async fn the_article_list_pages_by_cursor_too() {
    let site = open_site().await;
    let mut slugs = Vec::new();
    let mut page: Page<okur_types::ArticleSummary> = site.get_json("/api/articles?per_page=2", StatusCode::OK).await;
    loop {
        slugs.extend(page.items.iter().map(|a| a.slug.clone()));
        let Some(next) = page.next.clone() else { break };
        page = site.get_json(&format!("/api/articles?per_page=2&after={next}"), StatusCode::OK).await;
    }
    let all: Page<okur_types::ArticleSummary> = site.get_json("/api/articles?per_page=100", StatusCode::OK).await;
    assert_eq!(slugs, all.items.iter().map(|a| a.slug.clone()).collect::<Vec<_>>());
    assert!(all.next.is_none(), "the last page has no cursor");
    site.error("/api/articles?after=yok", StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_comment_link_finds_the_page_and_the_replies_that_hold_it() {
    use okur_types::comments::{CommentPlace, REPLIES_INLINE};
    let site = open_site().await;
    let mut roots = Vec::new();
    for n in 0..3 {
        roots.push(
            post_ok(&site, json!({"author_name": format!("Konu {n}"), "body": format!("Konu açan {n}")}))
                .await
                .comment
                .id,
        );
    }
    let mut replies = Vec::new();
    for n in 0..8 {
        let reply = json!({"author_name": format!("Yanıt {n}"), "body": format!("Yanıt {n}"), "parent_id": roots[1]});
        replies.push(post_ok(&site, reply).await.comment.id);
    }
    let place = |id: i64| {
        let site = &site;
        async move { site.get_json::<CommentPlace>(&format!("{URI}/{id}/place"), StatusCode::OK).await }
    };
    assert_eq!(place(roots[0]).await, CommentPlace { root: roots[0], after: None, replies_after: None });
    let second = place(roots[1]).await;
    assert_eq!(second, CommentPlace { root: roots[1], after: Some(roots[0].to_string()), replies_after: None });
    // The page it names starts with the thread.
    let page = listed(&site, &format!("?per_page=1&after={}", second.after.unwrap())).await;
    assert_eq!(page.items[0].id, roots[1]);
    // An inline reply is on that page; a later one names the replies page that starts with it.
    let inline = place(replies[REPLIES_INLINE as usize - 1]).await;
    assert_eq!((inline.root, inline.replies_after), (roots[1], None));
    let far = place(replies[6]).await;
    assert_eq!((far.root, far.replies_after), (roots[1], Some(replies[5])));
    let more: Replies =
        site.get_json(&format!("{URI}/{}/replies?after={}", roots[1], replies[5]), StatusCode::OK).await;
    assert_eq!(more.items[0].id, replies[6]);

    // Held, rejected or under a hidden comment: no place to show it.
    site.state.store.moderate_comment(replies[0], okur_types::moderation::Action::Reject, "ayse").await.unwrap();
    site.error(&format!("{URI}/{}/place", replies[0]), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}/999999/place"), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("{URI}/x/place"), StatusCode::NOT_FOUND, "not_found").await;
    site.error(&format!("/api/articles/yok/comments/{}/place", roots[0]), StatusCode::NOT_FOUND, "not_found").await;
    // Rejecting the thread hides its replies' places too.
    site.state.store.moderate_comment(roots[1], okur_types::moderation::Action::Reject, "ayse").await.unwrap();
    site.error(&format!("{URI}/{}/place", replies[6]), StatusCode::NOT_FOUND, "not_found").await;
}
