//! Reads at the speed of static files: GET answers (article lists, articles, comment pages and
//! the server-rendered pages) kept in memory as their encoded bytes, brotli and gzip included,
//! with a strong ETag.
//!
//! Invalidation is exact and shared by every process on the database: each answer depends on
//! one *scope* (the article list, or one article by its slug), and triggers on the `articles`
//! row bump that scope's generation in the database whenever anything it shows changes (a
//! comment published, rejected or deleted changes the row's counts). An entry is served only
//! while its scope's generation is the one it was made at. The generations are mirrored in
//! memory ([`Generations`]): a server's own writes refresh the mirror before they answer,
//! PostgreSQL announces every change to every replica, and otherwise the mirror looks for
//! changes at most every [`REFRESH`] (other processes on an SQLite file: `okur comments`,
//! `okur import`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::http::AppState;
use crate::render::request_locale;
use crate::store::{Store, StoreError};

/// How old the mirror of the generations may get before a read looks for changes.
pub const REFRESH: Duration = Duration::from_millis(100);

/// The database's cache generations, mirrored in memory.
#[derive(Debug, Clone)]
pub struct Generations {
    inner: Arc<Mirror>,
}

/// The mirror and when it was last brought up to date.
#[derive(Debug)]
struct Mirror {
    /// Scope → generation.
    scopes: RwLock<HashMap<String, i64>>,
    /// The list's generation as of the last refresh (-1: never refreshed).
    seen: Mutex<(i64, Option<Instant>)>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
    /// How old the mirror may get (`REFRESH`; zero checks on every read).
    max_age: Duration,
    /// The list's generation, announced to whoever waits for changes (the live streams).
    pulse: tokio::sync::watch::Sender<i64>,
}

impl Default for Generations {
    fn default() -> Self {
        Generations::with_max_age(REFRESH)
    }
}

impl Generations {
    /// A mirror refreshed when older than `max_age`.
    pub fn with_max_age(max_age: Duration) -> Self {
        let mirror = Mirror {
            scopes: RwLock::new(HashMap::new()),
            seen: Mutex::new((-1, None)),
            refreshing: tokio::sync::Mutex::new(()),
            max_age,
            pulse: tokio::sync::watch::Sender::new(0),
        };
        Generations { inner: Arc::new(mirror) }
    }

    /// Brings the mirror up to date with the database: the scopes changed since last time.
    pub async fn refresh(&self, store: &Store) -> Result<(), StoreError> {
        let _one = self.inner.refreshing.lock().await;
        self.refresh_now(store).await
    }

    /// The refresh itself; the caller holds `refreshing`.
    async fn refresh_now(&self, store: &Store) -> Result<(), StoreError> {
        let since = self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()).0;
        let started = Instant::now();
        let changed = store.generations_since(since).await?;
        let mut newest = since;
        {
            let mut scopes = self.inner.scopes.write().unwrap_or_else(|p| p.into_inner());
            for (scope, n, at) in changed {
                newest = newest.max(at);
                scopes.insert(scope, n);
            }
        }
        *self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()) = (newest.max(0), Some(started));
        if newest > since {
            self.inner.pulse.send_replace(newest);
        }
        Ok(())
    }

    /// A receiver that wakes whenever a refresh finds something changed.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<i64> {
        self.inner.pulse.subscribe()
    }

    /// Keeps the mirror fresh while anyone waits for changes (`listening` says how many): a
    /// look every [`REFRESH`], so that changes made elsewhere (another replica, `okur comments`)
    /// reach them without a read to trigger the look.
    pub fn keep_fresh(&self, store: &Store, listening: impl Fn() -> usize + Send + 'static) {
        let (generations, store) = (self.clone(), store.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(REFRESH).await;
                if listening() > 0 && !generations.fresh() {
                    if let Err(err) = generations.refresh(&store).await {
                        tracing::warn!(error = %err, "could not look for changes");
                    }
                }
            }
        });
    }

    /// Marks the mirror as needing a look before the next read (a change was announced).
    pub fn outdated(&self) {
        self.inner.seen.lock().unwrap_or_else(|p| p.into_inner()).1 = None;
    }

    /// Whether the mirror was brought up to date within its maximum age.
    fn fresh(&self) -> bool {
        let seen = self.inner.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.1.is_some_and(|at| at.elapsed() < self.inner.max_age)
    }

    /// A scope's generation, refreshing the mirror first when it is too old. Reads that find
    /// it old together wait for one refresh rather than each making their own.
    async fn current(&self, store: &Store, scope: &str) -> Result<i64, StoreError> {
        if !self.fresh() {
            let _one = self.inner.refreshing.lock().await;
            if !self.fresh() {
                self.refresh_now(store).await?;
            }
        }
        Ok(self.inner.scopes.read().unwrap_or_else(|p| p.into_inner()).get(scope).copied().unwrap_or(0))
    }

    /// Keeps the mirror current from PostgreSQL's announcements, reconnecting when the
    /// connection drops; on SQLite there is nothing to listen to.
    pub fn follow(&self, store: &Store) {
        if !store.is_shared() {
            return;
        }
        let (generations, store) = (self.clone(), store.clone());
        tokio::spawn(async move {
            loop {
                if let Err(err) = store.watch_generations(|| generations.outdated()).await {
                    tracing::warn!(error = %err, "lost the change announcements; listening again");
                }
                generations.outdated();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}

/// The default memory for cached answers (`--cache-mb`).
pub const DEFAULT_CACHE_MB: usize = 64;

/// The largest answer worth keeping (a bigger one is served, not cached).
const ENTRY_MAX: usize = 4 * 1024 * 1024;

/// What an answer depends on: the article list (`""`) or one article (its slug).
type Scope = String;

/// One cached answer.
#[derive(Debug)]
struct Entry {
    /// The generation of its scope when it was made.
    generation: i64,
    /// The answer's headers (content type, cache policy, vary…), without its length.
    headers: HeaderMap,
    /// The bytes, as made.
    identity: Bytes,
    /// Strong validator of the bytes (each encoding adds its suffix).
    etag: String,
    /// Compressed forms, made on first request.
    brotli: OnceLock<Bytes>,
    /// Gzip form, made on first request.
    gzip: OnceLock<Bytes>,
}

impl Entry {
    /// The memory it holds, roughly.
    fn weight(&self) -> usize {
        self.identity.len() + self.brotli.get().map_or(0, Bytes::len) + self.gzip.get().map_or(0, Bytes::len) + 512
    }
}

/// The cache: a least-recently-used map bounded in bytes.
#[derive(Debug, Clone)]
pub struct AnswerCache {
    inner: Arc<Mutex<Cached>>,
}

/// The map and its accounting.
#[derive(Debug)]
struct Cached {
    entries: LruCache<String, Arc<Entry>>,
    bytes: usize,
    limit: usize,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache::with_megabytes(DEFAULT_CACHE_MB)
    }
}

impl AnswerCache {
    /// A cache holding at most `mb` megabytes of answers (0 turns caching off).
    pub fn with_megabytes(mb: usize) -> Self {
        let cached = Cached { entries: LruCache::unbounded(), bytes: 0, limit: mb.saturating_mul(1024 * 1024) };
        AnswerCache { inner: Arc::new(Mutex::new(cached)) }
    }

    /// Runs `f` on the map under the lock.
    fn with<T>(&self, f: impl FnOnce(&mut Cached) -> T) -> T {
        let mut cached = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut cached)
    }

    /// The entry for `key`, if any.
    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.with(|c| c.entries.get(key).cloned())
    }

    /// Keeps an entry, forgetting the least recently used ones past the limit.
    fn put(&self, key: String, entry: Arc<Entry>) {
        self.with(|c| {
            if entry.weight() > c.limit {
                return;
            }
            c.bytes += entry.weight();
            if let Some(old) = c.entries.put(key, entry) {
                c.bytes = c.bytes.saturating_sub(old.weight());
            }
            while c.bytes > c.limit {
                match c.entries.pop_lru() {
                    Some((_, old)) => c.bytes = c.bytes.saturating_sub(old.weight()),
                    None => break,
                }
            }
        });
    }

    /// Forgets an entry.
    fn remove(&self, key: &str) {
        self.with(|c| {
            if let Some(old) = c.entries.pop(key) {
                c.bytes = c.bytes.saturating_sub(old.weight());
            }
        });
    }

    /// Accounts for a compressed form just added to an entry, if that entry is still kept (one
    /// evicted meanwhile was already taken off the count without it).
    fn grew(&self, key: &str, entry: &Arc<Entry>, by: usize) {
        self.with(|c| {
            if c.entries.peek(key).is_some_and(|kept| Arc::ptr_eq(kept, entry)) {
                c.bytes += by;
            }
        });
    }

    /// How many answers and bytes it holds.
    pub fn size(&self) -> (usize, usize) {
        self.with(|c| (c.entries.len(), c.bytes))
    }

    /// Whether caching is on.
    fn enabled(&self) -> bool {
        self.with(|c| c.limit > 0)
    }
}

/// How long the scheduler sleeps at most between looks for scheduled articles (one may be
/// imported meanwhile, due sooner than the one it waits for).
const SCHEDULE_LOOK: Duration = Duration::from_secs(5);

/// Brings scheduled articles out at their time. Before it, an article is in no answer but the
/// list's absence of it (its own addresses are 404s, never cached); at it, its row is touched so
/// that the list's generation moves on every server.
pub fn publish_scheduled(store: Store) {
    tokio::spawn(async move {
        loop {
            let next = match store.next_scheduled().await {
                Ok(next) => next,
                Err(err) => {
                    tracing::warn!(error = %err, "could not look for scheduled articles");
                    None
                }
            };
            let Some((slug, due)) = next else {
                tokio::time::sleep(SCHEDULE_LOOK).await;
                continue;
            };
            let left = time::OffsetDateTime::parse(&due, &time::format_description::well_known::Rfc3339)
                .map(|due| due - time::OffsetDateTime::now_utc())
                .ok()
                .and_then(|left| Duration::try_from(left).ok())
                .unwrap_or_default();
            if left > SCHEDULE_LOOK {
                tokio::time::sleep(SCHEDULE_LOOK).await;
                continue;
            }
            tokio::time::sleep(left).await;
            if let Err(err) = store.touch_article(&slug).await {
                tracing::warn!(error = %err, slug, "could not bring out a scheduled article");
            }
        }
    });
}

/// The scope an address's answer depends on, or none when it is not cached.
fn scope_of(path: &str) -> Option<Scope> {
    let slug_of = |rest: &str| Some(rest.split('/').next().unwrap_or_default().to_owned()).filter(|s| !s.is_empty());
    if path == "/api/articles" || path == "/" {
        return Some(String::new());
    }
    if let Some(rest) = path.strip_prefix("/api/articles/") {
        // The article, its comment pages and its threads' replies.
        let slug = slug_of(rest)?;
        let tail = &rest[slug.len()..];
        let known =
            tail.is_empty() || tail == "/comments" || (tail.starts_with("/comments/") && tail.ends_with("/replies"));
        return known.then_some(slug);
    }
    if let Some(rest) = path.strip_prefix("/articles/") {
        return slug_of(rest).filter(|slug| rest.len() == slug.len());
    }
    None
}

/// The encodings a client takes, best first (ours: brotli, then gzip).
fn accepted_encoding(headers: &HeaderMap) -> Option<&'static str> {
    let accept = headers.get(header::ACCEPT_ENCODING)?.to_str().ok()?.to_ascii_lowercase();
    let takes = |name: &str| {
        accept.split(',').any(|part| {
            let mut bits = part.trim().split(';');
            bits.next().is_some_and(|n| n.trim() == name)
                && !bits.any(|q| matches!(q.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"))
        })
    };
    if takes("br") {
        Some("br")
    } else if takes("gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// Answers GETs of cacheable addresses from the cache while their scope is unchanged; fills it
/// from the handlers' 200s otherwise. Everything else passes through untouched.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = state.cache.clone();
    if request.method() != Method::GET || !cache.enabled() {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let Some(scope) = scope_of(&path) else {
        return next.run(request).await;
    };
    let is_page = !path.starts_with("/api/");
    let locale = if is_page { request_locale(request.headers(), state.locale).code() } else { "" };
    let key = format!("{locale} {}", request.uri());
    let Ok(generation) = state.generations.current(&state.store, &scope).await else {
        // The database is not answering: the handler says so in its own way.
        return next.run(request).await;
    };
    let headers = request.headers().clone();
    if let Some(entry) = cache.get(&key) {
        if entry.generation == generation {
            return answer(&cache, &key, &entry, &headers);
        }
        cache.remove(&key);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(collected) = body.collect().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let identity = collected.to_bytes();
    let mut kept = parts.headers.clone();
    kept.remove(header::CONTENT_LENGTH);
    kept.remove(header::ETAG);
    let entry = Arc::new(Entry {
        generation,
        headers: kept,
        etag: strong_etag(&identity),
        identity,
        brotli: OnceLock::new(),
        gzip: OnceLock::new(),
    });
    if entry.identity.len() <= ENTRY_MAX {
        cache.put(key.clone(), entry.clone());
    }
    answer(&cache, &key, &entry, &headers)
}

/// A strong validator of the bytes.
fn strong_etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", digest[..12].iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// The cached answer in the encoding the client takes; 304 when it has it already.
fn answer(cache: &AnswerCache, key: &str, entry: &Arc<Entry>, request: &HeaderMap) -> Response {
    let encoding = accepted_encoding(request);
    let etag = match encoding {
        Some(name) => format!("{}-{name}\"", entry.etag.trim_end_matches('"')),
        None => entry.etag.clone(),
    };
    let mut headers = entry.headers.clone();
    headers.insert(header::VARY, vary_with_encoding(headers.get(header::VARY)));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*"));
    if matches {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        *response.headers_mut() = headers;
        return response;
    }
    let body = match encoding {
        Some("br") => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            compressed(&entry.brotli, || brotli_of(&entry.identity), |len| cache.grew(key, entry, len))
        }
        Some(_) => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            compressed(&entry.gzip, || gzip_of(&entry.identity), |len| cache.grew(key, entry, len))
        }
        None => entry.identity.clone(),
    };
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}

/// An entry's compressed form, made the first time it is asked for.
fn compressed(slot: &OnceLock<Bytes>, make: impl FnOnce() -> Bytes, count: impl FnOnce(usize)) -> Bytes {
    if let Some(done) = slot.get() {
        return done.clone();
    }
    let made = make();
    if slot.set(made.clone()).is_ok() {
        count(made.len());
    }
    made
}

/// `Vary` with `Accept-Encoding` added.
fn vary_with_encoding(vary: Option<&HeaderValue>) -> HeaderValue {
    match vary.and_then(|v| v.to_str().ok()) {
        Some(v) if !v.to_ascii_lowercase().contains("accept-encoding") => {
            HeaderValue::from_str(&format!("{v}, Accept-Encoding"))
                .unwrap_or(HeaderValue::from_static("Accept-Encoding"))
        }
        Some(v) => HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("Accept-Encoding")),
        None => HeaderValue::from_static("Accept-Encoding"),
    }
}

/// Brotli at quality 9: made once per answer, so worth the time.
fn brotli_of(bytes: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams { quality: 9, ..Default::default() };
    let mut input = bytes;
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::copy_from_slice(bytes),
    }
}

/// Gzip at the default level.
fn gzip_of(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    Bytes::from(encoder.finish().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_of_addresses() {
        assert_eq!(scope_of("/api/articles").as_deref(), Some(""));
        assert_eq!(scope_of("/").as_deref(), Some(""));
        assert_eq!(scope_of("/api/articles/liman").as_deref(), Some("liman"));
        assert_eq!(scope_of("/api/articles/liman/comments").as_deref(), Some("liman"));
        assert_eq!(scope_of("/api/articles/liman/comments/7/replies").as_deref(), Some("liman"));
        assert_eq!(scope_of("/articles/liman").as_deref(), Some("liman"));
        for other in ["/api/health", "/api/openapi.json", "/articles/liman/x", "/media/a.svg", "/robots.txt", "/yok"] {
            assert_eq!(scope_of(other), None, "{other}");
        }
    }

    #[test]
    fn encodings_are_negotiated() {
        let mut headers = HeaderMap::new();
        assert_eq!(accepted_encoding(&headers), None);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert_eq!(accepted_encoding(&headers), Some("br"));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br;q=0, gzip"));
        assert_eq!(accepted_encoding(&headers), Some("gzip"));
    }

    #[test]
    fn memory_is_bounded() {
        let cache = AnswerCache::with_megabytes(1);
        for n in 0..100 {
            let entry = Entry {
                generation: 0,
                headers: HeaderMap::new(),
                identity: Bytes::from(vec![0u8; 100_000]),
                etag: String::new(),
                brotli: OnceLock::new(),
                gzip: OnceLock::new(),
            };
            cache.put(format!("k{n}"), Arc::new(entry));
        }
        let (entries, bytes) = cache.size();
        assert!(bytes <= 1024 * 1024 && entries == 10, "{entries} entries, {bytes} bytes");
        assert!(cache.get("k99").is_some() && cache.get("k0").is_none());
    }

    #[test]
    fn a_compressed_form_counts_only_while_its_entry_is_kept() {
        let cache = AnswerCache::with_megabytes(1);
        let entry = |size: usize| {
            Arc::new(Entry {
                generation: 0,
                headers: HeaderMap::new(),
                identity: Bytes::from(vec![0u8; size]),
                etag: String::new(),
                brotli: OnceLock::new(),
                gzip: OnceLock::new(),
            })
        };
        let first = entry(100_000);
        cache.put("first".into(), first.clone());
        cache.grew("first", &first, 1000);
        let kept = cache.size().1;
        for n in 0..20 {
            cache.put(format!("k{n}"), entry(100_000));
        }
        assert!(cache.get("first").is_none(), "evicted");
        let before = cache.size().1;
        cache.grew("first", &first, 50_000);
        assert_eq!(cache.size().1, before, "an evicted entry's new form is not counted");
        assert!(kept > 100_000 && before <= 1024 * 1024);
    }
}
