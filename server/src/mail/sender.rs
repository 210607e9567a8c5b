//! The sender: a task per server that claims due emails from the outbox for a while (a lease;
//! on PostgreSQL claims pass over each other's rows, so that exactly one replica sends each),
//! delivers them one at a time and marks each sent as soon as the SMTP server took it. A sender
//! that dies mid-delivery leaves its lease to run out: the email it was on may go twice, no
//! other. A temporary refusal is tried again later, backing off; a permanent one, or the tenth,
//! ends the email as failed.

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart};
use lettre::AsyncTransport;

use super::Mailer;
use crate::domain::stamp::Stamp;
use crate::store::{NewMail, OutboxMail, Store, StoreError};

/// How many emails one claim takes.
pub const BATCH: u32 = 50;
/// How long a claim holds: longer than a batch takes to deliver.
pub const LEASE: time::Duration = time::Duration::minutes(2);
/// Deliveries tried before an email is given up.
pub const ATTEMPTS: u32 = 10;

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

/// The message as SMTP carries it: plain text and HTML alternatives, with the unsubscribe
/// headers when the email has an unsubscribe address.
pub fn message(from: &Mailbox, mail: &NewMail) -> Result<Message, String> {
    let to: Mailbox = mail.address.parse().map_err(|e| format!("not an address: {e}"))?;
    let mut builder = Message::builder().from(from.clone()).to(to).subject(&mail.subject);
    if let Some(url) = &mail.unsubscribe {
        builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(OneClick);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone()))
        .map_err(|e| e.to_string())
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Delivered.
    pub sent: u32,
    /// To be tried again.
    pub retried: u32,
    /// Given up.
    pub failed: u32,
}

/// Claims what is due and delivers it; what it did. Nothing claimed: nothing done.
pub async fn deliver_due(store: &Store, mailer: &Mailer) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    for OutboxMail { id, attempts, mail } in store.claim_mail(Stamp::now().after(LEASE), BATCH).await? {
        let sent = match message(&mailer.from, &mail) {
            Ok(message) => mailer.transport.send(message).await.map_err(|e| (e.is_permanent(), e.to_string())),
            Err(error) => Err((true, error)),
        };
        match sent {
            Ok(_) => {
                store.mail_sent(id).await?;
                pass.sent += 1;
            }
            Err((permanent, error)) => {
                let tried = attempts + 1;
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
    Ok(pass)
}

/// The sender's loop (`okur serve` with `--smtp-url`): a pass whenever something may be due,
/// at least every second; a failing store is tried again, never given up.
pub async fn run(store: Store, mailer: Mailer) {
    loop {
        match deliver_due(&store, &mailer).await {
            Ok(pass) if pass.sent + pass.retried + pass.failed > 0 => continue,
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "the email sender could not reach the store; trying again"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MailKind;

    #[test]
    fn retries_back_off_to_an_hour() {
        let seconds: Vec<i64> = (1..=10).map(|n| retry_delay(n).whole_seconds()).collect();
        assert_eq!(seconds, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    }

    #[test]
    fn a_message_has_both_parts_and_the_one_click_headers() {
        let from: Mailbox = "okur <haber@example.com>".parse().unwrap();
        let mail = NewMail {
            kind: MailKind::Reply,
            address: "ayse@example.com".into(),
            subject: "Yorumunuza yanıt".into(),
            text_body: "Merhaba".into(),
            html_body: "<p>Merhaba</p>".into(),
            unsubscribe: Some("https://haber.example/mail/unsubscribe/abc".into()),
        };
        let text = String::from_utf8(message(&from, &mail).unwrap().formatted()).unwrap();
        assert!(text.contains("List-Unsubscribe: <https://haber.example/mail/unsubscribe/abc>\r\n"), "{text}");
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(text.contains("Content-Type: multipart/alternative"));
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8")
                && text.contains("Content-Type: text/html; charset=utf-8")
        );
        let plain = message(&from, &NewMail { unsubscribe: None, ..mail.clone() }).unwrap().formatted();
        assert!(!String::from_utf8(plain).unwrap().contains("List-Unsubscribe"));
        assert!(message(&from, &NewMail { address: "not an address".into(), ..mail }).is_err());
    }
}
