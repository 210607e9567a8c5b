//! Crash safety: `okur serve` (the real binary) is killed with SIGKILL while 200 clients post
//! comments at once; afterwards every comment it acknowledged is stored once and whole, and
//! SQLite's integrity check passes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use okur::store::Store;

mod common;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::TcpStream;

/// Clients posting at once.
const CLIENTS: usize = 200;
/// Posts each client tries, one after another on its connection.
const POSTS_EACH: usize = 20;
/// Acknowledged posts after which the server is killed: well inside the run.
const KILL_AFTER: usize = 400;

/// The flags of every server here: no budget gets in the way of 200 clients.
const FLAGS: [&str; 4] = ["--comment-rate-limit", "1000000", "--max-connections", "400"];

/// Sends one post on a kept-alive connection; the status and the body of the answer, or none
/// when the connection broke (the server died) before a whole answer came back.
async fn post(stream: &mut AsyncBufReader<TcpStream>, client: usize, n: usize) -> Option<(u16, String)> {
    let body = format!(r#"{{"author_name":"Yazar {client}","body":"Kesinti testi {client}-{n}"}}"#);
    let request = format!(
        "POST /api/articles/genc-takim-final/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.get_mut().write_all(request.as_bytes()).await.ok()?;
    let mut status_line = String::new();
    stream.read_line(&mut status_line).await.ok()?;
    let status: u16 = status_line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut answer = vec![0; length];
    stream.read_exact(&mut answer).await.ok()?;
    Some((status, String::from_utf8(answer).ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_comments_survive_a_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::test_db(dir.path()).await;
    let dist = dir.path().join("dist");
    let served = common::serve(&db, &dist, &FLAGS);
    let address = served.addr.clone();
    let child = Arc::new(Mutex::new(served));
    let acknowledged = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let count = Arc::new(AtomicUsize::new(0));

    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (address, acknowledged, count, child) =
            (address.clone(), acknowledged.clone(), count.clone(), child.clone());
        clients.push(tokio::spawn(async move {
            let Ok(stream) = TcpStream::connect(&address).await else { return };
            let mut stream = AsyncBufReader::new(stream);
            for n in 0..POSTS_EACH {
                let Some((status, answer)) = post(&mut stream, client, n).await else { return };
                assert!(matches!(status, 201 | 202), "{status}: {answer}");
                let posted: serde_json::Value = serde_json::from_str(&answer).unwrap();
                let id = posted["comment"]["id"].as_i64().unwrap();
                acknowledged.lock().unwrap().push((id, format!("Kesinti testi {client}-{n}")));
                if count.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                    child.lock().unwrap().child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
                }
            }
        }));
    }
    for client in clients {
        client.await.unwrap();
    }
    child.lock().unwrap().child.wait().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= KILL_AFTER, "the kill came before {KILL_AFTER} acknowledgements");
    assert!(acknowledged.len() < CLIENTS * POSTS_EACH, "the server was killed mid-run, not after it");

    // Restarted: the store opens (recovering the WAL), and everything acknowledged is there.
    let restarted = common::serve(&db, &dist, &FLAGS);
    let health = health(&restarted.addr).await;
    assert!(health.contains("\"ok\""), "{health}");
    drop(restarted);

    let (store, created) = Store::open(&db).await.unwrap();
    assert!(!created);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    let stored = store.moderation_list(false, Some("genc-takim-final")).await.unwrap();
    let mut lost = 0;
    for (id, body) in &acknowledged {
        let copies: Vec<_> = stored.iter().filter(|row| row.comment.body == *body).collect();
        if copies.len() != 1 || copies[0].comment.id != *id {
            lost += 1;
        }
    }
    println!(
        "kill -9 under {CLIENTS} concurrent clients: {} acknowledged, {} stored, {lost} lost",
        acknowledged.len(),
        stored.len()
    );
    assert_eq!(lost, 0, "acknowledged comments lost or doubled");
    for row in &stored {
        assert!(row.comment.body.starts_with("Kesinti testi "), "a half-written row: {row:?}");
        assert!(row.comment.author_name.starts_with("Yazar "), "a half-written row: {row:?}");
        assert!(matches!(row.status.as_str(), "published" | "pending"));
    }
    store.close().await;
}

/// GETs /api/health in plain HTTP/1.1.
async fn health(address: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut out = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut out)).await.unwrap().unwrap();
    out
}
