//! The test site shared by the HTTP tests: a seeded database and a fake built front end in a
//! temporary folder, and helpers to send requests through `app()` with `oneshot`.
#![allow(dead_code)] // each test file uses its own part of this

pub mod desk;
pub mod smtp;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;
use okur::http::app;
use okur::http::state::AppState;
use okur::import::seed;
use okur::store::Store;
use okur_types::ErrorResponse;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

/// A seeded site in a temp folder, with a fake built front end.
pub struct Site {
    pub state: AppState,
    dir: tempfile::TempDir,
    db: String,
}

/// A new, empty database for one test: a file in `dir`, or, when `OKUR_TEST_POSTGRES` names a
/// PostgreSQL server (`postgres://user@host:port`, as `make test` runs the suite a second
/// time), a database of its own there.
pub async fn test_db(dir: &std::path::Path) -> String {
    use sqlx::Connection;
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let Ok(server) = std::env::var("OKUR_TEST_POSTGRES") else {
        return dir.join("db/okur.db").display().to_string();
    };
    let server = server.trim_end_matches('/');
    let name = format!(
        "okur_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    admin.close().await.unwrap();
    format!("{server}/{name}")
}

/// Whether this run of the suite is on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os("OKUR_TEST_POSTGRES").is_some()
}

/// A mirror age no test reaches.
const NEVER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

pub const WASM_NAME: &str = "okur-web-0123456789abcdef_bg.wasm";

pub async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let db = test_db(dir.path()).await;
    let (store, created) = Store::open(&db).await.unwrap();
    assert!(created, "a new database file reports itself as new");
    seed::seed(&store).await.unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("media")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><html><head><title>okur</title><script>document.documentElement.dataset.early = 1</script><script type=module src=/app.js></script></head><body></body></html>")
        .unwrap();
    std::fs::write(dist.join(WASM_NAME), vec![0u8; 4096]).unwrap();
    std::fs::write(dist.join("media/a.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    let mut state = AppState::new(store, dist);
    // The mirror of the generations never looks by itself here: a write through `app()` that
    // did not refresh it would leave every later read stale, and fail the test that reads.
    // Changes made behind the server's back (`okur comments`, `okur import`, SQL) are announced
    // with `Site::changed_elsewhere`, as the mirror's own look would find them within 100 ms.
    state.generations = okur::http::cache::generations::Generations::with_max_age(NEVER);
    Site { state, dir, db }
}

/// A seeded site whose comment rate limit does not get in the way.
pub async fn unlimited_site() -> Site {
    let mut site = site().await;
    site.state.comments.rate_limit = 10_000;
    site
}

impl Site {
    pub async fn request(&self, method: Method, uri: &str, headers: &[(&str, &str)]) -> Response {
        let mut builder = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        app(self.state.clone()).oneshot(builder.body(Body::empty()).unwrap()).await.unwrap()
    }

    pub async fn get(&self, uri: &str) -> Response {
        self.request(Method::GET, uri, &[]).await
    }

    /// GETs a URI, checks the status and JSON content type, and reads the body.
    pub async fn get_json<T: DeserializeOwned>(&self, uri: &str, status: StatusCode) -> T {
        let response = self.get(uri).await;
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json", "{uri}");
        serde_json::from_slice(&body(response).await).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    pub async fn error(&self, uri: &str, status: StatusCode, code: &str) -> String {
        let error: ErrorResponse = self.get_json(uri, status).await;
        assert_eq!(error.error.code, code, "{uri}");
        assert!(!error.error.message.is_empty());
        error.error.message
    }
}

pub async fn body(response: Response) -> Vec<u8> {
    response.into_body().collect().await.unwrap().to_bytes().to_vec()
}

/// A one-paragraph article with no language of its own, to store directly.
pub fn plain_article(slug: &str, comments_open: bool) -> okur::domain::article::NewArticle {
    okur::domain::article::NewArticle {
        slug: slug.into(),
        title: "Başlık".into(),
        summary: "Özet.".into(),
        updated_at: None,
        published_at: "2025-01-01T00:00:00Z".into(),
        author: "A".into(),
        category: "C".into(),
        language: None,
        image: None,
        body: vec![okur_types::Block::Paragraph { text: "Metin.".into(), marks: Vec::new() }],
        comments_open,
    }
}

impl Site {
    /// Says that the database was changed by another process (`okur comments`, `okur import`,
    /// SQL behind the store's back): the next read looks for changes, as it would within
    /// 100 ms on a real server.
    pub fn changed_elsewhere(&self) {
        self.state.generations.outdated();
    }

    /// The temporary folder.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The database, as `--db` takes it.
    pub fn db(&self) -> &str {
        &self.db
    }

    /// POSTs a body with these headers.
    pub async fn post(&self, uri: &str, body: impl Into<Body>, headers: &[(&str, &str)]) -> Response {
        self.post_from(None, uri, body, headers).await
    }

    /// POSTs a body with these headers from this peer address (as the real server records it).
    pub async fn post_from(
        &self,
        peer: Option<&str>,
        uri: &str,
        body: impl Into<Body>,
        headers: &[(&str, &str)],
    ) -> Response {
        self.send_from(peer, Method::POST, uri, body, headers).await
    }

    /// Sends a request with a body and these headers (from this peer address, as the real server
    /// records it).
    pub async fn send_from(
        &self,
        peer: Option<&str>,
        method: Method,
        uri: &str,
        body: impl Into<Body>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut builder = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let mut request = builder.body(body.into()).unwrap();
        if let Some(peer) = peer {
            let address: std::net::SocketAddr = peer.parse().unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(address));
        }
        app(self.state.clone()).oneshot(request).await.unwrap()
    }

    /// POSTs JSON and reads the JSON answer, checking the status.
    pub async fn post_json<T: DeserializeOwned>(&self, uri: &str, json: &serde_json::Value, status: StatusCode) -> T {
        let response = self.post(uri, json.to_string(), &[("content-type", "application/json")]).await;
        let code = response.status();
        let bytes = body(response).await;
        assert_eq!(code, status, "{uri}: {}", String::from_utf8_lossy(&bytes));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    /// Reads an error answer and checks its status and code.
    pub async fn error_of(response: Response, status: StatusCode, code: &str) -> ErrorResponse {
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let error: ErrorResponse = serde_json::from_slice(&body(response).await).unwrap();
        assert_eq!(error.error.code, code);
        error
    }
}

/// A running `okur serve` (the real binary), killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    /// `host:port` it listens on.
    pub addr: String,
}

impl Served {
    /// A plain HTTP/1.1 GET; the status code and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response.split(' ').nth(1).unwrap().parse().unwrap();
        let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `okur serve` on a free port with `db`, `dist` and these extra flags; returns once it
/// listens (this blocks: from async code that starts several at once, call it in
/// `spawn_blocking`).
pub fn serve(db: &str, dist: &std::path::Path, flags: &[&str]) -> Served {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_okur"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
        .arg("--dist")
        .arg(dist)
        .args(flags)
        .env("OKUR_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).expect(&line).to_owned();
    Served { child, addr }
}

/// Runs one SQL statement on a test database behind the store's back (to age a row, say).
pub async fn execute(db: &str, sql: &str) {
    if okur::store::is_postgres_url(db) {
        let pool = sqlx::PgPool::connect(db).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{db}")).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

/// Reads one number from a test database behind the store's back (`SELECT COUNT(*) …`).
pub async fn count(db: &str, sql: &str) -> i64 {
    if okur::store::is_postgres_url(db) {
        let pool = sqlx::PgPool::connect(db).await.unwrap();
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    } else {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{db}")).await.unwrap();
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}
