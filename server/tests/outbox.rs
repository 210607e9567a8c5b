//! The outbox and its sender against a real SMTP server the test starts (both stores): every
//! email delivered once with its headers, a temporary refusal tried again, a permanent one given
//! up, the outbox kept across a restart, a claim held until its lease runs out, and two senders
//! (replicas) never sending one email twice.

mod common;

use axum::http::StatusCode;
use common::smtp::Sink;
use common::Site;
use okur::mail::sender::{deliver_due as deliver, Pass};
use okur::mail::Mailer;
use okur::store::Store;

fn mailer(sink: &Sink) -> Mailer {
    Mailer::new(&sink.url(), "Haber <haber@example.com>").unwrap()
}

/// A site that sends email, its comment budget out of the way.
async fn mail_site() -> Site {
    let mut site = common::unlimited_site().await;
    site.state.mail = true;
    site
}

/// Queues an email (the confirmation of `okur{n}@example.com`, who asks for reply emails).
async fn queue(site: &Site, n: usize) {
    let comment = serde_json::json!({
        "author_name": format!("Okur {n}"),
        "author_email": format!("okur{n}@example.com"),
        "body": format!("Yorum numarası {n}."),
        "notify_replies": true,
    });
    let _: serde_json::Value =
        site.post_json("/api/articles/genc-takim-final/comments", &comment, StatusCode::CREATED).await;
}

async fn deliver_due(store: &Store, mailer: &Mailer) -> Result<Pass, okur::store::StoreError> {
    deliver(store, mailer, "https://haber.example").await
}

#[tokio::test]
async fn each_email_is_delivered_once_with_its_headers() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let store = &site.state.store;
    for n in 0..3 {
        queue(&site, n).await;
    }
    let pass = deliver_due(store, &mailer(&sink)).await.unwrap();
    assert_eq!(pass, Pass { sent: 3, ..Pass::default() });
    assert_eq!(deliver_due(store, &mailer(&sink)).await.unwrap(), Pass::default(), "nothing twice");
    let received = sink.received();
    assert_eq!(
        received.iter().map(|r| r.to.join(",")).collect::<Vec<_>>(),
        ["okur0@example.com", "okur1@example.com", "okur2@example.com"]
    );
    let first = &received[0].data;
    assert!(first.contains("From: Haber <haber@example.com>"), "{first}");
    assert!(first.contains("List-Unsubscribe: <https://haber.example/mail/stop/"));
    assert!(first.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(first.contains("multipart/alternative"));
    assert_eq!(store.outbox_counts().await.unwrap(), (0, 3, 0, 0));
}

#[tokio::test]
async fn a_temporary_refusal_is_tried_again_and_a_permanent_one_given_up() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    let store = &site.state.store;
    queue(&site, 0).await;
    queue(&site, 1).await;
    sink.refuse_next(451);
    sink.refuse_next(550);
    let pass = deliver_due(store, &mailer(&sink)).await.unwrap();
    assert_eq!(pass, Pass { retried: 1, failed: 1, ..Pass::default() });
    assert_eq!(store.outbox_counts().await.unwrap(), (1, 0, 1, 0));
    // Not due yet: 30 s later.
    assert_eq!(deliver_due(store, &mailer(&sink)).await.unwrap(), Pass::default());
    common::execute(site.db(), "UPDATE outbox SET due_at = '2000-01-01T00:00:00Z' WHERE state = 'queued'").await;
    assert_eq!(deliver_due(store, &mailer(&sink)).await.unwrap(), Pass { sent: 1, ..Pass::default() });
    assert_eq!(sink.received().iter().map(|r| r.to.join(",")).collect::<Vec<_>>(), ["okur0@example.com"]);
    // An SMTP server that is not there: a temporary failure, tried again.
    queue(&site, 2).await;
    let nowhere = Mailer::new("smtp://127.0.0.1:9", "haber@example.com").unwrap();
    assert_eq!(deliver_due(store, &nowhere).await.unwrap(), Pass { retried: 1, ..Pass::default() });
}

#[tokio::test]
async fn the_outbox_outlives_a_restart_and_a_claim_holds_until_its_lease_ends() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    for n in 0..4 {
        queue(&site, n).await;
    }
    // A sender claims two and dies before delivering them.
    let claimed = site
        .state
        .store
        .claim_mail(okur::domain::stamp::Stamp::now().after(time::Duration::minutes(2)), 2)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2);
    // Another server, started afresh on the same database, delivers the rest, not the claimed.
    let (restarted, _) = Store::open(site.db()).await.unwrap();
    assert_eq!(deliver_due(&restarted, &mailer(&sink)).await.unwrap().sent, 2);
    // Once the claim runs out, the two go too: each once.
    common::execute(site.db(), "UPDATE outbox SET claimed_until = '2000-01-01T00:00:00Z' WHERE state = 'queued'").await;
    assert_eq!(deliver_due(&restarted, &mailer(&sink)).await.unwrap().sent, 2);
    let mut to: Vec<String> = sink.received().iter().map(|r| r.to.join(",")).collect();
    to.sort();
    assert_eq!(to, (0..4).map(|n| format!("okur{n}@example.com")).collect::<Vec<_>>());
}

#[tokio::test]
async fn two_senders_never_send_one_email_twice() {
    let site = mail_site().await;
    let sink = Sink::start().await;
    const COUNT: usize = 300;
    for n in 0..COUNT {
        queue(&site, n).await;
    }
    // Two servers on one database (two pools: on PostgreSQL, two replicas), sending at once.
    let (other, _) = Store::open(site.db()).await.unwrap();
    let run = |store: Store, mailer: Mailer| async move {
        let mut sent = 0;
        loop {
            let pass = deliver_due(&store, &mailer).await.unwrap();
            if pass == Pass::default() {
                return sent;
            }
            sent += pass.sent;
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(run(site.state.store.clone(), mailer(&sink))),
        tokio::spawn(run(other, mailer(&sink)))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a as usize + b as usize, COUNT, "{a} + {b}");
    let mut to: Vec<String> = sink.received().iter().map(|r| r.to.join(",")).collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), COUNT, "each once");
    assert_eq!(sink.received().len(), COUNT);
}

#[test]
fn only_smtp_addresses_are_taken_and_a_remote_one_needs_starttls() {
    for url in [
        "smtp://127.0.0.1:2525",
        "smtps://mail.example.com",
        "smtp://mail.example.com:587",
        "smtp://u:p@mail.example.com?tls=opportunistic",
    ] {
        assert!(Mailer::new(url, "haber@example.com").is_ok(), "{url}");
    }
    for url in ["http://mail.example.com", "mail.example.com", "smtp://", "smtp://mail.example.com?tls=maybe"] {
        assert!(Mailer::new(url, "haber@example.com").is_err(), "{url}");
    }
    assert!(Mailer::new("smtp://127.0.0.1:2525", "not an address").is_err());
}
