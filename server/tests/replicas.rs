//! Several `okur serve` processes on one PostgreSQL database, as a newsroom behind a load
//! balancer runs them: they start together on a new database (migrated and seeded once), every
//! post is stored once whichever replica took it, a client's budget holds across them, and what
//! one accepted the other serves at once. On SQLite (one server per file) there is nothing to
//! share: these tests run in the suite's PostgreSQL pass (`make unit-postgres`).

mod common;

use std::process::Command;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Starts a replica on `db` with these extra flags; resolves once it listens (off the runtime's
/// threads, so that replicas started together really start together).
async fn replica(db: &str, dist: &std::path::Path, flags: &[&str]) -> common::Served {
    let (db, dist) = (db.to_owned(), dist.to_owned());
    let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        common::serve(&db, &dist, &flags)
    })
    .await
    .unwrap()
}

/// One HTTP/1.1 request; the status and the body.
async fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).await.unwrap();
    let mut rest = String::new();
    tokio::time::timeout(Duration::from_secs(20), reader.read_to_string(&mut rest)).await.unwrap().unwrap();
    let body = rest.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status.split(' ').nth(1).unwrap().parse().unwrap(), body)
}

/// Posts a comment through a replica, from `client` (named by our trusted proxy).
async fn post(addr: &str, client: &str, name: &str, text: &str) -> (u16, String) {
    let body = serde_json::json!({"author_name": name, "body": text}).to_string();
    let headers = [("Content-Type", "application/json"), ("X-Forwarded-For", client)];
    http(addr, "POST", "/api/articles/genc-takim-final/comments", &headers, &body).await
}

/// The total of a comment list as a replica answers it.
async fn threads(addr: &str) -> u64 {
    let (status, body) = http(addr, "GET", "/api/articles/genc-takim-final/comments?per_page=1", &[], "").await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"].as_u64().unwrap()
}

/// A new PostgreSQL database, or none when this pass of the suite runs on SQLite.
async fn postgres_db(dir: &std::path::Path) -> Option<String> {
    if !common::on_postgres() {
        eprintln!("replicas share a PostgreSQL database: this test runs in `make unit-postgres`");
        return None;
    }
    Some(common::test_db(dir).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_start_together_and_store_every_post_once() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = postgres_db(dir.path()).await else { return };
    let flags = ["--comment-rate-limit", "1000000", "--trusted-proxies", "127.0.0.1"];
    // Both start on the new database at once: one migrates and seeds it, the other waits.
    let (a, b) = tokio::join!(replica(&db, dir.path(), &flags), replica(&db, dir.path(), &flags));
    for replica in [&a, &b] {
        let (status, body) = http(&replica.addr, "GET", "/api/articles?per_page=100", &[], "").await;
        assert_eq!(status, 200);
        assert!(body.contains("\"total\":10"), "seeded once: {body}");
    }
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap().count();
    let applied: Vec<(i64, bool)> = {
        use sqlx::Connection;
        let mut connection = sqlx::PgConnection::connect(&db).await.unwrap();
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut connection)
            .await
            .unwrap()
    };
    assert_eq!(applied.len(), migrations, "each migration applied once: {applied:?}");
    assert!(applied.iter().all(|(_, success)| *success));

    let mut posts = Vec::new();
    for n in 0..200 {
        let addr = if n % 2 == 0 { a.addr.clone() } else { b.addr.clone() };
        posts.push(tokio::spawn(async move {
            post(&addr, &format!("198.51.100.{}", n % 250), &format!("Okur {n}"), &format!("Paylaşılan yorum {n}"))
                .await
        }));
    }
    for post in posts {
        let (status, body) = post.await.unwrap();
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(threads(&a.addr).await, 200, "exactly 200 stored");
    assert_eq!(threads(&b.addr).await, 200);

    // Read your write, across replicas: accepted by one, listed by the other at once.
    let (status, _) = post(&a.addr, "192.0.2.50", "Ayşe", "Birinden yazdım, ötekinden okudum").await;
    assert_eq!(status, 201);
    let (_, listed) =
        http(&b.addr, "GET", "/api/articles/genc-takim-final/comments?order=desc&per_page=1", &[], "").await;
    assert!(listed.contains("Birinden yazdım"), "{listed}");
    // And the same comment again, through the other replica, is a duplicate.
    let (status, _) = post(&b.addr, "192.0.2.51", "AYŞE", "birinden yazdım, ötekinden okudum").await;
    assert_eq!(status, 409);

    // A moderator's decision on the shared database holds on both (201 threads, one rejected).
    assert_eq!(threads(&b.addr).await, 201);
    let (_, first) = http(&a.addr, "GET", "/api/articles/genc-takim-final/comments?per_page=1", &[], "").await;
    let id = serde_json::from_str::<serde_json::Value>(&first).unwrap()["items"][0]["id"].as_i64().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_okur"))
        .args(["comments", "reject", &id.to_string(), "--db", &db])
        .env("OKUR_LOG", "error")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(threads(&a.addr).await, 200);
    assert_eq!(threads(&b.addr).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_over_its_limit_is_refused_by_every_replica() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = postgres_db(dir.path()).await else { return };
    let flags = ["--comment-rate-limit", "3", "--refused-rate-limit", "4", "--trusted-proxies", "127.0.0.1"];
    let a = replica(&db, dir.path(), &flags).await;
    let b = replica(&db, dir.path(), &flags).await;
    let client = "203.0.113.77";
    assert_eq!(post(&a.addr, client, "Can", "Bir").await.0, 201);
    assert_eq!(post(&b.addr, client, "Can", "İki").await.0, 201);
    assert_eq!(post(&a.addr, client, "Can", "Üç").await.0, 201);
    let (status, body) = post(&b.addr, client, "Can", "Dört").await;
    assert_eq!(status, 429, "the other replica knows the budget is spent: {body}");
    assert_eq!(post(&a.addr, client, "Can", "Beş").await.0, 429);
    assert_eq!(post(&b.addr, "203.0.113.78", "Nur", "Başka biri").await.0, 201, "only that client waits");

    // Refused posts spend their budget across replicas too.
    let prober = "203.0.113.90";
    for n in 0..4 {
        let addr = if n % 2 == 0 { &a.addr } else { &b.addr };
        assert_eq!(post(addr, prober, "", "x").await.0, 422);
    }
    assert_eq!(post(&b.addr, prober, "Deneme", "Artık geçerli").await.0, 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_comment_posted_on_one_replica_reaches_live_readers_of_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = postgres_db(dir.path()).await else { return };
    let a = replica(&db, dir.path(), &[]).await;
    let b = replica(&db, dir.path(), &[]).await;
    let stream = TcpStream::connect(&b.addr).await.unwrap();
    let mut reader = BufReader::new(stream);
    let request = "GET /api/articles/genc-takim-final/comments/events HTTP/1.1\r\nHost: x\r\n\r\n";
    reader.get_mut().write_all(request.as_bytes()).await.unwrap();
    let mut status = String::new();
    reader.read_line(&mut status).await.unwrap();
    assert!(status.contains(" 200 "), "{status}");
    // Headers, then wait for the stream to be registered before posting elsewhere.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (code, _) = post(&a.addr, "192.0.2.60", "Canlı", "Bir kopyadan yazdım, ötekinden geldi").await;
    assert_eq!(code, 201);
    let found = tokio::time::timeout(Duration::from_secs(5), async {
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).await.unwrap();
            if line.contains("Bir kopyadan yazdım") {
                return line;
            }
        }
    })
    .await
    .expect("the event reached the other replica within 5 s");
    assert!(found.starts_with("data:"), "{found}");
}
