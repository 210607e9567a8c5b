//! The comment API: reading threads and posting, with every rule enforced here, the authority.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::comments::{
    check_comment, contains_link, Comment, CommentOrder, CommentPosted, CommentStatus, NewComment,
};
use okur_types::Page;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::content::{now_rfc3339, ten_minutes_before};
use crate::error::AppError;
use crate::http::{query_or_400, AppState, Paging};
use crate::store::{CommentRejected, CommentRow};

/// The largest request body a post may have.
pub const BODY_LIMIT: usize = 16 * 1024;

/// When comments wait for a moderator (`OKUR_MODERATION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Moderation {
    /// Publish at once.
    #[default]
    Off,
    /// Hold every comment.
    All,
    /// Hold comments that contain a link.
    Links,
}

/// How the comment section is run.
#[derive(Debug, Clone, Copy)]
pub struct CommentSettings {
    /// Which comments are held.
    pub moderation: Moderation,
    /// Accepted comments one client may post per minute.
    pub rate_limit: u32,
    /// Whether the first X-Forwarded-For hop names the client (behind a trusted proxy only).
    pub trust_proxy: bool,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings { moderation: Moderation::Off, rate_limit: 5, trust_proxy: false }
    }
}

/// Accepted posts per client in the last minute.
#[derive(Debug, Default, Clone)]
pub struct RateLimiter {
    recent: Arc<Mutex<HashMap<IpAddr, VecDeque<Instant>>>>,
}

/// The window the rate limit counts in.
const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    /// Takes a slot for this client, or says how many seconds until one frees up.
    fn acquire(&self, client: IpAddr, limit: u32, now: Instant) -> Result<(), u64> {
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if recent.len() > 10_000 {
            recent.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let times = recent.entry(client).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= limit as usize {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        times.push_back(now);
        Ok(())
    }

    /// Gives back a slot taken for a post that was not accepted after all.
    fn release(&self, client: IpAddr, taken: Instant) {
        let mut recent = self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(times) = recent.get_mut(&client) {
            if let Some(at) = times.iter().rposition(|t| *t == taken) {
                times.remove(at);
            }
        }
    }
}

/// The peer's address, when the server was started with connect info (not in `oneshot` tests).
pub struct Peer(Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// The query of the comment list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    paging: Paging,
    order: Option<String>,
}

/// `GET /api/articles/{slug}/comments`: a page of threads.
pub async fn list(
    State(state): State<AppState>,
    UrlPath(slug): UrlPath<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Page<Comment>>, AppError> {
    let query = query_or_400(query)?;
    let (page, per_page) = query.paging.read(okur_types::comments::COMMENTS_PER_PAGE)?;
    let order = match query.order.as_deref() {
        None | Some("asc") => CommentOrder::Asc,
        Some("desc") => CommentOrder::Desc,
        Some(other) => return Err(AppError::BadRequest(format!("`order` must be asc or desc, not {other:?}."))),
    };
    let page = state.store.comment_page(&slug, page, per_page, order).await?.ok_or_else(|| no_article(&slug))?;
    Ok(Json(page))
}

/// The 404 of an unknown article.
fn no_article(slug: &str) -> AppError {
    AppError::NotFound(format!("There is no article {slug:?}."))
}

/// Who is posting: the peer, or the first X-Forwarded-For hop behind a trusted proxy.
fn client_of(headers: &HeaderMap, peer: Option<SocketAddr>, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.split(',').next()?.trim().parse().ok())
        .flatten();
    forwarded.or(peer.map(|p| p.ip())).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Reads a string field of the posted object: missing or null is empty; anything else is a
/// field error.
fn text_field(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &'static str,
) -> Result<String, (&'static str, String)> {
    match object.get(name) {
        None | Some(serde_json::Value::Null) => Ok(String::new()),
        Some(serde_json::Value::String(text)) => Ok(text.nfc().collect()),
        Some(_) => Err((name, "This field must be text.".to_owned())),
    }
}

/// Reads the posted JSON into a [`NewComment`] (text NFC-normalized), or the right error.
fn read_post(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<NewComment, AppError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(AppError::UnsupportedMediaType);
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge(BODY_LIMIT)
        } else {
            AppError::BadRequest("The request body could not be read.".into())
        }
    })?;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|err| AppError::BadRequest(format!("The body is not valid JSON: {err}.")))?;
    let serde_json::Value::Object(object) = value else {
        return Err(AppError::BadRequest("The body must be a JSON object.".into()));
    };
    let mut wrong_types = Vec::new();
    let mut text = |name| {
        text_field(&object, name).unwrap_or_else(|e| {
            wrong_types.push(e);
            String::new()
        })
    };
    let (author_name, author_email, body, website) =
        (text("author_name"), text("author_email"), text("body"), text("website"));
    let parent_id = match object.get("parent_id") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => match value.as_i64() {
            Some(id) => Some(id),
            None => {
                wrong_types.push(("parent_id", "This must be a comment id.".to_owned()));
                None
            }
        },
    };
    if !wrong_types.is_empty() {
        return Err(AppError::Invalid(wrong_types.into_iter().map(|(f, m)| (f.to_owned(), m)).collect()));
    }
    Ok(NewComment {
        author_name,
        author_email: Some(author_email).filter(|e| !e.is_empty()),
        body,
        parent_id,
        website: Some(website).filter(|w| !w.trim().is_empty()),
    })
}

/// `POST /api/articles/{slug}/comments`.
pub async fn post(
    State(state): State<AppState>,
    UrlPath(slug): UrlPath<String>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let new = read_post(&headers, body)?;
    let target = state.store.comment_target(&slug).await?.ok_or_else(|| no_article(&slug))?;
    if !target.comments_open {
        return Err(AppError::CommentsClosed);
    }
    let checked = check_comment(&new.author_name, new.author_email.as_deref().unwrap_or(""), &new.body)
        .map_err(|errors| AppError::Invalid(errors.into_iter().map(|(f, e)| (f.to_owned(), e.message())).collect()))?;
    let now = now_rfc3339();
    if new.website.is_some() {
        // A bot filled the hidden field: answer as if all went well, store nothing.
        tracing::info!(slug, "honeypot post dropped");
        let id = state.store.last_comment_id().await? + 1;
        let comment = Comment {
            id,
            parent_id: new.parent_id,
            depth: 1,
            author_name: checked.author_name,
            body: checked.body,
            created_at: now,
        };
        return Ok(
            (StatusCode::CREATED, Json(CommentPosted { comment, status: CommentStatus::Published })).into_response()
        );
    }
    let settings = state.comments;
    let client = client_of(&headers, peer, settings.trust_proxy);
    let taken = Instant::now();
    state.limiter.acquire(client, settings.rate_limit, taken).map_err(AppError::RateLimited)?;
    let held = match settings.moderation {
        Moderation::Off => false,
        Moderation::All => true,
        Moderation::Links => contains_link(&checked.body) || contains_link(&checked.author_name),
    };
    let row = CommentRow {
        article_id: target.article_id,
        parent_id: new.parent_id,
        author_name: checked.author_name,
        author_email: checked.author_email,
        body: checked.body,
        status: if held { "pending" } else { "published" },
    };
    match state.store.add_comment(&row, &now, &ten_minutes_before(&now)).await {
        Ok(comment) => {
            let (status, code) = if held {
                (CommentStatus::Pending, StatusCode::ACCEPTED)
            } else {
                (CommentStatus::Published, StatusCode::CREATED)
            };
            Ok((code, Json(CommentPosted { comment, status })).into_response())
        }
        Err(rejected) => {
            state.limiter.release(client, taken);
            Err(match rejected {
                CommentRejected::UnknownParent => AppError::NotFound("The comment you reply to does not exist.".into()),
                CommentRejected::Duplicate => AppError::Duplicate,
                CommentRejected::Store(err) => AppError::Store(err),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_counts_a_minute_per_client() {
        let limiter = RateLimiter::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(limiter.acquire(a, 5, t0).is_ok());
        }
        assert_eq!(limiter.acquire(a, 5, t0 + Duration::from_secs(20)), Err(40));
        assert!(limiter.acquire(b, 5, t0).is_ok(), "clients are counted apart");
        limiter.release(a, t0);
        assert!(limiter.acquire(a, 5, t0 + Duration::from_secs(20)).is_ok(), "a released slot is free again");
        assert!(limiter.acquire(a, 5, t0 + Duration::from_secs(61)).is_ok(), "old posts leave the window");
    }

    #[test]
    fn the_client_is_the_peer_unless_a_proxy_is_trusted() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.7, 10.0.0.1".parse().unwrap());
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(client_of(&headers, Some(peer), false), peer.ip());
        assert_eq!(client_of(&headers, Some(peer), true), "203.0.113.7".parse::<IpAddr>().unwrap());
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client_of(&headers, Some(peer), true), peer.ip());
    }
}
