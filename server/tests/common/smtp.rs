//! A small SMTP server for the tests (no Python in `cargo test`): it takes every message sent to
//! it and keeps it, or refuses the next ones with the codes it is told to.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message as the server took it: the recipients and the whole text.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The message with its quoted-printable parts decoded (what a reader's mail client shows,
    /// headers and markup included).
    pub fn text(&self) -> String {
        let (headers, body) = self.data.split_once("\n\n").unwrap_or((&self.data, ""));
        let joined = body.replace("=\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex =
                bytes.get(i + 1..i + 3).filter(|h| h.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)));
            match (bytes[i], hex) {
                (b'=', Some(hex)) => {
                    out.push(u8::from_str_radix(std::str::from_utf8(hex).unwrap(), 16).unwrap());
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        format!("{headers}\n\n{}", String::from_utf8_lossy(&out))
    }

    /// The first link in the message's body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.text();
        let text = text.split_once("\n\n").map_or("", |(_, body)| body);
        let at = text.find(prefix)?;
        let end = text[at..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
            .map_or(text.len(), |e| at + e);
        Some(text[at..end].to_owned())
    }
}

/// A running sink; it stops with the test's runtime.
#[derive(Clone)]
pub struct Sink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refusals: Arc<Mutex<VecDeque<u16>>>,
}

impl Sink {
    /// Starts one on a free loopback port.
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let sink = Sink { port, received: Default::default(), refusals: Default::default() };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serving.clone().session(socket));
            }
        });
        sink
    }

    /// The address `--smtp-url` takes.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuses the next message's DATA with `code` (4xx: come back later; 5xx: never).
    pub fn refuse_next(&self, code: u16) {
        self.refusals.lock().unwrap().push_back(code);
    }

    /// What it took so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn session(self, socket: tokio::net::TcpStream) {
        // As mail servers do: an answer goes out at once, not held for the next one.
        let _ = socket.set_nodelay(true);
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 sink ready\r\n").await;
        let mut to = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            let verb = line.split(' ').next().unwrap_or_default().to_ascii_uppercase();
            let answer = match verb.as_str() {
                "EHLO" | "HELO" => "250 sink\r\n".to_owned(),
                "MAIL" => {
                    to.clear();
                    "250 ok\r\n".to_owned()
                }
                "RCPT" => {
                    to.push(line.split(['<', '>']).nth(1).unwrap_or_default().to_owned());
                    "250 ok\r\n".to_owned()
                }
                "DATA" => {
                    let _ = write.write_all(b"354 go on\r\n").await;
                    let mut data = String::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        if line == "." {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                        data.push('\n');
                    }
                    match self.refusals.lock().unwrap().pop_front() {
                        Some(code) => format!("{code} refused for the test\r\n"),
                        None => {
                            self.received.lock().unwrap().push(Received { to: std::mem::take(&mut to), data });
                            "250 taken\r\n".to_owned()
                        }
                    }
                }
                "QUIT" => {
                    let _ = write.write_all(b"221 bye\r\n").await;
                    return;
                }
                _ => "250 ok\r\n".to_owned(),
            };
            if write.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
    }
}
