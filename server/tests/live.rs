//! Live comments over Server-Sent Events, through `app()`: the order, resuming with
//! `Last-Event-ID`, held and approved comments, and the limits. On both stores.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use common::Site;
use http_body_util::BodyExt;
use okur::http::state::Moderation;
use okur_types::comments::{Comment, CommentPosted};
use okur_types::moderation::Action;
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const EVENTS: &str = "/api/articles/genc-takim-final/comments/events";

/// A site whose rate limit does not get in the way.
async fn open_site() -> Site {
    common::unlimited_site().await
}

/// A stream's events as they come: (id, comment).
struct Events {
    body: Body,
    buffer: String,
}

impl Events {
    async fn open(site: &Site, headers: &[(&str, &str)]) -> Events {
        Events::open_at(site, EVENTS, headers).await
    }

    async fn open_at(site: &Site, uri: &str, headers: &[(&str, &str)]) -> Events {
        let response: Response = site.request(Method::GET, uri, headers).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Events { body: response.into_body(), buffer: String::new() }
    }

    /// The next comment event, or none within `wait` (removals are passed over).
    async fn next(&mut self, wait: Duration) -> Option<(i64, Comment)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let (kind, id, data) = self.next_change(deadline).await?;
            if kind == "comment" {
                return Some((id, serde_json::from_str(&data).unwrap()));
            }
        }
    }

    /// The next event of either kind (`comment`, `removed`) before `deadline`: kind, id, data.
    async fn next_change(&mut self, deadline: tokio::time::Instant) -> Option<(String, i64, String)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field =
                    |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim_start().to_owned());
                if let (Some(kind), Some(id), Some(data)) = (field("event:"), field("id:"), field("data:")) {
                    return Some((kind, id.parse().unwrap(), data));
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await.ok()??.ok()?;
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }
}

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(400);

async fn post(site: &Site, body: serde_json::Value, status: StatusCode) -> Comment {
    let posted: CommentPosted = site.post_json(&format!("/api/articles/{SLUG}/comments"), &body, status).await;
    posted.comment
}

#[tokio::test]
async fn new_comments_arrive_in_order_and_a_reader_resumes_where_it_left() {
    let site = open_site().await;
    post(&site, json!({"author_name": "Önceden", "body": "Akış açılmadan önce"}), StatusCode::CREATED).await;
    let mut events = Events::open(&site, &[]).await;
    assert_eq!(events.next(QUIET).await, None, "only what comes after the stream opens");
    let mut posted = Vec::new();
    for n in 0..3 {
        posted.push(
            post(
                &site,
                json!({"author_name": format!("Okur {n}"), "body": format!("Canlı yorum {n}")}),
                StatusCode::CREATED,
            )
            .await,
        );
    }
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(events.next(WAIT).await.expect("an event"));
    }
    assert_eq!(got.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(), posted);
    assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "ids increase: {got:?}");

    // A reader that saw the first resumes after it: the other two at once, nothing twice.
    let first = got[0].0.to_string();
    let mut resumed = Events::open(&site, &[("last-event-id", first.as_str())]).await;
    assert_eq!(resumed.next(WAIT).await.unwrap().1, posted[1]);
    assert_eq!(resumed.next(WAIT).await.unwrap().1, posted[2]);
    assert_eq!(resumed.next(QUIET).await, None);
    let bad = site.request(Method::GET, EVENTS, &[("last-event-id", "x")]).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let unknown = site.request(Method::GET, "/api/articles/yok/comments/events", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_held_comment_arrives_when_a_moderator_approves_it() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::All;
    let mut events = Events::open(&site, &[]).await;
    let held = post(&site, json!({"author_name": "Bekleyen", "body": "Onay bekliyorum"}), StatusCode::ACCEPTED).await;
    assert_eq!(events.next(QUIET).await, None, "not while it is held");
    assert!(site.state.store.moderate_comment(held.id, Action::Approve, "ayse").await.unwrap());
    site.state.generations.refresh(&site.state.store).await.unwrap();
    assert_eq!(events.next(WAIT).await.unwrap().1, held);
    // Rejected, then approved again: it is visible again, and sent again.
    assert!(site.state.store.moderate_comment(held.id, Action::Reject, "ayse").await.unwrap());
    assert!(site.state.store.moderate_comment(held.id, Action::Approve, "ayse").await.unwrap());
    site.state.generations.refresh(&site.state.store).await.unwrap();
    assert_eq!(events.next(WAIT).await.unwrap().1.id, held.id);
}

#[tokio::test]
async fn a_change_from_another_process_arrives_without_a_read() {
    let mut site = open_site().await;
    site.state.comments.moderation = Moderation::All;
    // The server's own look every 100 ms, as `okur serve` runs it.
    site.state.generations = okur::http::cache::generations::Generations::default();
    let live = site.state.live.clone();
    okur::jobs::keep_fresh(&site.state.generations, &site.state.store, move || live.open());
    let held = post(&site, json!({"author_name": "Kabuk", "body": "Kabuktan onaylanacak"}), StatusCode::ACCEPTED).await;
    let mut events = Events::open(&site, &[]).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_okur"))
        .args(["comments", "approve", &held.id.to_string(), "--db", site.db()])
        .env("OKUR_LOG", "error")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(events.next(WAIT).await.unwrap().1, held);
}

#[tokio::test]
async fn streams_are_bounded_per_client_and_in_total() {
    let mut site = open_site().await;
    site.state.live = okur::http::streams::Streams::with_limits(2, 3);
    let peer = |n: u8| format!("198.51.100.{n}:5000");
    let open = |site: &Site, from: String| {
        let mut request = axum::http::Request::builder().uri(EVENTS).body(Body::empty()).unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(from.parse::<std::net::SocketAddr>().unwrap()));
        let app = okur::http::app(site.state.clone());
        async move { tower::ServiceExt::oneshot(app, request).await.unwrap() }
    };
    let a1 = open(&site, peer(1)).await;
    let a2 = open(&site, peer(1)).await;
    assert_eq!((a1.status(), a2.status()), (StatusCode::OK, StatusCode::OK));
    assert_eq!(open(&site, peer(1)).await.status(), StatusCode::TOO_MANY_REQUESTS, "two per client");
    let b1 = open(&site, peer(2)).await;
    assert_eq!(b1.status(), StatusCode::OK);
    assert_eq!(open(&site, peer(3)).await.status(), StatusCode::SERVICE_UNAVAILABLE, "three in all");
    assert_eq!(site.state.live.open(), 3);
    drop(a1);
    assert_eq!(site.state.live.open(), 2, "a closed stream gives its place back");
    assert_eq!(open(&site, peer(1)).await.status(), StatusCode::OK);
    drop((a2, b1));
}

#[tokio::test]
async fn a_reply_under_a_hidden_comment_is_not_sent() {
    let site = open_site().await;
    let parent = post(&site, json!({"author_name": "Ana", "body": "Ana yorum"}), StatusCode::CREATED).await;
    let mut events = Events::open(&site, &[]).await;
    let reply = post(
        &site,
        json!({"author_name": "Yanıt", "body": "Yanıt yorumu", "parent_id": parent.id}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(events.next(WAIT).await.unwrap().1, reply);
    assert!(site.state.store.moderate_comment(parent.id, Action::Reject, "ayse").await.unwrap());
    let hidden_parent_id = parent.id;
    // A new reply cannot go under a rejected comment at all; one already there is hidden with it.
    let refused = site
        .post(
            &format!("/api/articles/{SLUG}/comments"),
            json!({"author_name": "Geç", "body": "Geç yanıt", "parent_id": hidden_parent_id}).to_string(),
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let resumed = Events::open(&site, &[("last-event-id", "0")]).await;
    let mut resumed = resumed;
    let mut seen = Vec::new();
    while let Some((_, c)) = resumed.next(QUIET).await {
        seen.push(c.id);
    }
    assert!(!seen.contains(&reply.id) && !seen.contains(&parent.id), "{seen:?}");
}

#[tokio::test]
async fn a_stopping_server_ends_its_streams_cleanly() {
    let site = open_site().await;
    let mut events = Events::open(&site, &[]).await;
    site.state.live.close_all();
    // The body ends (no frame, no error) well before any heartbeat or drain timeout.
    let end = tokio::time::timeout(WAIT, async {
        while let Some(frame) = events.body.frame().await {
            frame.expect("a clean end, not an error");
        }
    })
    .await;
    assert!(end.is_ok(), "the stream did not end");
    assert_eq!(site.state.live.open(), 0, "its place is given back");
    // A stream asked for while stopping ends at once too.
    let mut late = Events::open(&site, &[]).await;
    assert!(tokio::time::timeout(WAIT, late.body.frame()).await.unwrap().is_none());
}

#[tokio::test]
async fn a_page_starts_its_stream_where_it_was_rendered() {
    let site = open_site().await;
    let mut live = Events::open(&site, &[]).await;
    post(&site, json!({"author_name": "A", "body": "Sayfa çizilirken"}), StatusCode::CREATED).await;
    let (rendered, _) = live.next(WAIT).await.expect("the first comment");
    drop(live);
    // Published after the page was rendered, before its stream opened: the stream has it.
    let between = post(&site, json!({"author_name": "B", "body": "Arada gelen yorum"}), StatusCode::CREATED).await;
    let mut late = Events::open_at(&site, &format!("{EVENTS}?after={rendered}"), &[]).await;
    let (seq, comment) = late.next(WAIT).await.expect("the comment in between");
    assert_eq!(comment.id, between.id);
    // A reconnecting browser's Last-Event-ID wins over the address it first opened.
    let mut resumed =
        Events::open_at(&site, &format!("{EVENTS}?after={rendered}"), &[("last-event-id", &seq.to_string())]).await;
    assert!(resumed.next(QUIET).await.is_none());
    for bad in ["x", "-1", "%FF", "1.5"] {
        let response = site.request(Method::GET, &format!("{EVENTS}?after={bad}"), &[]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(response.headers()["content-type"], "application/json", "{bad}");
    }
}

#[tokio::test]
async fn edits_and_removals_reach_live_readers() {
    let site = open_site().await;
    let path = format!("/api/articles/{SLUG}/comments");
    let mine: CommentPosted =
        site.post_json(&path, &json!({"author_name": "Ali", "body": "Yazım hatsı"}), StatusCode::CREATED).await;
    let other = post(&site, json!({"author_name": "Veli", "body": "Silinecek"}), StatusCode::CREATED).await;
    let mut events = Events::open(&site, &[]).await;
    let token = mine.edit_token.unwrap();
    let headers = [("content-type", "application/json"), ("x-edit-token", token.as_str())];
    let fixed = json!({"author_name": "Ali", "body": "Yazım hatası"}).to_string();
    let uri = format!("{path}/{}", mine.comment.id);
    assert_eq!(site.send_from(None, Method::PUT, &uri, fixed, &headers).await.status(), StatusCode::OK);
    let deadline = || tokio::time::Instant::now() + WAIT;
    let (kind, _, data) = events.next_change(deadline()).await.unwrap();
    let edited: Comment = serde_json::from_str(&data).unwrap();
    assert_eq!((kind.as_str(), edited.id, edited.body.as_str()), ("comment", mine.comment.id, "Yazım hatası"));
    assert!(edited.edited_at.is_some());
    // Withdrawn by its author, rejected by a moderator: each leaves every live page.
    assert_eq!(site.send_from(None, Method::DELETE, &uri, "", &headers).await.status(), StatusCode::NO_CONTENT);
    assert!(site.state.store.moderate_comment(other.id, Action::Reject, "ayse").await.unwrap());
    site.state.generations.refresh(&site.state.store).await.unwrap();
    let first = events.next_change(deadline()).await.unwrap();
    let second = events.next_change(deadline()).await.unwrap();
    assert_eq!((first.0.as_str(), first.2.as_str()), ("removed", mine.comment.id.to_string().as_str()));
    assert_eq!((second.0.as_str(), second.2.as_str()), ("removed", other.id.to_string().as_str()));
    assert!(first.1 < second.1);
    // A reader who comes back after both is told of both again, and of nothing else.
    let mut resumed = Events::open(&site, &[("last-event-id", "0")]).await;
    let mut kinds = Vec::new();
    while let Some((kind, _, data)) = resumed.next_change(tokio::time::Instant::now() + QUIET).await {
        kinds.push((kind, data));
    }
    assert_eq!(kinds.iter().filter(|(k, _)| k == "removed").count(), 2, "{kinds:?}");
}
