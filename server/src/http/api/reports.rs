//! Readers' reports: `POST /api/articles/{slug}/comments/{id}/report` `{reason, note?}` → 202.
//! A report is never shown publicly; a reader reporting twice counts once; `--report-threshold`
//! distinct readers hold the comment for moderation, which takes it off every page at once.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use okur_types::comments::{NewReport, ReportReceived, REPORT_NOTE_MAX};
use okur_types::ErrorResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::posting::{counted, poster};
use crate::http::error::AppError;
use crate::http::extract::{Params, Peer};
use crate::http::state::AppState;

/// The report's route (never cached: the cache keeps GETs only).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

/// The note as kept: control characters but line breaks dropped (it is read as text by
/// moderators only; a stray one is no reason to lose the report), trimmed, none when empty; or
/// the field's error when it is too long.
fn note_of(note: Option<String>) -> Result<Option<String>, AppError> {
    let Some(note) = note else { return Ok(None) };
    // The bound counts the note as sent, as the API document's `maxLength` does.
    if note.chars().count() > REPORT_NOTE_MAX {
        let message = "The note may be at most 500 characters.".to_owned();
        return Err(AppError::Invalid([("note".to_owned(), message)].into()));
    }
    let note: String = note.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let note = note.trim();
    Ok(Some(note.to_owned()).filter(|n| !n.is_empty()))
}

/// `POST /api/articles/{slug}/comments/{id}/report`.
#[utoipa::path(
    post,
    path = "/articles/{slug}/comments/{id}/report",
    operation_id = "report_comment",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The comment."),
    ),
    request_body(content = NewReport, content_type = "application/json", description = "Why, and an optional \
        note for moderators (at most 500 characters; control characters but line breaks are dropped)."),
    responses(
        (status = 202, description = "Received (a second report from the same reader changes nothing).",
            body = ReportReceived),
        (status = 400, description = "Not JSON, or not an object.", body = ErrorResponse),
        (status = 404, description = "No such article, or no such comment shown on it.", body = ErrorResponse),
        (status = 413, description = "The body is over 16 KiB.", body = ErrorResponse),
        (status = 415, description = "Not sent as application/json.", body = ErrorResponse),
        (status = 422, description = "No known reason; `fields` says so.", body = ErrorResponse),
        (status = 429, description = "Too many reports (or refused requests) from this client; see Retry-After.",
            body = ErrorResponse, headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn report(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
    Peer(peer): Peer,
    headers: HeaderMap,
    sent: Result<Json<NewReport>, JsonRejection>,
) -> Result<(StatusCode, Json<ReportReceived>), AppError> {
    let poster = poster(&state, &headers, peer).await?;
    let answer = async {
        let id = id.parse::<i64>().map_err(|_| AppError::NotFound(format!("There is no comment {id:?}.")))?;
        let Json(sent) = sent.map_err(|rejection| match rejection {
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
            JsonRejection::JsonDataError(_) => {
                let message = "Give one of spam, abuse, off_topic or other.".to_owned();
                AppError::Invalid([("reason".to_owned(), message)].into())
            }
            _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::PayloadTooLarge(super::posting::BODY_LIMIT)
            }
            _ => AppError::BadRequest("The body must be a JSON object.".into()),
        })?;
        let note = note_of(sent.note)?;
        let target = state.store.comment_target(&slug).await?;
        state.limiter.report(poster.client, state.comments.report_rate_limit).await?;
        let reporter = poster.client.to_string();
        let threshold = state.comments.report_threshold;
        let held = state
            .store
            .report_comment(target.article_id, id, &reporter, sent.reason, note.as_deref(), threshold)
            .await?;
        if held {
            tracing::info!(slug, id, "a comment was held after {threshold} reports");
        }
        Ok((StatusCode::ACCEPTED, Json(ReportReceived { received: true })))
    };
    counted(&state, poster.client, answer.await).await
}
