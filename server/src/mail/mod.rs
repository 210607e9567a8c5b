//! Email: the SMTP connection (`--smtp-url`, `--mail-from`), what an email says ([`render`]) and
//! the sender that delivers the outbox ([`sender`]). What is sent is written into the outbox by
//! whatever caused it.

pub mod render;
pub mod sender;

use std::time::Duration;

use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tls {
    /// Never (`smtp://` to this machine).
    None,
    /// STARTTLS when the server offers it (`?tls=opportunistic`).
    Opportunistic,
    /// STARTTLS or no email (`smtp://` to any other host, `?tls=required`).
    Required,
    /// TLS from the start (`smtps://`).
    Wrapper,
}

/// How email leaves: the SMTP server and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    /// The SMTP server's host name.
    host: String,
    /// Its port.
    port: u16,
    /// How the connection is encrypted.
    tls: Tls,
    /// Who signs in, when someone does.
    credentials: Option<Credentials>,
    /// Who the emails are from.
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    // The credentials are never written out.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
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

/// An open SMTP connection, for as many emails as the sender has at hand.
pub struct Connection(AsyncSmtpConnection);

impl Connection {
    /// Delivers one message; the SMTP server's refusal (permanent or not) as lettre reports it.
    pub async fn send(&mut self, message: &Message) -> Result<(), SendError> {
        Ok(self.0.send(message.envelope(), &message.formatted()).await.map(|_| ())?)
    }

    /// Whether the connection is still usable (lettre closes it after a refusal).
    pub fn is_broken(&self) -> bool {
        self.0.has_broken()
    }

    /// Says goodbye (a failure here changes nothing: the emails are delivered).
    pub async fn quit(mut self) {
        let _ = self.0.quit().await;
    }
}

impl Mailer {
    /// The mailer for `--smtp-url` and `--mail-from`. `smtp://` to any host but this machine
    /// requires STARTTLS (a message is never sent in the clear across a network; add
    /// `?tls=opportunistic` to allow it), `smtps://` is TLS from the start; `user:password@`
    /// signs in.
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|e: lettre::address::AddressError| MailError::From(e.to_string()))?;
        let parsed = url::Url::parse(url).map_err(|e| MailError::Url(e.to_string()))?;
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| MailError::Url("no host".into()))?;
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        let asked = parsed.query_pairs().find(|(name, _)| name == "tls").map(|(_, value)| value.into_owned());
        let tls = match (parsed.scheme(), asked.as_deref(), local) {
            ("smtps", _, _) => Tls::Wrapper,
            ("smtp", Some("required"), _) | ("smtp", None, false) => Tls::Required,
            ("smtp", Some("opportunistic"), _) => Tls::Opportunistic,
            ("smtp", None, true) => Tls::None,
            ("smtp", Some(other), _) => {
                return Err(MailError::Url(format!("tls={other} is neither required nor opportunistic")))
            }
            (other, _, _) => return Err(MailError::Url(format!("the scheme {other:?} is neither smtp nor smtps"))),
        };
        let port = parsed.port().unwrap_or(match tls {
            Tls::None => 25,
            Tls::Opportunistic | Tls::Required => 587,
            Tls::Wrapper => 465,
        });
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials =
            parsed.password().map(|password| Credentials::new(decode(parsed.username()), decode(password)));
        Ok(Mailer { host: host.trim_matches(['[', ']']).to_owned(), port, tls, credentials, from })
    }

    /// Who the emails are from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Opens a connection: STARTTLS or TLS as the address says, signed in when it says who.
    /// Over plain TCP (STARTTLS included) the socket sends at once (`TCP_NODELAY`): lettre
    /// writes a message and its closing dot apart, and Nagle's wait for the server's delayed
    /// acknowledgement cost 40 ms an email, 21 emails a second.
    pub async fn connect(&self) -> Result<Connection, SendError> {
        let hello = ClientId::default();
        let tls = || TlsParameters::new(self.host.clone());
        let connecting = async {
            let mut connection = match self.tls {
                Tls::Wrapper => {
                    AsyncSmtpConnection::connect_tokio1(
                        (self.host.as_str(), self.port),
                        Some(CONNECT_TIMEOUT),
                        &hello,
                        Some(tls()?),
                        None,
                    )
                    .await?
                }
                _ => {
                    let tcp = tokio::net::TcpStream::connect((self.host.as_str(), self.port)).await?;
                    tcp.set_nodelay(true)?;
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello).await?
                }
            };
            if self.tls == Tls::Required || (self.tls == Tls::Opportunistic && connection.can_starttls()) {
                connection.starttls(tls()?, &hello).await?;
            }
            if let Some(credentials) = &self.credentials {
                connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await?;
            }
            Ok::<_, SendError>(Connection(connection))
        };
        tokio::time::timeout(CONNECT_TIMEOUT * 3, connecting)
            .await
            .map_err(|_| SendError::Io(std::io::ErrorKind::TimedOut.into()))?
    }
}

/// Why an email was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The SMTP exchange failed or the server refused.
    #[error(transparent)]
    Smtp(#[from] lettre::transport::smtp::Error),
    /// The server could not be reached.
    #[error("cannot reach the SMTP server: {0}")]
    Io(#[from] std::io::Error),
}

impl SendError {
    /// Whether trying again is pointless (the server said so with a 5xx).
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Smtp(err) if err.is_permanent())
    }
}
