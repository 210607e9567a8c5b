//! The newsroom desk's API under `/api/desk`: stories in every state for editors and admins,
//! signed in (a session, with Origin and CSRF token for a change) or a publishing tool's
//! `Authorization: Bearer` token. A story's version is its `ETag`; a change names it in
//! `If-Match` (428 without, 412 when someone changed the story since), so no one overwrites
//! another's work unseen. Every change is a revision and a line of the audit trail, written in
//! the transaction of the change; the article's row moving makes every server's caches let the
//! old version go.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::desk::{
    AuditEntry, DeskArticle, DeskList, DeskStory, Revision, RevisionAction, RevisionDetail, StoryStatus,
};
use okur_types::ErrorResponse;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::stamp::Stamp;
use crate::domain::story::{check_story, desk_article, diff, Checked};
use crate::http::error::AppError;
use crate::http::extract::{desk_staff, number_in, query_or_400, Params};
use crate::http::state::AppState;
use crate::store::{DeskFilter, DeskRefused, DeskWrite, Expect, StoryRow};

/// The largest story a request may carry: a body's 1 MB of text with its JSON around it.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Stories in a page of the desk's list.
const PER_PAGE: u32 = 50;

/// The desk's routes (under `/desk`), documented.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_stories, create_story))
        .routes(routes!(get_story, update_story, delete_story))
        .routes(routes!(save_working, discard_working))
        .routes(routes!(list_revisions))
        .routes(routes!(get_revision))
        .routes(routes!(restore_revision))
        .routes(routes!(list_audit))
}

/// The version a change names: `If-Match: "7"` (or `*`, whatever is there); 428 without one.
/// A value that is no version of ours can match nothing: 412, as a stale one.
fn expected(headers: &HeaderMap) -> Result<Expect, AppError> {
    let sent = headers.get(header::IF_MATCH).ok_or(AppError::VersionRequired)?;
    let sent = sent.to_str().unwrap_or_default().trim();
    if sent == "*" {
        return Ok(Expect::Any);
    }
    let version = sent.strip_prefix('"').and_then(|v| v.strip_suffix('"')).and_then(|v| v.parse::<i64>().ok());
    Ok(Expect::Version(version.unwrap_or(-1)))
}

/// A story's JSON, or what is wrong with it.
fn story_body(sent: Result<Json<DeskArticle>, JsonRejection>) -> Result<DeskArticle, AppError> {
    sent.map(|Json(story)| story).map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(BODY_LIMIT),
        _ => AppError::BadRequest(format!(
            "Send the story as JSON (Content-Type: application/json): {}",
            rejection.body_text()
        )),
    })
}

/// A story as the desk shows it, with its version as the `ETag`.
fn answer(status: StatusCode, row: StoryRow) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", row.version)).ok();
    let story = DeskStory {
        article: desk_article(&row.article, row.status, row.planned_at.as_deref()),
        working: row.working.as_deref().and_then(|json| serde_json::from_str(json).ok()),
        version: row.version,
        changed_at: row.changed_at,
        changed_by: row.changed_by,
        corrections: row.corrections,
    };
    let mut response = (status, Json(story)).into_response();
    if let Some(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// The story with this URL name, or 404.
async fn found(state: &AppState, slug: &str) -> Result<StoryRow, AppError> {
    state.store.desk_story(slug).await?.ok_or_else(|| AppError::NotFound(format!("There is no story {slug:?}.")))
}

/// What a refused write answers.
fn refused(why: DeskRefused) -> AppError {
    match why {
        DeskRefused::Stale(version) => AppError::Stale(version),
        DeskRefused::SlugTaken => {
            AppError::Invalid([("slug".to_owned(), "Another story has this address.".to_owned())].into())
        }
        DeskRefused::StillOut => AppError::StillOnSite,
    }
}

/// The desk's list's query.
#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    section: Option<String>,
    author: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// `GET /api/desk/articles`: the stories, the last changed first.
#[utoipa::path(
    get,
    path = "/desk/articles",
    operation_id = "list_stories",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("status" = Option<StoryStatus>, Query, description = "Only stories in this state."),
        ("section" = Option<String>, Query, description = "Only a section's stories (its URL name)."),
        ("author" = Option<String>, Query, description = "Only an author's stories (the author's URL name)."),
        ("q" = Option<String>, Query, description = "Words in the title or the address."),
        ("page" = Option<u32>, Query, description = "The page, from 1 (50 stories a page).", minimum = 1, maximum = 2147483647),
    ),
    responses(
        (status = 200, description = "A page of stories.", body = DeskList),
        (status = 400, description = "A malformed query.", body = ErrorResponse),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "The account is not an editor's or an admin's.", body = ErrorResponse),
    ),
)]
async fn list_stories(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<DeskList>, AppError> {
    desk_staff(&state, &headers, false).await?;
    let query = query_or_400(query)?;
    let status = match query.status.as_deref() {
        None => None,
        Some("draft") => Some(StoryStatus::Draft),
        Some("scheduled") => Some(StoryStatus::Scheduled),
        Some("published") => Some(StoryStatus::Published),
        Some(other) => {
            return Err(AppError::BadRequest(format!("`status` is draft, scheduled or published, not {other:?}.")))
        }
    };
    let page = number_in("page", query.page.as_deref(), 1, 1, crate::http::extract::PAGE_MAX)?;
    let filter = DeskFilter { status, section: query.section, author: query.author, q: query.q };
    let (items, total) = state.store.desk_list(&filter, page, PER_PAGE).await?;
    Ok(Json(DeskList { items, page, total }))
}

/// `POST /api/desk/articles`: a new story, in the state it asks for.
#[utoipa::path(
    post,
    path = "/desk/articles",
    operation_id = "create_story",
    tag = "desk",
    security(("bearer" = [])),
    request_body(content = DeskArticle, description = "The story: an article as `okur import` takes it in JSON, and `status`."),
    responses(
        (status = 201, description = "The story as saved; `ETag` its version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's version, to send back as If-Match."))),
        (status = 400, description = "Not JSON.", body = ErrorResponse),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 413, description = "Over 2 MB.", body = ErrorResponse),
        (status = 422, description = "A field breaks the rules (each message at its field), or the address is taken.", body = ErrorResponse),
    ),
)]
async fn create_story(
    State(state): State<AppState>,
    headers: HeaderMap,
    sent: Result<Json<DeskArticle>, JsonRejection>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    let input = story_body(sent)?;
    if input.correction.is_some() {
        return Err(no_correction());
    }
    let checked = checked_story(&state, &input, None, Stamp::now()).await?;
    let document = desk_article(&checked.article, checked.status, checked.planned_at.as_deref());
    let action = match checked.status {
        StoryStatus::Draft => RevisionAction::Created,
        StoryStatus::Scheduled => RevisionAction::Scheduled,
        StoryStatus::Published => RevisionAction::Published,
    };
    let write = DeskWrite {
        staff: &staff,
        slug: None,
        expect: Expect::Any,
        article: &checked.article,
        planned_at: checked.planned_at.as_deref(),
        document: &serde_json::to_string(&document).unwrap_or_default(),
        action,
        correction: None,
    };
    state.store.desk_write(&write).await?.map_err(refused)?;
    tracing::info!(staff, slug = checked.article.slug, status = checked.status.as_str(), "story created");
    let mut response = answer(StatusCode::CREATED, found(&state, &checked.article.slug).await?);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/desk/articles/{}", checked.article.slug)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// A story checked by the rules, with the sizes of the uploads it names written in; every
/// message at its field.
async fn checked_story(
    state: &AppState,
    input: &DeskArticle,
    was_out: Option<&str>,
    now: Stamp,
) -> Result<Checked, AppError> {
    let mut checked = check_story(input, was_out, now).map_err(AppError::Invalid)?;
    let missing = state.store.size_uploads(&mut checked.article).await?;
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    Ok(checked)
}

/// The answer to a correction where none belongs.
fn no_correction() -> AppError {
    AppError::Invalid(
        [("correction".to_owned(), "A correction goes with a change to a story that is on the site.".to_owned())]
            .into(),
    )
}

/// `GET /api/desk/articles/{slug}`: a story in whatever state, with its working copy.
#[utoipa::path(
    get,
    path = "/desk/articles/{slug}",
    operation_id = "get_story",
    tag = "desk",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The story's URL name.")),
    responses(
        (status = 200, description = "The story; `ETag` its version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's version, to send back as If-Match."))),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
    ),
)]
async fn get_story(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
) -> Result<Response, AppError> {
    desk_staff(&state, &headers, false).await?;
    Ok(answer(StatusCode::OK, found(&state, &slug).await?))
}

/// `PUT /api/desk/articles/{slug}`: the story as it is to be, on the version named in
/// `If-Match`; another `slug` renames it (the old address answers 301).
#[utoipa::path(
    put,
    path = "/desk/articles/{slug}",
    operation_id = "update_story",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name now."),
        ("If-Match" = String, Header, description = "The version the change was made on (the ETag of a GET), or `*`."),
    ),
    request_body(content = DeskArticle, description = "The story as it is to be; `correction` only with a change to a story on the site."),
    responses(
        (status = 200, description = "The story as saved; `ETag` its new version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's new version."))),
        (status = 400, description = "Not JSON.", body = ErrorResponse),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
        (status = 412, description = "Someone changed the story since that version; `ETag` the version now.", body = ErrorResponse),
        (status = 413, description = "Over 2 MB.", body = ErrorResponse),
        (status = 422, description = "A field breaks the rules, or the new address is taken.", body = ErrorResponse),
        (status = 428, description = "No If-Match.", body = ErrorResponse),
    ),
)]
async fn update_story(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
    sent: Result<Json<DeskArticle>, JsonRejection>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    let current = found(&state, &slug).await?;
    let expect = expected(&headers)?;
    let input = story_body(sent)?;
    change(&state, &staff, current, expect, input, None).await
}

/// Writes a change of a story that exists (an update, or a restored revision).
async fn change(
    state: &AppState,
    staff: &str,
    current: StoryRow,
    expect: Expect,
    input: DeskArticle,
    restored: Option<i64>,
) -> Result<Response, AppError> {
    let now = Stamp::now();
    let was_out = match current.status {
        StoryStatus::Published => Some(current.article.published_at.as_str()),
        StoryStatus::Draft => current.planned_at.as_deref(),
        StoryStatus::Scheduled => None,
    };
    let mut checked = checked_story(state, &input, was_out, now).await?;
    let stays_out = current.status == StoryStatus::Published && checked.status == StoryStatus::Published;
    if checked.correction.is_some() && !stays_out {
        return Err(no_correction());
    }
    // A change to a story on the site moves its "Güncelleme" (dateModified); else it keeps it.
    checked.article.updated_at = if stays_out { Some(now.to_string()) } else { current.article.updated_at.clone() };
    let action = match (restored, current.status, checked.status) {
        (Some(_), _, _) => RevisionAction::Restored,
        (_, _, StoryStatus::Published) => RevisionAction::Published,
        (_, _, StoryStatus::Scheduled) => RevisionAction::Scheduled,
        (_, StoryStatus::Draft, StoryStatus::Draft) => RevisionAction::Saved,
        (_, _, StoryStatus::Draft) => RevisionAction::Unpublished,
    };
    let document = desk_article(&checked.article, checked.status, checked.planned_at.as_deref());
    let write = DeskWrite {
        staff,
        slug: Some(&current.article.slug),
        expect,
        article: &checked.article,
        planned_at: checked.planned_at.as_deref(),
        document: &serde_json::to_string(&document).unwrap_or_default(),
        action,
        correction: checked.correction.as_deref(),
    };
    state.store.desk_write(&write).await?.map_err(refused)?;
    tracing::info!(staff, slug = checked.article.slug, action = action.as_str(), "story changed");
    Ok(answer(StatusCode::OK, found(state, &checked.article.slug).await?))
}

/// `DELETE /api/desk/articles/{slug}`: deletes a story that is off the site, with its comments.
#[utoipa::path(
    delete,
    path = "/desk/articles/{slug}",
    operation_id = "delete_story",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name."),
        ("If-Match" = String, Header, description = "The version the deletion was decided on, or `*`."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
        (status = 409, description = "The story is on the site or scheduled: take it off first.", body = ErrorResponse),
        (status = 412, description = "Someone changed the story since that version.", body = ErrorResponse),
        (status = 428, description = "No If-Match.", body = ErrorResponse),
    ),
)]
async fn delete_story(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    found(&state, &slug).await?;
    let expect = expected(&headers)?;
    state.store.desk_delete(&slug, expect, &staff).await?.map_err(refused)?;
    tracing::info!(staff, slug, "story deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `PUT /api/desk/articles/{slug}/working`: keeps an editor's working copy (readers never see
/// it; nothing is checked but its shape), on the version named in `If-Match`.
#[utoipa::path(
    put,
    path = "/desk/articles/{slug}/working",
    operation_id = "save_working",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name."),
        ("If-Match" = String, Header, description = "The version the copy was made on, or `*`."),
    ),
    request_body(content = DeskArticle, description = "The working copy, as far as the editor got."),
    responses(
        (status = 200, description = "Kept; `ETag` the story's new version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's new version."))),
        (status = 400, description = "Not JSON.", body = ErrorResponse),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
        (status = 412, description = "Someone changed the story since that version.", body = ErrorResponse),
        (status = 413, description = "Over 2 MB.", body = ErrorResponse),
        (status = 428, description = "No If-Match.", body = ErrorResponse),
    ),
)]
async fn save_working(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
    sent: Result<Json<DeskArticle>, JsonRejection>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    found(&state, &slug).await?;
    let expect = expected(&headers)?;
    let working = serde_json::to_string(&story_body(sent)?).unwrap_or_default();
    state.store.desk_working(&slug, expect, &staff, Some(&working)).await?.map_err(refused)?;
    Ok(answer(StatusCode::OK, found(&state, &slug).await?))
}

/// `DELETE /api/desk/articles/{slug}/working`: drops the working copy, on the version named.
#[utoipa::path(
    delete,
    path = "/desk/articles/{slug}/working",
    operation_id = "discard_working",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name."),
        ("If-Match" = String, Header, description = "The version the decision was made on, or `*`."),
    ),
    responses(
        (status = 200, description = "Dropped; `ETag` the story's new version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's new version."))),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
        (status = 412, description = "Someone changed the story since that version.", body = ErrorResponse),
        (status = 428, description = "No If-Match.", body = ErrorResponse),
    ),
)]
async fn discard_working(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    found(&state, &slug).await?;
    let expect = expected(&headers)?;
    state.store.desk_working(&slug, expect, &staff, None).await?.map_err(refused)?;
    Ok(answer(StatusCode::OK, found(&state, &slug).await?))
}

/// `GET /api/desk/articles/{slug}/revisions`: who changed the story when, the newest first.
#[utoipa::path(
    get,
    path = "/desk/articles/{slug}/revisions",
    operation_id = "list_revisions",
    tag = "desk",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The story's URL name.")),
    responses(
        (status = 200, description = "Its revisions, the newest first.", body = Vec<Revision>),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's.", body = ErrorResponse),
        (status = 404, description = "No such story.", body = ErrorResponse),
    ),
)]
async fn list_revisions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(slug): Params<String>,
) -> Result<Json<Vec<Revision>>, AppError> {
    desk_staff(&state, &headers, false).await?;
    let revisions = state.store.desk_revisions(&slug).await?;
    revisions.map(Json).ok_or_else(|| AppError::NotFound(format!("There is no story {slug:?}.")))
}

/// `GET /api/desk/articles/{slug}/revisions/{number}`: a revision, and how it differs from the one before.
#[utoipa::path(
    get,
    path = "/desk/articles/{slug}/revisions/{number}",
    operation_id = "get_revision",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name."),
        ("number" = i64, Path, description = "The revision's number.", minimum = 1),
    ),
    responses(
        (status = 200, description = "The revision, with its difference from the one before.", body = RevisionDetail),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's.", body = ErrorResponse),
        (status = 404, description = "No such story or revision.", body = ErrorResponse),
    ),
)]
async fn get_revision(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params((slug, number)): Params<(String, i64)>,
) -> Result<Json<RevisionDetail>, AppError> {
    desk_staff(&state, &headers, false).await?;
    let (revision, article, before) = revision_of(&state, &slug, number).await?;
    let diff = diff(before.as_ref(), &article);
    Ok(Json(RevisionDetail { revision, article, diff }))
}

/// A revision's story and the one before it, or 404.
async fn revision_of(
    state: &AppState,
    slug: &str,
    number: i64,
) -> Result<(Revision, DeskArticle, Option<DeskArticle>), AppError> {
    let missing = || AppError::NotFound(format!("The story {slug:?} has no revision {number}."));
    let (revision, document, before) = state.store.desk_revision(slug, number).await?.ok_or_else(missing)?;
    let read = |json: &str| serde_json::from_str::<DeskArticle>(json);
    let article = read(&document).map_err(|err| {
        tracing::error!(slug, number, error = %err, "an unreadable revision");
        missing()
    })?;
    Ok((revision, article, before.as_deref().and_then(|json| read(json).ok())))
}

/// `POST /api/desk/articles/{slug}/revisions/{number}/restore`: brings a revision's text back
/// as a new revision (the story keeps its address and where it stands).
#[utoipa::path(
    post,
    path = "/desk/articles/{slug}/revisions/{number}/restore",
    operation_id = "restore_revision",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The story's URL name."),
        ("number" = i64, Path, description = "The revision to bring back.", minimum = 1),
        ("If-Match" = String, Header, description = "The version the decision was made on, or `*`."),
    ),
    responses(
        (status = 200, description = "The story as restored; `ETag` its new version.", body = DeskStory,
         headers(("ETag" = String, description = "The story's new version."))),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 404, description = "No such story or revision.", body = ErrorResponse),
        (status = 412, description = "Someone changed the story since that version.", body = ErrorResponse),
        (status = 422, description = "The revision's text breaks today's rules for where the story stands.", body = ErrorResponse),
        (status = 428, description = "No If-Match.", body = ErrorResponse),
    ),
)]
async fn restore_revision(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params((slug, number)): Params<(String, i64)>,
) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    let current = found(&state, &slug).await?;
    let expect = expected(&headers)?;
    let (_, old, _) = revision_of(&state, &slug, number).await?;
    let now = desk_article(&current.article, current.status, current.planned_at.as_deref());
    let input =
        DeskArticle { slug: now.slug, status: now.status, published_at: now.published_at, correction: None, ..old };
    change(&state, &staff, current, expect, input, Some(number)).await
}

/// The trail's query.
#[derive(Debug, Deserialize)]
struct AuditQuery {
    slug: Option<String>,
    page: Option<String>,
}

/// `GET /api/desk/audit?slug=&page=`: who changed which story how, the newest first.
#[utoipa::path(
    get,
    path = "/desk/audit",
    operation_id = "list_audit",
    tag = "desk",
    security(("bearer" = [])),
    params(
        ("slug" = Option<String>, Query, description = "Only this story's lines (by its URL name at the time)."),
        ("page" = Option<u32>, Query, description = "The page, from 1 (50 lines a page).", minimum = 1, maximum = 2147483647),
    ),
    responses(
        (status = 200, description = "A page of the trail.", body = Vec<AuditEntry>),
        (status = 400, description = "A malformed query.", body = ErrorResponse),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's.", body = ErrorResponse),
    ),
)]
async fn list_audit(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    desk_staff(&state, &headers, false).await?;
    let query = query_or_400(query)?;
    let page = number_in("page", query.page.as_deref(), 1, 1, crate::http::extract::PAGE_MAX)?;
    Ok(Json(state.store.desk_audit(query.slug.as_deref().filter(|s| !s.is_empty()), page, PER_PAGE).await?))
}
