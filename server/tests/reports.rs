//! Readers' reports and editors' picks through `app()` on a seeded database (both stores): a
//! report is private, counted once per reader, holds the comment at the threshold and reaches
//! the moderators' "Reported" queue, whose decision closes it; picks are in the article's answer
//! and on the comment.

mod common;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use common::{body, Site};
use okur_types::comments::{Comment, CommentPosted, ReportReason};
use okur_types::moderation::{Action, Queue};
use okur_types::{Article, Page};
use serde_json::json;

const SLUG: &str = "genc-takim-final";
const URI: &str = "/api/articles/genc-takim-final/comments";

async fn posted(site: &Site, text: &str) -> Comment {
    let answer: CommentPosted =
        site.post_json(URI, &json!({"author_name": "Yazan", "body": text}), StatusCode::CREATED).await;
    answer.comment
}

async fn report_from(site: &Site, peer: &str, id: i64, json: serde_json::Value) -> Response {
    let headers = [("content-type", "application/json")];
    site.send_from(Some(peer), Method::POST, &format!("{URI}/{id}/report"), json.to_string(), &headers).await
}

async fn shown(site: &Site) -> Vec<i64> {
    let page: Page<Comment> = site.get_json(URI, StatusCode::OK).await;
    page.items.iter().map(|c| c.id).collect()
}

async fn article(site: &Site) -> Article {
    site.get_json(&format!("/api/articles/{SLUG}"), StatusCode::OK).await
}

#[tokio::test]
async fn three_readers_hold_a_comment_one_reader_counts_once_and_a_decision_closes_them() {
    let site = common::unlimited_site().await;
    let bad = posted(&site, "Ucuz saat burada").await;
    let other = posted(&site, "Güzel maç").await;
    assert_eq!(article(&site).await.summary.comment_count, 2);
    // One reader, three times: one report.
    for _ in 0..3 {
        let answer = report_from(&site, "10.0.0.1:4000", bad.id, json!({"reason": "spam"})).await;
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
        let received: serde_json::Value = serde_json::from_slice(&body(answer).await).unwrap();
        assert_eq!(received, json!({"received": true}));
    }
    assert_eq!(shown(&site).await, [bad.id, other.id]);
    // Never public: nothing of it in what readers get.
    let raw = String::from_utf8(body(site.get(URI).await).await).unwrap();
    assert!(!raw.contains("spam") && !raw.contains("report"), "{raw}");

    let note = json!({"reason": "other", "note": "  Aynı reklam her haberde  "});
    assert_eq!(report_from(&site, "10.0.0.2:4000", bad.id, note).await.status(), StatusCode::ACCEPTED);
    assert_eq!(shown(&site).await.len(), 2, "two readers: still shown");
    let third = report_from(&site, "10.0.0.3:4000", bad.id, json!({"reason": "spam"})).await;
    assert_eq!(third.status(), StatusCode::ACCEPTED);
    assert_eq!(shown(&site).await, [other.id], "held at once, the cached list too");
    assert_eq!(article(&site).await.summary.comment_count, 1);
    let held = site.state.store.moderation_queue(Queue::Held, 10).await.unwrap();
    assert!(held.iter().any(|q| q.comment.id == bad.id));

    let reported = site.state.store.moderation_queue(Queue::Reported, 10).await.unwrap();
    assert_eq!(reported.iter().map(|q| q.comment.id).collect::<Vec<_>>(), [bad.id]);
    let reasons: Vec<(ReportReason, u32, Vec<String>)> =
        reported[0].reports.iter().map(|r| (r.reason, r.count, r.notes.clone())).collect();
    assert_eq!(
        reasons,
        [(ReportReason::Spam, 2, vec![]), (ReportReason::Other, 1, vec!["Aynı reklam her haberde".to_owned()])]
    );

    // The moderator keeps it: shown again, its reports answered; the same readers' reports
    // stay answered.
    assert!(site.state.store.moderate_comment(bad.id, Action::Approve, "ayse").await.unwrap());
    site.changed_elsewhere();
    assert_eq!(shown(&site).await, [bad.id, other.id]);
    assert!(site.state.store.moderation_queue(Queue::Reported, 10).await.unwrap().is_empty());
    for peer in ["10.0.0.1:4000", "10.0.0.2:4000", "10.0.0.3:4000"] {
        report_from(&site, peer, bad.id, json!({"reason": "abuse"})).await;
    }
    assert_eq!(shown(&site).await.len(), 2, "answered reports count no more");
}

#[tokio::test]
async fn bad_reports_are_refused_and_reporters_have_a_budget() {
    let mut site = common::unlimited_site().await;
    site.state.comments.report_rate_limit = 2;
    let comment = posted(&site, "Raporlanacak").await;
    let peer = "10.0.0.9:4000";
    let invalid = report_from(&site, peer, comment.id, json!({"reason": "boring"})).await;
    let error = Site::error_of(invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert!(error.error.fields.unwrap().contains_key("reason"));
    let long = report_from(&site, peer, comment.id, json!({"reason": "other", "note": "ç".repeat(501)})).await;
    Site::error_of(long, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    // A stray control character is dropped, not a reason to lose the report.
    let note = json!({"reason": "other", "note": "a\u{7}\u{98}b\nc"});
    let control = report_from(&site, "10.0.2.1:4000", comment.id, note).await;
    assert_eq!(control.status(), StatusCode::ACCEPTED);
    let reported = site.state.store.moderation_queue(Queue::Reported, 10).await.unwrap();
    assert_eq!(reported[0].reports[0].notes, ["ab\nc"]);
    for missing in [999_999, -1] {
        let answer = report_from(&site, peer, missing, json!({"reason": "spam"})).await;
        Site::error_of(answer, StatusCode::NOT_FOUND, "not_found").await;
    }
    let not_json = site
        .send_from(
            Some(peer),
            Method::POST,
            &format!("{URI}/{}/report", comment.id),
            "{",
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let plain = site.send_from(Some(peer), Method::POST, &format!("{URI}/{}/report", comment.id), "{}", &[]).await;
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let budget = "10.0.1.1:4000";
    for _ in 0..2 {
        assert_eq!(
            report_from(&site, budget, comment.id, json!({"reason": "spam"})).await.status(),
            StatusCode::ACCEPTED
        );
    }
    let over = report_from(&site, budget, comment.id, json!({"reason": "spam"})).await;
    Site::error_of(over, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Reporting spends no posting.
    let post = site
        .send_from(
            Some(budget),
            Method::POST,
            URI,
            json!({"author_name": "Yazan", "body": "Yine yazabilirim"}).to_string(),
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(post.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_editors_pick_is_marked_and_comes_with_the_article() {
    let mut site = common::unlimited_site().await;
    let first = posted(&site, "İlk yorum").await;
    let best = posted(&site, "En iyi yorum").await;
    assert!(article(&site).await.picks.is_empty());
    assert!(site.state.store.moderate_comment(best.id, Action::Pick, "ayse").await.unwrap());
    site.changed_elsewhere();
    let picks = article(&site).await.picks;
    assert_eq!(picks.iter().map(|c| (c.id, c.picked)).collect::<Vec<_>>(), [(best.id, true)]);
    let page: Page<Comment> = site.get_json(URI, StatusCode::OK).await;
    assert_eq!(page.items.iter().map(|c| c.picked).collect::<Vec<_>>(), [false, true]);
    assert!(site.state.store.moderate_comment(first.id, Action::Pick, "ayse").await.unwrap());
    site.changed_elsewhere();
    assert_eq!(article(&site).await.picks.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id, best.id]);
    assert!(site.state.store.moderate_comment(best.id, Action::Unpick, "ayse").await.unwrap());
    site.changed_elsewhere();
    assert_eq!(article(&site).await.picks.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id]);
    // Only a shown comment can be picked; a rejected pick leaves the strip.
    site.state.comments.moderation = okur::http::state::Moderation::All;
    let held: CommentPosted =
        site.post_json(URI, &json!({"author_name": "Bekleyen", "body": "Onay bekliyor"}), StatusCode::ACCEPTED).await;
    assert!(!site.state.store.moderate_comment(held.comment.id, Action::Pick, "ayse").await.unwrap());
    assert!(site.state.store.moderate_comment(first.id, Action::Reject, "ayse").await.unwrap());
    site.changed_elsewhere();
    assert!(article(&site).await.picks.is_empty());
    let log = site.state.store.decisions(None, 10).await.unwrap();
    assert!(log.iter().any(|d| d.action == Action::Pick && d.comment_id == Some(best.id)));
    assert!(log.iter().any(|d| d.action == Action::Unpick));
}
