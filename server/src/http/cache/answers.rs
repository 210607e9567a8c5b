//! The answers kept: a least-recently-used map bounded in bytes, each entry its bytes as made
//! with a strong ETag and its brotli and gzip forms made on first request.

use std::sync::{Arc, Mutex, OnceLock};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use sha2::{Digest, Sha256};

use crate::domain::text::hex;

/// The default memory for cached answers (`--cache-mb`).
pub const DEFAULT_CACHE_MB: usize = 64;

/// The largest answer worth keeping (a bigger one is served, not cached).
pub(super) const ENTRY_MAX: usize = 4 * 1024 * 1024;

/// One cached answer.
#[derive(Debug)]
pub(super) struct Entry {
    /// The generation of its scope when it was made.
    pub(super) generation: i64,
    /// The answer's headers (content type, cache policy, vary…), without its length.
    pub(super) headers: HeaderMap,
    /// The bytes, as made.
    pub(super) identity: Bytes,
    /// Strong validator of the bytes (each encoding adds its suffix).
    pub(super) etag: String,
    /// Compressed forms, made on first request.
    pub(super) brotli: OnceLock<Bytes>,
    /// Gzip form, made on first request.
    pub(super) gzip: OnceLock<Bytes>,
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
    pub(super) fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.with(|c| c.entries.get(key).cloned())
    }

    /// Keeps an entry, forgetting the least recently used ones past the limit.
    pub(super) fn put(&self, key: String, entry: Arc<Entry>) {
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
    pub(super) fn remove(&self, key: &str) {
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
    pub(super) fn enabled(&self) -> bool {
        self.with(|c| c.limit > 0)
    }
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

/// A strong validator of the bytes.
pub(super) fn strong_etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", hex(&digest[..12]))
}

/// The cached answer in the encoding the client takes; 304 when it has it already.
pub(super) fn answer(cache: &AnswerCache, key: &str, entry: &Arc<Entry>, request: &HeaderMap) -> Response {
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
    // Without a tag to compare, a date: unchanged since the copy the client has (feeds carry
    // Last-Modified; HTTP dates have whole seconds).
    let unchanged_since = || {
        let since = request.get(header::IF_MODIFIED_SINCE)?.to_str().ok()?;
        let modified = headers.get(header::LAST_MODIFIED)?.to_str().ok()?;
        Some(httpdate::parse_http_date(modified).ok()? <= httpdate::parse_http_date(since).ok()?)
    };
    let matches = matches || (!request.contains_key(header::IF_NONE_MATCH) && unchanged_since() == Some(true));
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
