//! Live comments: `GET /api/articles/{slug}/comments/events`, a Server-Sent Events stream of the
//! article's comments as they become visible (posted published, approved, or edited: an event
//! `comment`, the comment) or leave view (withdrawn, held, rejected: an event `removed`, its
//! id), each event's id its publication number, so that a reconnecting reader resumes with
//! `Last-Event-ID` and misses nothing. Heartbeats every 15 s keep proxies from closing a quiet
//! stream. Streams are bounded per client and in total. A stream wakes when the generations
//! mirror sees a change (own writes at once; other replicas and processes within 100 ms).

use std::convert::Infallible;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::Stream;

use crate::http::error::AppError;
use crate::http::extract::Peer;
use crate::http::identity::{client_of, ClientKey};
use crate::http::state::AppState;
use crate::http::streams::{Slot, HEARTBEAT};
use crate::store::Publication;

/// The live stream's route (never cached: each answer is a stream of its own).
pub fn routes() -> Router<AppState> {
    Router::new().route("/articles/{slug}/comments/events", get(events))
}

/// Comments sent per look (a reader far behind gets the rest at once after).
const BATCH: u32 = 50;

/// Where a stream starts when the browser has no `Last-Event-ID` yet.
#[derive(Debug, serde::Deserialize)]
pub struct Start {
    /// After this publication number (a server-rendered page carries the newest it saw).
    after: Option<String>,
}

/// `GET /api/articles/{slug}/comments/events[?after=N]`: the article's newly visible comments,
/// live: after `Last-Event-ID` (a reconnection), else after `N`, else from now.
pub async fn events(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    start: Result<Query<Start>, axum::extract::rejection::QueryRejection>,
    peer: Peer,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let target = state.store.comment_target(&slug).await?;
    let number = |text: &str| text.trim().parse::<i64>().ok().filter(|n| *n >= 0);
    let resume = headers
        .get("last-event-id")
        .map(|value| value.to_str().ok().and_then(number))
        .map(|n| n.ok_or_else(|| AppError::BadRequest("Last-Event-ID is a number this stream sent.".into())))
        .transpose()?;
    let Query(start) = start.map_err(|_| AppError::BadRequest("`after` is a publication number.".into()))?;
    let from = start
        .after
        .as_deref()
        .map(|after| number(after).ok_or_else(|| AppError::BadRequest("`after` is a publication number.".into())))
        .transpose()?;
    let resume = resume.or(from);
    let client = ClientKey::of(client_of(&headers, peer.addr(), &state.comments.trusted_proxies));
    let slot = state.live.take(client)?;
    let after = match resume {
        Some(after) => after,
        None => state.store.latest_publication(target.article_id).await?,
    };
    let stream = stream(state, target.article_id, after, slot);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat")).into_response())
}

/// What a stream keeps between events.
struct Cursor {
    state: AppState,
    article_id: i64,
    after: i64,
    waiting: std::collections::VecDeque<(i64, Publication)>,
    changes: tokio::sync::watch::Receiver<i64>,
    closing: tokio::sync::watch::Receiver<bool>,
    _slot: Slot,
}

/// The events: what is there after `after`, then whatever comes, in publication order.
fn stream(state: AppState, article_id: i64, after: i64, slot: Slot) -> impl Stream<Item = Result<Event, Infallible>> {
    let changes = state.generations.changes();
    let closing = slot.closing();
    let cursor = Cursor { state, article_id, after, waiting: Default::default(), changes, closing, _slot: slot };
    futures::stream::unfold(cursor, |mut cursor| async move {
        loop {
            if *cursor.closing.borrow() {
                return None;
            }
            if let Some((seq, change)) = cursor.waiting.pop_front() {
                cursor.after = seq;
                let event = Event::default().id(seq.to_string());
                let event = match &change {
                    Publication::Shown(comment) => event.event("comment").json_data(comment),
                    Publication::Gone(id) => Ok(event.event("removed").data(id.to_string())),
                };
                match event {
                    Ok(event) => return Some((Ok(event), cursor)),
                    Err(err) => {
                        tracing::warn!(error = %err, "a comment could not be sent live");
                        continue;
                    }
                }
            }
            // Marked seen before the look, so that a change during it wakes the next wait.
            cursor.changes.mark_unchanged();
            match cursor.state.store.published_since(cursor.article_id, cursor.after, BATCH).await {
                Ok(found) if !found.is_empty() => {
                    cursor.waiting.extend(found);
                    continue;
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "live comments: the store failed; trying again"),
            }
            tokio::select! {
                changed = cursor.changes.changed() => if changed.is_err() {
                    return None;
                },
                _ = cursor.closing.changed() => {}
            }
        }
    })
}
