//! The connection limits through a real socket: `okur::serve::serve` on a free port, spoken to
//! in raw HTTP/1.1 the way a slow or greedy client would.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::site;
use okur::serve::{serve, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Longest any step here may take before the test calls the server stuck (the limits under
/// test are one second).
const STUCK: Duration = Duration::from_secs(15);

/// A running server with tight limits; stopped when dropped.
struct Running {
    address: SocketAddr,
    _stop: oneshot::Sender<()>,
    _site: common::Site,
}

async fn start(limits: Limits) -> Running {
    let mut site = site().await;
    site.state.limits = limits;
    site.state.comments.rate_limit = 10_000;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let app = okur::http::app(site.state.clone());
    let own_headers = okur::http::security::own_answer_headers(false);
    tokio::spawn(async move {
        serve(listener, app, limits, &own_headers, async {
            let _ = stopped.await;
        })
        .await
    });
    Running { address, _stop: stop, _site: site }
}

fn tight() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        max_connections: 2,
        requests_per_connection: 3,
    }
}

/// Reads until the server closes the connection (or STUCK passes: then the test fails).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let read = tokio::time::timeout(STUCK, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open: {}", String::from_utf8_lossy(&out));
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_trickled_body_is_cut_off_with_408() {
    let server = start(tight()).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    let head = "POST /api/articles/genc-takim-final/comments HTTP/1.1\r\nHost: x\r\n\
                Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"author_name\"";
    stream.write_all(head.as_bytes()).await.unwrap();
    // One more byte now and then, as a slow-loris client would; the body never completes.
    let trickle = async {
        for _ in 0..30 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(3), trickle).await;
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[tokio::test]
async fn half_sent_headers_are_dropped() {
    let server = start(tight()).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_connection_serves_a_bounded_number_of_requests() {
    let server = start(tight()).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    let request = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5);
    stream.write_all(request.as_bytes()).await.unwrap();
    let answers = read_to_close(&mut stream).await;
    assert_eq!(answers.matches("HTTP/1.1 200").count(), 3, "{answers}");
    assert!(answers.to_lowercase().contains("connection: close"), "{answers}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_their_turn() {
    let server = start(Limits { header_timeout: Duration::from_secs(30), ..tight() }).await;
    // Two idle connections take both slots.
    let first = TcpStream::connect(server.address).await.unwrap();
    let _second = TcpStream::connect(server.address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(server.address).await.unwrap();
    third.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(early.is_err(), "a third connection was served while two held the slots");
    drop(first);
    let answer = read_to_close(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn peers_reach_the_app() {
    // The connection loop tells the app who the peer is: the rate limit counts it.
    let mut limits = tight();
    limits.requests_per_connection = 100;
    let server = start(limits).await;
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    let body = r#"{"author_name":"","body":"x"}"#;
    let request = format!(
        "POST /api/articles/genc-takim-final/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.repeat(31).as_bytes()).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let answers = read_to_close(&mut stream).await;
    assert_eq!(answers.matches("HTTP/1.1 422").count(), 30, "the budget of refused posts is 30");
    assert_eq!(answers.matches("HTTP/1.1 429").count(), 1);
}

/// Sends `request` raw and reads the answer until the server closes the connection.
async fn answer_to(server: &Running, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.address).await.unwrap();
    // The server may answer and close before the whole request is in: a refused write is fine.
    let _ = stream.write_all(request).await;
    read_to_close(&mut stream).await
}

#[tokio::test]
async fn hypers_own_answers_carry_the_security_headers() {
    let server = start(Limits::default()).await;
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let many_headers = format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-A: b\r\n".repeat(120));
    let cases: [(&str, &[u8], &str); 3] = [
        ("a malformed header", b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", "HTTP/1.1 400 "),
        ("a URI over 64 KiB", long_uri.as_bytes(), "HTTP/1.1 414 "),
        ("over 100 headers", many_headers.as_bytes(), "HTTP/1.1 431 "),
    ];
    for (what, request, status) in cases {
        let answer = answer_to(&server, request).await;
        assert!(answer.starts_with(status), "{what}: {answer}");
        let head = answer.to_ascii_lowercase();
        for header in [
            "x-content-type-options: nosniff",
            "content-security-policy: default-src 'self';",
            "referrer-policy: strict-origin-when-cross-origin",
            "permissions-policy: camera=()",
            "cache-control: no-store",
            "content-length: 0",
        ] {
            assert!(head.contains(header), "{what}: no {header} in {answer}");
        }
    }
    // The app's own answers are left as the app wrote them: the headers once each.
    let page = answer_to(&server, b"GET /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(page.starts_with("HTTP/1.1 200 "), "{page}");
    assert_eq!(page.to_ascii_lowercase().matches("x-content-type-options").count(), 1, "{page}");
}
