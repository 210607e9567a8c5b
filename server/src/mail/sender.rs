//! The sender: a task per server that claims due emails from the outbox for a while (a lease;
//! on PostgreSQL claims pass over each other's rows, so that exactly one replica sends each),
//! writes each from what it is about as it stands (dropping what is no longer true), delivers
//! them one at a time over one connection and marks each sent as soon as the SMTP server took
//! it. A sender that dies mid-delivery leaves its lease to run out: the email it was on may go
//! twice, no other. A temporary refusal is tried again later, backing off; a permanent one, or
//! the tenth, ends the email as failed.
//!
//! The hourly bound: an address that got [`HOURLY`] emails in the last hour (a digest counts
//! once, confirmations not at all) gets nothing more until the first of them is an hour old;
//! what waits for it meanwhile then goes as one digest.

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart};

use super::render::{write, Links, Written};
use super::{Connection, Mailer};
use crate::auth::{new_token, token_hash};
use crate::domain::stamp::Stamp;
use crate::store::{MailAbout, MailKind, MailToken, OutboxMail, Store, StoreError, TokenPurpose};

/// How many emails one claim takes.
pub const BATCH: u32 = 50;
/// How long a claim holds: longer than a batch takes to deliver.
pub const LEASE: time::Duration = time::Duration::minutes(2);
/// Deliveries tried before an email is given up.
pub const ATTEMPTS: u32 = 10;
/// Emails an address gets in an hour at most (a digest counts once, confirmations not at all).
pub const HOURLY: i64 = 10;
/// The window of the hourly bound.
const HOUR: time::Duration = time::Duration::hours(1);

/// When an email that failed `attempts` times (counting this one) is tried again: 30 s after the
/// first failure, doubling, at most an hour apart.
pub fn retry_delay(attempts: u32) -> time::Duration {
    let seconds = 30i64 << attempts.saturating_sub(1).min(7);
    time::Duration::seconds(seconds.min(3600))
}

/// `List-Unsubscribe`: where a mail client unsubscribes (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: the address unsubscribes by a POST, in
/// one click (RFC 8058).
#[derive(Debug, Clone)]
struct OneClick;

impl Header for OneClick {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(OneClick)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// An email's `Message-ID`: the same for every delivery of it, so that the one a crash sends
/// twice is one message to the reader's mail client.
pub fn message_id(first: &OutboxMail, site: &str) -> String {
    let host = url::Url::parse(site).ok().and_then(|u| u.host_str().map(str::to_owned));
    let queued: String = first.created_at.chars().filter(char::is_ascii_digit).collect();
    format!("<okur.{}.{queued}@{}>", first.id, host.as_deref().unwrap_or("okur.invalid"))
}

/// The message as SMTP carries it: plain text and HTML alternatives, with the one-click
/// unsubscribe headers (RFC 2369, RFC 8058) naming `unsubscribe`.
pub fn message(from: &Mailbox, to: &str, written: &Written, unsubscribe: &str, id: String) -> Result<Message, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("not an address: {e}"))?;
    Message::builder()
        .message_id(Some(id))
        .from(from.clone())
        .to(to)
        .subject(&written.subject)
        .header(ListUnsubscribe(format!("<{unsubscribe}>")))
        .header(OneClick)
        .multipart(MultiPart::alternative_plain_html(written.text.clone(), written.html.clone()))
        .map_err(|e| e.to_string())
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Emails delivered (a digest counts once).
    pub sent: u32,
    /// Outbox rows to be tried again.
    pub retried: u32,
    /// Outbox rows given up.
    pub failed: u32,
    /// Outbox rows no longer true, dropped.
    pub dropped: u32,
    /// Outbox rows held back by the hourly bound.
    pub deferred: u32,
}

impl Pass {
    /// Whether it changed anything (then another pass may find more at once).
    fn did_something(&self) -> bool {
        self.sent + self.retried + self.failed + self.dropped > 0
    }
}

/// The claimed rows as emails: a confirmation alone; replies (or held comments) to one
/// address together, in the order claimed.
fn emails(claimed: Vec<OutboxMail>) -> Vec<Vec<OutboxMail>> {
    let mut emails: Vec<Vec<OutboxMail>> = Vec::new();
    for mail in claimed {
        let together = match mail.kind {
            MailKind::Confirm => None,
            _ => emails.iter_mut().find(|e| e[0].kind == mail.kind && e[0].address_id == mail.address_id),
        };
        match together {
            Some(email) => email.push(mail),
            None => emails.push(vec![mail]),
        }
    }
    emails
}

/// A link's token, kept by its hash, and the link.
fn token(
    site: &str,
    path: &str,
    purpose: TokenPurpose,
    about: &MailAbout,
    address_id: i64,
    comment_id: Option<i64>,
) -> (MailToken, String) {
    let raw = new_token();
    let kept = MailToken { hash: token_hash(&raw), purpose, address_id, comment_id, locale: about.locale };
    (kept, format!("{site}/mail/{path}/{raw}"))
}

/// An email written, its links' tokens kept, ready to go.
struct Ready {
    /// The outbox rows it carries.
    ids: Vec<i64>,
    /// How often each failed before.
    attempts: Vec<u32>,
    /// The message, or why there is none (an address SMTP cannot take).
    message: Result<Message, String>,
}

/// What a pass read about its claimed rows: each row's subject as it stands, and per address
/// the emails of the last hour (how many, since when).
struct Known {
    about: Vec<MailAbout>,
    recent: Vec<(i64, i64, String)>,
}

/// Writes a claimed email from what is known: none when nothing of it is still true
/// (dropped) or the hourly bound holds it back (deferred); its tokens join `tokens`.
async fn prepare(
    store: &Store,
    email: &[OutboxMail],
    known: &Known,
    mailer: &Mailer,
    site: &str,
    tokens: &mut Vec<MailToken>,
    pass: &mut Pass,
) -> Result<Option<Ready>, StoreError> {
    let (kind, address_id) = (email[0].kind, email[0].address_id);
    let mut items = Vec::new();
    for mail in email {
        match known.about.iter().find(|about| about.id == mail.id) {
            Some(about) if about.current => items.push(about.clone()),
            Some(_) => {
                store.drop_mail(mail.id).await?;
                pass.dropped += 1;
            }
            None => {}
        }
    }
    let Some(first) = items.first() else { return Ok(None) };
    let ids: Vec<i64> = items.iter().map(|about| about.id).collect();
    let recent = known.recent.iter().find(|(id, _, _)| *id == address_id);
    if let (true, Some((_, count, oldest))) = (kind != MailKind::Confirm, recent) {
        if *count >= HOURLY {
            let until = Stamp::parse(oldest).unwrap_or_else(Stamp::now).after(HOUR);
            store.defer_mail(&ids, until).await?;
            pass.deferred += ids.len() as u32;
            return Ok(None);
        }
    }
    let (all, stop_all) = token(site, "stop", TokenPurpose::StopAll, first, address_id, None);
    tokens.push(all);
    let mut links = Links { stop_replies: Vec::new(), stop_all, confirm: None };
    for about in &items {
        match kind {
            MailKind::Reply => {
                let (kept, link) =
                    token(site, "stop", TokenPurpose::StopReplies, about, address_id, about.subscribed_id);
                tokens.push(kept);
                links.stop_replies.push(link);
            }
            MailKind::Confirm => {
                let (kept, link) = token(site, "confirm", TokenPurpose::Confirm, about, address_id, about.comment_id);
                tokens.push(kept);
                links.confirm = Some(link);
            }
            MailKind::Held => {}
        }
    }
    let written = write(kind, first.locale, site, &items, &links);
    let carrier = email.iter().find(|m| m.id == first.id).unwrap_or(&email[0]);
    let message = message(mailer.from(), &first.address, &written, &links.stop_all, message_id(carrier, site));
    let attempts = ids.iter().map(|id| email.iter().find(|m| m.id == *id).map_or(0, |m| m.attempts)).collect();
    Ok(Some(Ready { ids, attempts, message }))
}

/// Claims what is due and delivers it; what it did. Links in the emails start with `site`
/// (the public address). The tokens of a pass's links are kept in one write before the first
/// email goes (the sender shares SQLite's one writer with posting); each email is marked sent
/// as soon as the SMTP server took it. Nothing claimed: nothing done.
pub async fn deliver_due(store: &Store, mailer: &Mailer, site: &str) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    let mut tokens = Vec::new();
    let mut ready = Vec::new();
    let claimed = store.claim_mail(Stamp::now().after(LEASE), BATCH).await?;
    if claimed.is_empty() {
        return Ok(pass);
    }
    let ids: Vec<i64> = claimed.iter().map(|m| m.id).collect();
    let mut addresses: Vec<i64> = claimed.iter().map(|m| m.address_id).collect();
    addresses.sort_unstable();
    addresses.dedup();
    let known = Known {
        about: store.mail_about(&ids).await?,
        recent: store.mail_sent_since(&addresses, Stamp::now().before(HOUR)).await?,
    };
    for email in emails(claimed) {
        if let Some(email) = prepare(store, &email, &known, mailer, site, &mut tokens, &mut pass).await? {
            ready.push(email);
        }
    }
    if ready.is_empty() {
        return Ok(pass);
    }
    store.add_mail_tokens(&tokens).await?;
    let mut connection: Option<Connection> = None;
    for Ready { ids, attempts, message } in ready {
        let sent = match message {
            Err(error) => Err((true, error)),
            Ok(message) => {
                let open = match connection.take() {
                    Some(open) if !open.is_broken() => Ok(open),
                    _ => mailer.connect().await,
                };
                match open {
                    Err(err) => Err((err.is_permanent(), err.to_string())),
                    Ok(mut open) => {
                        let result = open.send(&message).await.map_err(|e| (e.is_permanent(), e.to_string()));
                        connection = Some(open);
                        result
                    }
                }
            }
        };
        match sent {
            Ok(()) => {
                store.mail_sent(&ids).await?;
                pass.sent += 1;
            }
            Err((permanent, error)) => {
                for (id, before) in ids.into_iter().zip(attempts) {
                    let tried = before + 1;
                    let retry = (!permanent && tried < ATTEMPTS).then(|| Stamp::now().after(retry_delay(tried)));
                    tracing::warn!(id, tried, permanent, error, "an email was not delivered");
                    store.mail_failed(id, retry, &error).await?;
                    if retry.is_some() {
                        pass.retried += 1;
                    } else {
                        pass.failed += 1;
                    }
                }
            }
        }
    }
    if let Some(open) = connection {
        open.quit().await;
    }
    Ok(pass)
}

/// How long the outbox remembers what it did (for an operator looking into a complaint).
pub const KEEP_DONE: time::Duration = time::Duration::days(30);

/// The sender's loop (`okur serve` with `--smtp-url`): a pass whenever something may be due,
/// at least every second; a failing store is tried again, never given up. Once an hour, rows
/// done for longer than [`KEEP_DONE`] are forgotten.
pub async fn run(store: Store, mailer: Mailer, site: String) {
    let mut pruned = std::time::Instant::now();
    loop {
        if pruned.elapsed() >= std::time::Duration::from_secs(3600) {
            pruned = std::time::Instant::now();
            if let Err(err) = store.prune_outbox(Stamp::now().before(KEEP_DONE)).await {
                tracing::warn!(error = %err, "could not forget old outbox rows");
            }
        }
        match deliver_due(&store, &mailer, &site).await {
            Ok(pass) if pass.did_something() => continue,
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "the email sender could not reach the store; trying again"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour() {
        let seconds: Vec<i64> = (1..=10).map(|n| retry_delay(n).whole_seconds()).collect();
        assert_eq!(seconds, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    }

    #[test]
    fn a_message_has_both_parts_and_the_one_click_headers() {
        let from: Mailbox = "okur <haber@example.com>".parse().unwrap();
        let written =
            Written { subject: "Yorumunuza yanıt".into(), text: "Merhaba".into(), html: "<p>Merhaba</p>".into() };
        let stop = "https://haber.example/mail/stop/abc";
        let id = "<okur.7.20261207200000@haber.example>".to_owned();
        let text =
            String::from_utf8(message(&from, "ayse@example.com", &written, stop, id.clone()).unwrap().formatted())
                .unwrap();
        assert!(text.contains("Message-ID: <okur.7.20261207200000@haber.example>\r\n"), "{text}");
        assert!(text.contains("List-Unsubscribe: <https://haber.example/mail/stop/abc>\r\n"), "{text}");
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(text.contains("Content-Type: multipart/alternative"));
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8")
                && text.contains("Content-Type: text/html; charset=utf-8")
        );
        assert!(message(&from, "not an address", &written, stop, id).is_err());
        let mail = OutboxMail {
            id: 7,
            kind: MailKind::Reply,
            address_id: 1,
            attempts: 0,
            created_at: "2026-12-07T20:00:00Z".into(),
        };
        assert_eq!(message_id(&mail, "https://haber.example"), "<okur.7.20261207200000@haber.example>");
    }

    #[test]
    fn replies_to_one_address_go_together_and_confirmations_alone() {
        let mail = |id, kind, address_id| OutboxMail { id, kind, address_id, attempts: 0, created_at: String::new() };
        let claimed = vec![
            mail(1, MailKind::Reply, 7),
            mail(2, MailKind::Confirm, 7),
            mail(3, MailKind::Reply, 8),
            mail(4, MailKind::Reply, 7),
            mail(5, MailKind::Confirm, 7),
            mail(6, MailKind::Held, 7),
        ];
        let ids: Vec<Vec<i64>> = emails(claimed).iter().map(|e| e.iter().map(|m| m.id).collect()).collect();
        assert_eq!(ids, [vec![1, 4], vec![2], vec![3], vec![5], vec![6]]);
    }
}
