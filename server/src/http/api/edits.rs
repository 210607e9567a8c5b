//! An author's changes to their own comment within the edit window (`--comment-edit-minutes`):
//! `PUT` (an edit, under every rule a post meets) and `DELETE` (a withdrawal) of
//! `/api/articles/{slug}/comments/{id}`, each with the secret the post's answer gave
//! (`X-Edit-Token`). The window is the server's clock, not the browser's.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::comments::{CommentPosted, CommentStatus, NewComment};
use okur_types::ErrorResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::posting::{counted, entering, poster, read_post, DUPLICATE_WINDOW};
use crate::domain::stamp::Stamp;
use crate::http::error::AppError;
use crate::http::extract::{Params, Peer};
use crate::http::state::AppState;
use crate::store::{CommentState, OwnChange};

/// The header that carries the edit token.
pub const EDIT_TOKEN: &str = "x-edit-token";

/// The routes of an author's changes (never cached: the cache keeps GETs only).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(edit, withdraw))
}

/// The token a request sent, or 403 without one: a request that could never be right is
/// answered so before any budget is looked at.
fn token(headers: &HeaderMap) -> Result<&str, AppError> {
    let token = headers.get(EDIT_TOKEN).and_then(|v| v.to_str().ok()).map(str::trim).filter(|t| !t.is_empty());
    token.ok_or(AppError::EditTokenInvalid)
}

/// The comment a request names and the hash of the token it sent; a comment id that is no
/// number is no comment (404).
fn own(id: &str, headers: &HeaderMap) -> Result<(i64, String), AppError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound(format!("There is no comment {id:?}.")))?;
    Ok((id, crate::auth::token_hash(token(headers)?)))
}

/// `PUT /api/articles/{slug}/comments/{id}`: the author's new text for their comment.
#[utoipa::path(
    put,
    path = "/articles/{slug}/comments/{id}",
    operation_id = "edit_comment",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The comment."),
        ("X-Edit-Token" = String, Header, description = "The `edit_token` of the post's answer."),
    ),
    request_body(content = NewComment, content_type = "application/json", description = "The comment as it \
        should read, under every rule a post meets (`parent_id` is ignored: a comment stays where it is)."),
    responses(
        (status = 200, description = "Edited, and shown with `edited_at`.", body = CommentPosted),
        (status = 202, description = "Edited, and held for moderation (the link rule, or it was held).",
            body = CommentPosted),
        (status = 400, description = "Not JSON, or not an object.", body = ErrorResponse),
        (status = 403, description = "No token, or not this comment's (`edit_token_invalid`); or the article \
            was closed to comments (`comments_closed`).", body = ErrorResponse),
        (status = 404, description = "No such article, or no such comment of it (or it was withdrawn or \
            rejected).", body = ErrorResponse),
        (status = 408, description = "The body did not arrive in time.", body = ErrorResponse),
        (status = 409, description = "The time for edits is over (`edit_window_closed`), or the same comment \
            was just posted (`duplicate`).", body = ErrorResponse),
        (status = 413, description = "The body is over 16 KiB.", body = ErrorResponse),
        (status = 415, description = "Not sent as application/json.", body = ErrorResponse),
        (status = 422, description = "Fields broke the rules; `fields` says which and why.", body = ErrorResponse),
        (status = 429, description = "Too many posts from this client; see Retry-After.", body = ErrorResponse,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
    Peer(peer): Peer,
    headers: HeaderMap,
    posted: Result<Json<NewComment>, JsonRejection>,
) -> Result<Response, AppError> {
    token(&headers)?;
    let poster = poster(&state, &headers, peer).await?;
    let answer = async {
        let (id, token_hash) = own(&id, &headers)?;
        let new = read_post(posted)?;
        let target = state.store.comment_target(&slug).await?;
        // Closed to comments, closed to new words; taking one's words back stays open.
        if !target.comments_open {
            return Err(AppError::CommentsClosed);
        }
        let text = entering(&state, &poster, &new).await?;
        let now = Stamp::now();
        let change = OwnChange {
            article_id: target.article_id,
            id,
            token_hash: &token_hash,
            now,
            posted_since: now.before(state.comments.edit_window),
        };
        match state.store.edit_comment(change, &text, now.before(DUPLICATE_WINDOW)).await {
            Ok((comment, status)) => {
                let (status, code) = match status {
                    CommentState::Published => (CommentStatus::Published, StatusCode::OK),
                    _ => (CommentStatus::Pending, StatusCode::ACCEPTED),
                };
                let edited =
                    CommentPosted { comment, status, edit_token: None, editable_until: None, notify_replies: None };
                Ok((code, Json(edited)).into_response())
            }
            Err(refused) => {
                state.limiter.release(poster.client, state.comments.rate_limit).await?;
                Err(refused.into())
            }
        }
    };
    counted(&state, poster.client, answer.await).await
}

/// `DELETE /api/articles/{slug}/comments/{id}`: the author takes their comment back.
#[utoipa::path(
    delete,
    path = "/articles/{slug}/comments/{id}",
    operation_id = "withdraw_comment",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The comment."),
        ("X-Edit-Token" = String, Header, description = "The `edit_token` of the post's answer."),
    ),
    responses(
        (status = 204, description = "Withdrawn: shown to no one (with the replies under it); moderators \
            still see it."),
        (status = 403, description = "No token, or not this comment's.", body = ErrorResponse),
        (status = 404, description = "No such article, or no such comment of it (or it was withdrawn or \
            rejected already).", body = ErrorResponse),
        (status = 409, description = "The time for changes is over (`edit_window_closed`).", body = ErrorResponse),
        (status = 429, description = "Too many refused requests from this client; see Retry-After.",
            body = ErrorResponse, headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn withdraw(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
    Peer(peer): Peer,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    token(&headers)?;
    let poster = poster(&state, &headers, peer).await?;
    let answer = async {
        let (id, token_hash) = own(&id, &headers)?;
        let target = state.store.comment_target(&slug).await?;
        let now = Stamp::now();
        let posted_since = now.before(state.comments.edit_window);
        let change = OwnChange { article_id: target.article_id, id, token_hash: &token_hash, now, posted_since };
        state.store.withdraw_comment(change).await?;
        Ok(StatusCode::NO_CONTENT)
    };
    counted(&state, poster.client, answer.await).await
}
