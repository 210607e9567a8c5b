//! The answers hyper writes itself. A request hyper cannot parse (a malformed line or header, a
//! URI over 64 KiB, over 100 headers or 400 KiB of them) never reaches the app: hyper answers
//! 400, 414 or 431 on its own, with no hook to add headers. This wrapper of the connection's
//! socket recognises such an answer as it is written and adds the headers every answer of
//! okur's carries (the security headers, `no-store`).

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::http::HeaderMap;
use hyper::rt::{Read, ReadBufCursor, Write};

/// A connection's socket that adds `headers` to hyper's own error answers.
pub struct Bare<T> {
    inner: T,
    /// The header lines to add, written out once for every connection.
    lines: std::sync::Arc<[u8]>,
    /// An answer taken from hyper, with the headers added, still to be sent.
    pending: Vec<u8>,
    /// How much of `pending` is sent.
    sent: usize,
}

/// `headers` as the lines of an HTTP/1.1 head (`name: value\r\n` each), for [`Bare::new`].
pub fn header_lines(headers: &HeaderMap) -> std::sync::Arc<[u8]> {
    let mut out = Vec::new();
    for (name, value) in headers {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.into()
}

impl<T> Bare<T> {
    /// Wraps a connection's socket; `lines` from [`header_lines`].
    pub fn new(inner: T, lines: std::sync::Arc<[u8]>) -> Self {
        Bare { inner, lines, pending: Vec::new(), sent: 0 }
    }
}

/// hyper's own error answer, with `lines` added after its status line; `None` for any other
/// write. Its shape is exact: a 4xx status line and at most `content-length`, `date` and
/// `connection`, ending the write. Every answer of the app's carries the security headers, so
/// none has that shape; a body written alone would have to be exactly such a head to match.
fn rewrite(written: &[u8], lines: &[u8]) -> Option<Vec<u8>> {
    const MOST: usize = 256;
    if written.len() > MOST || !written.starts_with(b"HTTP/1.1 4") {
        return None;
    }
    let head = std::str::from_utf8(written.strip_suffix(b"\r\n\r\n")?).ok()?;
    let (status, fields) = head.split_once("\r\n").unwrap_or((head, ""));
    let hypers_own = fields.split("\r\n").filter(|l| !l.is_empty()).all(|line| {
        let name = line.split(':').next().unwrap_or_default().to_ascii_lowercase();
        matches!(name.as_str(), "content-length" | "date" | "connection")
    });
    if !hypers_own {
        return None;
    }
    let mut out = Vec::with_capacity(written.len() + lines.len());
    out.extend_from_slice(status.as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(lines);
    out.extend_from_slice(&written[status.len() + 2..]);
    Some(out)
}

impl<T: Write + Unpin> Bare<T> {
    /// Sends what is left of a rewritten answer.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        self.pending.clear();
        self.sent = 0;
        Poll::Ready(Ok(()))
    }

    /// Takes `written` whole as its rewrite, if it is hyper's own answer.
    fn take(&mut self, cx: &mut Context<'_>, written: &[u8]) -> Option<Poll<io::Result<usize>>> {
        self.pending = rewrite(written, &self.lines)?;
        // The bytes are ours now; what the socket does not take yet goes out on the flush
        // hyper always makes after an answer.
        Some(match self.drain(cx) {
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            _ => Poll::Ready(Ok(written.len())),
        })
    }
}

impl<T: Read + Unpin> Read for Bare<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: Write + Unpin> Write for Bare<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        if let Some(taken) = self.take(cx, buf) {
            return taken;
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        ready!(self.drain(cx))?;
        let mut filled = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(only), None) = (filled.next(), filled.next()) {
            if let Some(taken) = self.take(cx, only) {
                return taken;
            }
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &[u8] = b"x-content-type-options: nosniff\r\n";

    #[test]
    fn hypers_own_answer_gets_the_headers() {
        let own = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 02:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(rewrite(own, LINES).unwrap()).unwrap();
        assert!(out.starts_with(
            "HTTP/1.1 431 Request Header Fields Too Large\r\nx-content-type-options: nosniff\r\nconnection: close\r\n"
        ));
        assert!(out.ends_with("GMT\r\n\r\n"));
    }

    #[test]
    fn other_writes_pass_untouched() {
        let app = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n";
        assert!(rewrite(app, LINES).is_none());
        let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}";
        assert!(rewrite(with_body, LINES).is_none());
        assert!(rewrite(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", LINES).is_none());
        assert!(rewrite(b"{\"a\":1}", LINES).is_none());
    }
}
