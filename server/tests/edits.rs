//! A reader's own comment, edited or withdrawn within the window with the token its post gave,
//! through `app()` on a seeded database (both stores): the window, the token, every rule of a
//! post run again, the versions moderators see, the counts and the caches.

mod common;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use common::{body, Site};
use okur::http::state::Moderation;
use okur_types::comments::{Comment, CommentPosted, CommentStatus};
use okur_types::moderation::Queue;
use okur_types::{Article, Page};
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const URI: &str = "/api/articles/genc-takim-final/comments";

async fn posted(site: &Site, json: serde_json::Value) -> CommentPosted {
    site.post_json(URI, &json, StatusCode::CREATED).await
}

/// Sends a change of comment `id` with this token (none: no header).
async fn change(
    site: &Site,
    method: Method,
    id: i64,
    token: Option<&str>,
    json: Option<serde_json::Value>,
) -> Response {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(token) = token {
        headers.push(("x-edit-token", token));
    }
    let body = json.map(|j| j.to_string()).unwrap_or_default();
    site.send_from(None, method, &format!("{URI}/{id}"), body, &headers).await
}

async fn edit(site: &Site, id: i64, token: &str, json: serde_json::Value, status: StatusCode) -> CommentPosted {
    let response = change(site, Method::PUT, id, Some(token), Some(json)).await;
    let code = response.status();
    let bytes = body(response).await;
    assert_eq!(code, status, "{}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

/// Edits comment `id` to read `body` under `name`, expecting 200.
async fn edit_to(site: &Site, id: i64, token: &str, name: &str, body: &str) -> CommentPosted {
    edit(site, id, token, json!({"author_name": name, "body": body}), StatusCode::OK).await
}

async fn shown(site: &Site) -> Vec<Comment> {
    let page: Page<Comment> = site.get_json(URI, StatusCode::OK).await;
    page.items
}

async fn count(site: &Site) -> u32 {
    let article: Article = site.get_json(&format!("/api/articles/{SLUG}"), StatusCode::OK).await;
    article.summary.comment_count
}

#[tokio::test]
async fn the_author_edits_within_the_window_and_moderators_see_every_version() {
    let site = common::unlimited_site().await;
    let first = posted(&site, json!({"author_name": "Ayşe", "body": "Finalde başarılr!"})).await;
    let token = first.edit_token.clone().expect("a token with the post");
    let until = first.editable_until.clone().expect("until when");
    assert!(until > first.comment.created_at, "{until} after {}", first.comment.created_at);
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
    // Read once, cached: the edit must reach readers of the cached answer too.
    assert_eq!(shown(&site).await[0].edited_at, None);

    let edited = edit_to(&site, first.comment.id, &token, "Ayşe", "Finalde başarılar!").await;
    assert_eq!(edited.status, CommentStatus::Published);
    assert_eq!(edited.edit_token, None, "the token is given once");
    assert_eq!(edited.comment.body, "Finalde başarılar!");
    assert_eq!((edited.comment.id, &edited.comment.created_at), (first.comment.id, &first.comment.created_at));
    assert!(edited.comment.edited_at.is_some());
    assert_eq!(shown(&site).await, vec![edited.comment.clone()], "the cached list follows");
    assert_eq!(count(&site).await, 1);

    // The same text again is no edit: no version, the time unchanged.
    let same = edit_to(&site, first.comment.id, &token, "Ayşe", "Finalde başarılar!").await;
    assert_eq!(same.comment.edited_at, edited.comment.edited_at);
    edit_to(&site, first.comment.id, &token, "Ayşe K.", "Finalde bol şans!").await;

    let queue = site.state.store.moderation_queue(Queue::Recent, 10).await.unwrap();
    let mine = queue.iter().find(|q| q.comment.id == first.comment.id).unwrap();
    let versions: Vec<(&str, &str)> = mine.versions.iter().map(|v| (v.author_name.as_str(), v.body.as_str())).collect();
    assert_eq!(versions, [("Ayşe", "Finalde başarılr!"), ("Ayşe", "Finalde başarılar!")]);
    assert_eq!(mine.versions[0].written_at, first.comment.created_at);
    assert_eq!(mine.comment.body, "Finalde bol şans!");
    // The token is never stored as sent (SQLite's files read as they are on disk).
    if !common::on_postgres() {
        for file in [site.db().to_owned(), format!("{}-wal", site.db())] {
            let raw = std::fs::read(&file).unwrap_or_default();
            assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()), "{file}");
        }
    }
}

#[tokio::test]
async fn a_wrong_missing_or_other_token_and_an_unknown_comment_are_refused() {
    let site = common::unlimited_site().await;
    let mine = posted(&site, json!({"author_name": "Ali", "body": "Benim yorumum"})).await;
    let other = posted(&site, json!({"author_name": "Veli", "body": "Başkasının yorumu"})).await;
    let text = json!({"author_name": "Ali", "body": "Değiştirilmiş"});
    let id = mine.comment.id;
    let other_token = other.edit_token.as_deref();
    for (token, why) in
        [(None, "no token"), (Some("yanlis"), "a wrong token"), (other_token, "another comment's token")]
    {
        let put = change(&site, Method::PUT, id, token, Some(text.clone())).await;
        Site::error_of(put, StatusCode::FORBIDDEN, "edit_token_invalid").await;
        let delete = change(&site, Method::DELETE, id, token, None).await;
        Site::error_of(delete, StatusCode::FORBIDDEN, "edit_token_invalid").await;
        assert_eq!(shown(&site).await[0].body, "Benim yorumum", "{why}");
    }
    let token = mine.edit_token.as_deref();
    for missing in [format!("{URI}/999999"), format!("{URI}/abc"), format!("/api/articles/yok/comments/{id}")] {
        let response = site.send_from(None, Method::DELETE, &missing, "", &[("x-edit-token", token.unwrap())]).await;
        Site::error_of(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    // A comment of another article is no comment of this one.
    let elsewhere = site
        .send_from(
            None,
            Method::DELETE,
            &format!("/api/articles/merkez-bankasi-faiz/comments/{id}"),
            "",
            &[("x-edit-token", token.unwrap())],
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn after_the_window_nothing_changes() {
    let site = common::unlimited_site().await;
    let mine = posted(&site, json!({"author_name": "Ali", "body": "Geç kalan düzeltme"})).await;
    let token = mine.edit_token.unwrap();
    // Posted eleven minutes ago, as the server's clock sees it.
    let before = okur::domain::stamp::Stamp::now().before(time::Duration::minutes(11));
    common::execute(site.db(), &format!("UPDATE comments SET created_at = '{before}' WHERE id = {}", mine.comment.id))
        .await;
    let put =
        change(&site, Method::PUT, mine.comment.id, Some(&token), Some(json!({"author_name": "Ali", "body": "Yeni"})))
            .await;
    Site::error_of(put, StatusCode::CONFLICT, "edit_window_closed").await;
    let delete = change(&site, Method::DELETE, mine.comment.id, Some(&token), None).await;
    Site::error_of(delete, StatusCode::CONFLICT, "edit_window_closed").await;

    // With no window, a post carries no token at all.
    let mut closed = common::unlimited_site().await;
    closed.state.comments.edit_window = time::Duration::ZERO;
    let post = posted(&closed, json!({"author_name": "Ali", "body": "Pencere yok"})).await;
    assert_eq!((post.edit_token, post.editable_until), (None, None));
}

#[tokio::test]
async fn an_edit_meets_every_rule_of_a_post() {
    let mut site = common::unlimited_site().await;
    site.state.comments.moderation = Moderation::Links;
    let mine = posted(&site, json!({"author_name": "Ali", "body": "İlk hali"})).await;
    let token = mine.edit_token.unwrap();
    let id = mine.comment.id;
    posted(&site, json!({"author_name": "Veli", "body": "Başka bir yorum"})).await;

    let invalid = change(&site, Method::PUT, id, Some(&token), Some(json!({"author_name": "", "body": "x"}))).await;
    let error = Site::error_of(invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(error.error.fields.unwrap().into_keys().collect::<Vec<_>>(), ["author_name", "body"]);
    let duplicate =
        change(&site, Method::PUT, id, Some(&token), Some(json!({"author_name": "Veli", "body": "Başka bir yorum"})))
            .await;
    Site::error_of(duplicate, StatusCode::CONFLICT, "duplicate").await;
    let not_json = site
        .send_from(
            None,
            Method::PUT,
            &format!("{URI}/{id}"),
            "{",
            &[("content-type", "application/json"), ("x-edit-token", &token)],
        )
        .await;
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    assert_eq!(shown(&site).await.iter().find(|c| c.id == id).unwrap().body, "İlk hali", "nothing half-written");
    assert_eq!(count(&site).await, 2);

    // A link is held by the rule: the comment leaves the page until a moderator decides.
    let held = edit(
        &site,
        id,
        &token,
        json!({"author_name": "Ali", "body": "Bakın: https://ornek.example"}),
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(held.status, CommentStatus::Pending);
    assert!(shown(&site).await.iter().all(|c| c.id != id));
    assert_eq!(count(&site).await, 1);
    // Held, it stays held whatever the next text.
    let still =
        edit(&site, id, &token, json!({"author_name": "Ali", "body": "Bağlantısız"}), StatusCode::ACCEPTED).await;
    assert_eq!(still.status, CommentStatus::Pending);
}

#[tokio::test]
async fn a_withdrawn_comment_leaves_with_its_replies_and_cannot_come_back() {
    let site = common::unlimited_site().await;
    let mine = posted(&site, json!({"author_name": "Ali", "body": "Geri alınacak"})).await;
    let reply = posted(&site, json!({"author_name": "Veli", "body": "Yanıt", "parent_id": mine.comment.id})).await;
    posted(&site, json!({"author_name": "Can", "body": "Kalan yorum"})).await;
    assert_eq!(count(&site).await, 3);
    let token = mine.edit_token.unwrap();
    let done = change(&site, Method::DELETE, mine.comment.id, Some(&token), None).await;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let ids: Vec<i64> = shown(&site).await.iter().map(|c| c.id).collect();
    assert!(!ids.contains(&mine.comment.id) && !ids.contains(&reply.comment.id), "{ids:?}");
    assert_eq!(count(&site).await, 2);
    let again = change(&site, Method::DELETE, mine.comment.id, Some(&token), None).await;
    Site::error_of(again, StatusCode::NOT_FOUND, "not_found").await;
    let edit =
        change(&site, Method::PUT, mine.comment.id, Some(&token), Some(json!({"author_name": "Ali", "body": "Geri"})))
            .await;
    Site::error_of(edit, StatusCode::NOT_FOUND, "not_found").await;
    // A moderator's approval does not bring back what its author took away.
    site.state.store.moderate_comment(mine.comment.id, okur_types::moderation::Action::Approve, "ayse").await.unwrap();
    site.changed_elsewhere();
    assert!(shown(&site).await.iter().all(|c| c.id != mine.comment.id));
}

#[tokio::test]
async fn refused_changes_spend_the_refused_budget() {
    let mut site = common::site().await;
    site.state.comments.refused_rate_limit = 3;
    let mine = posted(&site, json!({"author_name": "Ali", "body": "Bütçe"})).await;
    for _ in 0..3 {
        let wrong = change(&site, Method::DELETE, mine.comment.id, Some("tahmin"), None).await;
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    }
    let refused = change(&site, Method::DELETE, mine.comment.id, mine.edit_token.as_deref(), None).await;
    Site::error_of(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
