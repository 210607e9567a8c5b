//! Email: the SMTP connection (`--smtp-url`, `--mail-from`) and the sender that delivers the
//! outbox ([`sender`]). What is sent is written into the outbox by whatever caused it.

pub mod sender;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How email leaves: the SMTP server and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    /// The SMTP connection pool.
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// Who the emails are from.
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the credentials: never written out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

/// Why email cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP address is not one.
    #[error("--smtp-url is not an SMTP address (smtp://host:port or smtps://host:port): {0}")]
    Url(String),
    /// The sender's address is not one.
    #[error("--mail-from is not an email address (\"okur <news@example.com>\" or news@example.com): {0}")]
    From(String),
}

impl Mailer {
    /// The mailer for `--smtp-url` and `--mail-from`. `smtp://` to any host but this machine
    /// requires STARTTLS (a message is never sent in the clear across a network; add
    /// `?tls=opportunistic` to allow it), `smtps://` is TLS from the start; `user:password@`
    /// signs in. Called within the runtime: the connection pool starts a task.
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|e: lettre::address::AddressError| MailError::From(e.to_string()))?;
        let parsed = url::Url::parse(url).map_err(|e| MailError::Url(e.to_string()))?;
        let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        let has_tls = parsed.query_pairs().any(|(name, _)| name == "tls");
        let url = match (parsed.scheme(), local, has_tls) {
            ("smtp", false, false) => {
                let mut required = parsed.clone();
                required.query_pairs_mut().append_pair("tls", "required");
                required.to_string()
            }
            ("smtp" | "smtps", _, _) => url.to_owned(),
            (other, _, _) => return Err(MailError::Url(format!("the scheme {other:?} is neither smtp nor smtps"))),
        };
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&url).map_err(|e| MailError::Url(e.to_string()))?.build();
        Ok(Mailer { transport, from })
    }
}
