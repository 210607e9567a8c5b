//! Every write a reader can see shows on the very next read, whichever handler made it: the
//! answers are kept in the cache (warmed first), and the harness's mirror of the generations
//! never looks by itself, so a write path that did not refresh it (`app()`'s write layer does,
//! for every method but GET, HEAD and OPTIONS) would leave these reads stale. On both stores.

mod common;

use axum::http::{Method, StatusCode};
use common::{body, site, Site};
use okur::http::state::Moderation;
use okur_types::comments::CommentPosted;
use okur_types::moderation::Session;
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const COMMENTS: &str = "/api/articles/genc-takim-final/comments";
const ORIGIN: (&str, &str) = ("origin", "http://okur.test");
const HOST: (&str, &str) = ("host", "okur.test");

/// The bodies of the answers a reader of the story gets: the comments, the article, its page
/// and the front page; read twice, so that the second comes from the cache.
async fn reads(site: &Site) -> [String; 4] {
    let mut out = Vec::new();
    for uri in [COMMENTS.to_owned(), format!("/api/articles/{SLUG}"), format!("/articles/{SLUG}"), "/".into()] {
        let _ = site.get(&uri).await;
        let response = site.get(&uri).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        out.push(String::from_utf8(body(response).await).unwrap());
    }
    out.try_into().unwrap()
}

/// Signs moderator `ayse` in: the headers a change needs.
async fn moderator(site: &Site) -> (String, String) {
    let hash = okur::auth::hash_password("liman feneri 1923").unwrap();
    assert!(site.state.store.add_moderator("ayse", &hash).await.unwrap());
    let login = json!({"name": "ayse", "password": "liman feneri 1923"}).to_string();
    let response =
        site.post("/api/moderation/login", login, &[("content-type", "application/json"), ORIGIN, HOST]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let session: Session = serde_json::from_slice(&body(response).await).unwrap();
    (cookie, session.csrf)
}

/// A moderator's change, answered 204.
async fn change(site: &Site, (cookie, csrf): &(String, String), uri: &str, json: Option<serde_json::Value>) {
    let headers = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str()), ORIGIN, HOST];
    let response = match json {
        Some(json) => {
            let mut all = vec![("content-type", "application/json")];
            all.extend_from_slice(&headers);
            site.post(uri, json.to_string(), &all).await
        }
        None => site.request(Method::POST, uri, &headers).await,
    };
    assert!(response.status().is_success(), "{uri}: {}", response.status());
}

#[tokio::test]
async fn every_write_shows_on_the_next_read() {
    let mut site = site().await;
    site.state.comments.rate_limit = 10_000;
    site.state.login_delay = std::time::Duration::from_millis(1);
    let before = reads(&site).await;

    // A reader's comment, published at once.
    let post = json!({"author_name": "Deniz", "body": "Yazar yazmaz görünen yorum"});
    let posted: CommentPosted = site.post_json(COMMENTS, &post, StatusCode::CREATED).await;
    let [comments, article, page, front] = reads(&site).await;
    assert!(comments.contains("Yazar yazmaz görünen yorum") && page.contains("Yazar yazmaz görünen yorum"));
    assert_ne!((&article, &front), (&before[1], &before[3]), "the counts moved");

    // A moderator rejects it, approves it again, then closes and opens the story.
    let staff = moderator(&site).await;
    change(&site, &staff, &format!("/api/moderation/comments/{}/reject", posted.comment.id), None).await;
    let [comments, _, page, _] = reads(&site).await;
    assert!(!comments.contains("Yazar yazmaz görünen yorum") && !page.contains("Yazar yazmaz görünen yorum"));
    let batch = json!({"action": "approve", "ids": [posted.comment.id]});
    change(&site, &staff, "/api/moderation/comments/batch", Some(batch)).await;
    assert!(reads(&site).await[0].contains("Yazar yazmaz görünen yorum"));
    change(&site, &staff, &format!("/api/moderation/articles/{SLUG}/close"), None).await;
    assert!(reads(&site).await[1].contains("\"comments_open\":false"));
    change(&site, &staff, &format!("/api/moderation/articles/{SLUG}/open"), None).await;
    assert!(reads(&site).await[1].contains("\"comments_open\":true"));

    // A held comment approved from the queue; then deleted.
    site.state.comments.moderation = Moderation::All;
    let post = json!({"author_name": "Ece", "body": "Onaydan sonra görünen yorum"});
    let held: CommentPosted = site.post_json(COMMENTS, &post, StatusCode::ACCEPTED).await;
    assert!(!reads(&site).await[0].contains("Onaydan sonra görünen yorum"));
    change(&site, &staff, &format!("/api/moderation/comments/{}/approve", held.comment.id), None).await;
    assert!(reads(&site).await[0].contains("Onaydan sonra görünen yorum"));
    change(&site, &staff, &format!("/api/moderation/comments/{}/delete", held.comment.id), None).await;
    assert!(!reads(&site).await[0].contains("Onaydan sonra görünen yorum"));
}

#[tokio::test]
async fn another_spelling_of_an_address_is_answered_fresh() {
    // Another spelling of the slug is answered fresh, never kept: no copy can outlive a change
    // to the article under an address nothing invalidates.
    let site = site().await;
    let odd = "/api/articles/genc-takim-fin%61l/comments";
    let first = String::from_utf8(body(site.get(odd).await).await).unwrap();
    assert_eq!(site.state.cache.size().0, 0, "not kept");
    assert!(!first.contains("Başka yazımla okunan"));
    let post = json!({"author_name": "Ferit", "body": "Başka yazımla okunan yorum"});
    site.post_json::<CommentPosted>(COMMENTS, &post, StatusCode::CREATED).await;
    let again = String::from_utf8(body(site.get(odd).await).await).unwrap();
    assert!(again.contains("Başka yazımla okunan yorum"), "{again}");
}
