//! Reply emails through `app()` and the sender, against an SMTP server the test starts (both
//! stores): confirmation first and nothing else before it; a reply's email with its link and
//! the one-click headers; none to the replier about their own comment, none for a held reply
//! until it is approved, none for a withdrawn one; stops by link and by one-click POST; one
//! confirmation a day; the hourly bound's digest; moderators' held-comment emails, batched.

mod common;

use axum::http::StatusCode;
use common::smtp::{Received, Sink};
use common::Site;
use okur::mail::sender::{deliver_due, Pass, HOURLY};
use okur::mail::Mailer;
use okur_types::comments::{CommentPosted, NotifyReplies};
use okur_types::moderation::Action;
use serde_json::json;

const SITE: &str = "https://haber.example";
const SLUG: &str = "genc-takim-final";

async fn mail_site() -> Site {
    let mut site = common::unlimited_site().await;
    site.state.mail = true;
    site.state.comments.moderation = okur::http::state::Moderation::Links;
    site
}

fn mailer(sink: &Sink) -> Mailer {
    Mailer::new(&sink.url(), "Haber <haber@example.com>").unwrap()
}

/// Posts a comment (with `extra` fields) and reads the answer.
async fn post(site: &Site, name: &str, body: &str, extra: serde_json::Value, status: StatusCode) -> CommentPosted {
    let mut comment = json!({"author_name": name, "body": body});
    comment.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    site.post_json(&format!("/api/articles/{SLUG}/comments"), &comment, status).await
}

/// Runs the sender until it has nothing to do; what it did in all.
async fn send(site: &Site, sink: &Sink) -> Pass {
    let mut total = Pass::default();
    loop {
        let pass = deliver_due(&site.state.store, &mailer(sink), SITE).await.unwrap();
        if pass == Pass::default() {
            return total;
        }
        total.sent += pass.sent;
        total.retried += pass.retried;
        total.failed += pass.failed;
        total.dropped += pass.dropped;
        total.deferred += pass.deferred;
        if pass.sent + pass.retried + pass.failed + pass.dropped == 0 {
            return total;
        }
    }
}

/// Follows a link of an email into the app: its path.
fn path(link: &str) -> &str {
    link.strip_prefix(SITE).unwrap()
}

/// Ayşe's comment with reply emails asked for, confirmed; and the confirmation's link.
async fn subscribed(site: &Site, sink: &Sink) -> (CommentPosted, String) {
    let ayse = post(
        site,
        "Ayşe",
        "Maçı izleyen var mı?",
        json!({"author_email": "Ayse@Example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ayse.notify_replies, Some(NotifyReplies::ConfirmationSent));
    assert_eq!(send(site, sink).await.sent, 1);
    let confirmation = sink.received().pop().unwrap();
    let confirm = confirmation.link(&format!("{SITE}/mail/confirm/")).expect("a confirmation link");
    let page = site.get(path(&confirm)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = String::from_utf8(common::body(page).await).unwrap();
    assert!(html.contains("E-posta adresiniz onaylandı"), "{html}");
    (ayse, confirm)
}

async fn reply(site: &Site, to: i64, name: &str, body: &str) -> CommentPosted {
    post(site, name, body, json!({"parent_id": to}), StatusCode::CREATED).await
}

fn of(received: &[Received], to: &str) -> Vec<Received> {
    received.iter().filter(|r| r.to.iter().any(|t| t == to)).cloned().collect()
}

#[tokio::test]
async fn confirmation_first_then_one_email_per_reply_with_its_link_and_headers() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let ayse = post(
        &site,
        "Ayşe",
        "Maçı izleyen var mı?",
        json!({"author_email": "ayse@example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(ayse.notify_replies, Some(NotifyReplies::ConfirmationSent));
    // Before the confirmation is followed, a reply sends nothing.
    reply(&site, ayse.comment.id, "Mehmet", "Ben izledim, harikaydı.").await;
    assert_eq!(send(&site, &sink).await.sent, 1);
    let received = sink.received();
    assert_eq!(received.len(), 1, "the confirmation only");
    let confirmation = &received[0];
    assert_eq!(confirmation.to, ["ayse@example.com"]);
    assert!(confirmation.text().contains("Subject: E-posta adresinizi"), "{}", confirmation.text());
    assert!(confirmation.text().contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let confirm = confirmation.link(&format!("{SITE}/mail/confirm/")).unwrap();
    let page = site.get(path(&confirm)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    // Confirmed: the next reply is emailed, escaped in HTML, with its link.
    let hostile = reply(&site, ayse.comment.id, "<b>Zeynep</b>", "Bence <script>alert(1)</script> iyiydi.").await;
    assert_eq!(send(&site, &sink).await.sent, 1);
    let email = sink.received().pop().unwrap();
    assert_eq!(email.to, ["ayse@example.com"]);
    let text = email.text();
    let id = hostile.comment.id;
    assert!(text.contains(&format!("{SITE}/articles/{SLUG}?comment={id}#comment-{id}")), "{text}");
    assert!(text.contains("<b>Zeynep</b>, \"") && text.contains("Bence <script>alert(1)</script> iyiydi."));
    assert!(text.contains("&lt;b&gt;Zeynep&lt;/b&gt;") && text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(text.contains(&format!("List-Unsubscribe: <{SITE}/mail/stop/")));
    assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    // Her own reply to her own comment sends her nothing.
    post(
        &site,
        "Ayşe",
        "Teşekkürler!",
        json!({"parent_id": ayse.comment.id, "author_email": "AYSE@example.com"}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(send(&site, &sink).await, Pass::default());
}

#[tokio::test]
async fn a_held_reply_waits_for_approval_and_a_withdrawn_one_is_dropped() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let (ayse, _) = subscribed(&site, &sink).await;
    let before = sink.received().len();
    // Held (a link): nothing until a moderator approves it, then one email, once.
    let held = post(
        &site,
        "Ali",
        "Özet şurada: https://example.org/ozet",
        json!({"parent_id": ayse.comment.id}),
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(send(&site, &sink).await, Pass::default());
    let store = &site.state.store;
    assert!(store.moderate_comment(held.comment.id, Action::Approve, "editor").await.unwrap());
    assert_eq!(send(&site, &sink).await.sent, 1);
    assert!(store.moderate_comment(held.comment.id, Action::Reject, "editor").await.unwrap());
    assert!(store.moderate_comment(held.comment.id, Action::Approve, "editor").await.unwrap());
    assert_eq!(send(&site, &sink).await, Pass::default(), "approved again: not sent again");
    assert_eq!(sink.received().len(), before + 1);
    // Withdrawn by its author before the sender got to it: dropped, never sent.
    let gone = reply(&site, ayse.comment.id, "Can", "Yanlış yere yazdım.").await;
    let withdrawn = site
        .send_from(
            None,
            axum::http::Method::DELETE,
            &format!("/api/articles/{SLUG}/comments/{}", gone.comment.id),
            axum::body::Body::empty(),
            &[("x-edit-token", gone.edit_token.as_deref().unwrap())],
        )
        .await;
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert_eq!(send(&site, &sink).await, Pass { dropped: 1, ..Pass::default() });
    assert_eq!(sink.received().len(), before + 1);
}

#[tokio::test]
async fn stop_links_ask_first_and_a_one_click_post_stops_at_once() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let (ayse, confirm_link) = subscribed(&site, &sink).await;
    let other = post(
        &site,
        "Ayşe",
        "İkinci yorumum.",
        json!({"author_email": "ayse@example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(other.notify_replies, Some(NotifyReplies::Active), "a confirmed address stays confirmed");
    reply(&site, ayse.comment.id, "Mehmet", "Birinci yanıt.").await;
    assert_eq!(send(&site, &sink).await.sent, 1);
    let email = sink.received().pop().unwrap();
    // The thread's stop link: its page asks (a GET changes nothing), its button stops.
    let stop_thread = email.link(&format!("{SITE}/mail/stop/")).unwrap();
    let page = site.get(path(&stop_thread)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = String::from_utf8(common::body(page).await).unwrap();
    assert!(html.contains("<form method=\"post\">") && html.contains("data-testid=\"mail-stop\""), "{html}");
    reply(&site, ayse.comment.id, "Mehmet", "İkinci yanıt.").await;
    assert_eq!(send(&site, &sink).await.sent, 1, "a GET stopped nothing");
    let stopped = site.post(path(&stop_thread), "", &[]).await;
    assert_eq!(stopped.status(), StatusCode::OK);
    reply(&site, ayse.comment.id, "Mehmet", "Üçüncü yanıt.").await;
    reply(&site, other.comment.id, "Mehmet", "Öbür yoruma yanıt.").await;
    assert_eq!(send(&site, &sink).await.sent, 1, "only the other comment's");
    // The header's address: a mail client's one-click POST stops everything.
    let email = sink.received().pop().unwrap();
    let text = email.text();
    let header = text.split("List-Unsubscribe: <").nth(1).unwrap().split('>').next().unwrap().to_owned();
    let one_click = site
        .post(path(&header), "List-Unsubscribe=One-Click", &[("content-type", "application/x-www-form-urlencoded")])
        .await;
    assert_eq!(one_click.status(), StatusCode::OK);
    reply(&site, other.comment.id, "Mehmet", "Bir yanıt daha.").await;
    assert_eq!(send(&site, &sink).await, Pass::default());
    assert_eq!(site.get("/mail/stop/not-a-token").await.status(), StatusCode::NOT_FOUND);
    // An old confirmation link does not undo the stop, and says so.
    let stale = site.get(path(&confirm_link)).await;
    let html = String::from_utf8(common::body(stale).await).unwrap();
    assert!(html.contains("Durduruldu") && !html.contains("onaylandı"), "{html}");
    // Asking again after a stop starts over with a confirmation.
    let again = post(
        &site,
        "Ayşe",
        "Yeniden istiyorum.",
        json!({"author_email": "ayse@example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(again.notify_replies, Some(NotifyReplies::ConfirmationSent));
}

#[tokio::test]
async fn one_confirmation_a_day_and_bad_requests_are_refused_clearly() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let first = post(
        &site,
        "Deniz",
        "Birinci yorum.",
        json!({"author_email": "deniz@example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    let second = post(
        &site,
        "Deniz",
        "İkinci yorum.",
        json!({"author_email": "deniz@example.com", "notify_replies": true}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first.notify_replies, Some(NotifyReplies::ConfirmationSent));
    assert_eq!(second.notify_replies, Some(NotifyReplies::AwaitingConfirmation));
    assert_eq!(send(&site, &sink).await.sent, 1);
    // Without an address, or on a site that sends no email: the field says why, nothing stored.
    let uri = format!("/api/articles/{SLUG}/comments");
    let none = site
        .post(
            &uri,
            json!({"author_name": "Ece", "body": "Adressiz.", "notify_replies": true}).to_string(),
            &[("content-type", "application/json")],
        )
        .await;
    let error = Site::error_of(none, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert!(error.error.fields.unwrap().contains_key("author_email"));
    let mut quiet = common::unlimited_site().await;
    quiet.state.mail = false;
    let off = quiet
        .post(&uri, json!({"author_name": "Ece", "author_email": "ece@example.com", "body": "Sessiz site.", "notify_replies": true}).to_string(), &[("content-type", "application/json")])
        .await;
    let error = Site::error_of(off, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert!(error.error.fields.unwrap().contains_key("notify_replies"));
}

#[tokio::test]
async fn past_the_hourly_bound_replies_wait_and_go_as_one_digest() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let (ayse, _) = subscribed(&site, &sink).await;
    let before = of(&sink.received(), "ayse@example.com").len();
    for n in 0..HOURLY + 3 {
        reply(&site, ayse.comment.id, "Mehmet", &format!("Yanıt numarası {n}.")).await;
        send(&site, &sink).await;
    }
    let got = of(&sink.received(), "ayse@example.com").len() - before;
    assert_eq!(got as i64, HOURLY, "at most {HOURLY} an hour");
    // An hour later the three that waited go as one email.
    common::execute(site.db(), "UPDATE outbox SET sent_at = '2000-01-01T00:00:00Z' WHERE state = 'sent'").await;
    common::execute(site.db(), "UPDATE outbox SET due_at = '2000-01-01T00:00:00Z' WHERE state = 'queued'").await;
    assert_eq!(send(&site, &sink).await.sent, 1);
    let digest = sink.received().pop().unwrap();
    let text = digest.text();
    assert!(text.contains("Subject: =?utf-8?"), "{text}");
    for n in HOURLY..HOURLY + 3 {
        assert!(text.contains(&format!("Yanıt numarası {n}.")), "{n}: {text}");
    }
}

#[tokio::test]
async fn a_moderator_who_asked_gets_held_comments_batched() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let store = &site.state.store;
    store.add_moderator("editor", "x").await.unwrap();
    let state = store.set_held_mail("editor", Some("editor@example.com"), okur_web::i18n::Locale::En).await.unwrap();
    assert_eq!(state, Some(Some(NotifyReplies::ConfirmationSent)));
    assert_eq!(send(&site, &sink).await.sent, 1);
    let confirm = sink.received().pop().unwrap().link(&format!("{SITE}/mail/confirm/")).unwrap();
    assert_eq!(site.get(path(&confirm)).await.status(), StatusCode::OK);
    for n in 0..2 {
        post(&site, "Ali", &format!("Bağlantı {n}: https://example.org/{n}"), json!({}), StatusCode::ACCEPTED).await;
    }
    // Due at the end of the current five minutes: none yet, then one email for both.
    assert_eq!(send(&site, &sink).await, Pass::default());
    common::execute(site.db(), "UPDATE outbox SET due_at = '2000-01-01T00:00:00Z' WHERE state = 'queued'").await;
    assert_eq!(send(&site, &sink).await.sent, 1);
    let email = sink.received().pop().unwrap();
    assert_eq!(email.to, ["editor@example.com"]);
    let text = email.text();
    assert!(
        text.contains("Bağlantı 0") && text.contains("Bağlantı 1") && text.contains(&format!("{SITE}/moderation")),
        "{text}"
    );
    assert_eq!(
        store.held_mail("editor").await.unwrap().map(|(a, confirmed, _)| (a, confirmed)),
        Some(("editor@example.com".into(), true))
    );
}
