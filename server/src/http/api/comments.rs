//! The comment API: reading threads and posting, with every rule enforced here, the authority.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::comments::{
    check_comment, Comment, CommentOrder, CommentPlace, CommentPosted, CommentStatus, FieldError, NewComment, Replies,
    COMMENTS_PER_PAGE, COMMENTS_PER_PAGE_MAX, REPLIES_PER_PAGE_MAX,
};
use okur_types::{ErrorResponse, Page};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::stamp::Stamp;
use crate::domain::text;
use crate::http::cache::{Caching, Scope};
use crate::http::error::AppError;
use crate::http::extract::{moderator, number_in, query_or_400, request_locale, same_origin, Paging, Params, Peer};
use crate::http::identity::{client_of, ClientKey};
use crate::http::state::{AppState, Moderation};
use crate::store::{CommentRow, CommentState};
use okur_web::i18n::Locale;

/// How long the same comment on the same article counts as a duplicate.
const DUPLICATE_WINDOW: time::Duration = time::Duration::minutes(10);

/// The largest request body a post may have.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The comments' routes: pages of threads and a thread's replies kept under their article's
/// scope (posting passes through: the cache keeps GETs only), a comment's place not kept.
pub fn routes(caching: &Caching) -> OpenApiRouter<AppState> {
    let kept = OpenApiRouter::new().routes(routes!(list, post)).routes(routes!(replies));
    caching.api(Scope::Article, kept).routes(routes!(place))
}

/// The query of the comment list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    paging: Paging,
    order: Option<String>,
}

/// `GET /api/articles/{slug}/comments`: a page of threads.
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments",
    operation_id = "list_comments",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("page" = Option<u32>, Query, description = "The page of threads, from 1.", minimum = 1, maximum = 2147483647),
        ("per_page" = Option<u32>, Query, description = "Threads per page (default 20).", minimum = 1, maximum = 50),
        ("after" = Option<String>, Query, description = "The previous page's `next` (`page` is then ignored): the \
            threads after it, found in one index range scan however deep (the answer's `page` is then 0)."),
        ("order" = Option<CommentOrder>, Query, description = "Oldest (asc, the default) or newest (desc) first."),
    ),
    responses(
        (status = 200, description = "A page of threads: each top-level comment, then its first five replies \
            (depth first, oldest first); `more_replies` counts the rest.", body = Page<Comment>, links(
            ("more_replies" = (operation_id = "list_replies", parameters(
                ("slug" = "$request.path.slug"), ("id" = "$response.body#/items/0/id")
            ))),
        )),
        (status = 400, description = "A malformed page, page size or order.", body = ErrorResponse),
        (status = 404, description = "No such article, or `after` is not one of its threads.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    Params(slug): Params<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Page<Comment>>, AppError> {
    let query = query_or_400(query)?;
    let (position, per_page) = query.paging.read(COMMENTS_PER_PAGE, COMMENTS_PER_PAGE_MAX)?;
    let order = match query.order.as_deref() {
        None | Some("asc") => CommentOrder::Asc,
        Some("desc") => CommentOrder::Desc,
        Some(other) => return Err(AppError::BadRequest(format!("`order` must be asc or desc, not {other:?}."))),
    };
    Ok(Json(state.store.comment_page(&slug, &position, per_page, order).await?))
}

/// The query of a thread's further replies.
#[derive(Debug, Deserialize)]
pub struct RepliesQuery {
    after: Option<String>,
    per_page: Option<String>,
}

/// `GET /api/articles/{slug}/comments/{id}/replies?after=&per_page=`: the replies of the
/// thread under top-level comment `id` after reply `after`, at most `per_page` (1–50).
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments/{id}/replies",
    operation_id = "list_replies",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The thread's top-level comment."),
        ("after" = Option<i64>, Query, description = "The last reply the reader has; from the start without."),
        ("per_page" = Option<u32>, Query, description = "Replies to return (default and most 50).", minimum = 1, maximum = 50),
    ),
    responses(
        (status = 200, description = "The next replies, in display order: one range scan of the thread order \
            stored when each reply was written, however long the thread; `next` is there when more follow.",
            body = Replies, links(
            ("next" = (operation_id = "list_replies", parameters(
                ("slug" = "$request.path.slug"), ("id" = "$request.path.id"), ("after" = "$response.body#/next")
            ))),
        )),
        (status = 400, description = "A malformed cursor or page size.", body = ErrorResponse),
        (status = 404, description = "No such article, no such top-level comment on it, or `after` is not a \
            reply in its thread.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn replies(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
    query: Result<Query<RepliesQuery>, QueryRejection>,
) -> Result<Json<Replies>, AppError> {
    let query = query_or_400(query)?;
    let root = id.parse::<i64>().map_err(|_| AppError::NotFound(format!("There is no comment {id:?}.")))?;
    let limit = number_in("per_page", query.per_page.as_deref(), REPLIES_PER_PAGE_MAX, 1, REPLIES_PER_PAGE_MAX)?;
    let after = match query.after.as_deref() {
        None => None,
        Some(after) => Some(
            after
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest(format!("`after` must be the id of a reply, not {after:?}.")))?,
        ),
    };
    let target = state.store.comment_target(&slug).await?;
    Ok(Json(state.store.replies(target.article_id, root, after, limit).await?))
}

/// `GET /api/articles/{slug}/comments/{id}/place`: where comment `id` is shown, for a link to
/// it: its thread, the cursor of the page of threads that starts with it, and for a reply past
/// the inline ones the cursor of the replies page that starts with it.
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments/{id}/place",
    operation_id = "comment_place",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The comment (as in its link, `#comment-ID`)."),
    ),
    responses(
        (status = 200, description = "Where it is shown; load `comments?after=` (oldest first), then, for \
            `replies_after`, `replies?after=`.", body = CommentPlace),
        (status = 404, description = "No such article, or no such comment shown on it (held, rejected, \
            removed, or under a hidden one).", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn place(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
) -> Result<Json<CommentPlace>, AppError> {
    let not_here = || AppError::NotFound(format!("There is no comment {id:?} shown on this article."));
    let comment = id.parse::<i64>().map_err(|_| not_here())?;
    let target = state.store.comment_target(&slug).await?;
    state.store.comment_place(target.article_id, comment).await?.map(Json).ok_or_else(not_here)
}

/// The fields of a posted comment, for naming the one a type error is in.
const POSTED_FIELDS: [&str; 5] = ["author_name", "author_email", "body", "parent_id", "website"];

/// The posted comment as axum's `Json` read it, text NFC-normalized; or its rejection as this
/// API's error: no JSON content type 415, over the limit 413, too slow 408, not JSON (or not an
/// object) 400, a field of the wrong type 422 with that field named.
fn read_post(posted: Result<Json<NewComment>, JsonRejection>) -> Result<NewComment, AppError> {
    let rejection = match posted {
        Ok(Json(new)) => {
            let present = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
            return Ok(NewComment { author_email: present(new.author_email), website: present(new.website), ..new });
        }
        Err(rejection) => rejection,
    };
    if timed_out(&rejection) {
        return Err(AppError::RequestTimeout);
    }
    Err(match &rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
        _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(BODY_LIMIT),
        JsonRejection::JsonDataError(error) => {
            // "…target type: author_name: invalid type…": a field's error names it first.
            let text = error.body_text();
            let detail = text.split_once("target type: ").map_or(text.as_str(), |(_, rest)| rest);
            match POSTED_FIELDS.iter().find(|field| detail.starts_with(&format!("{field}: "))) {
                Some(field) => {
                    let message =
                        if *field == "parent_id" { "This must be a comment id." } else { "This field must be text." };
                    AppError::Invalid([(field.to_string(), message.to_owned())].into())
                }
                None => AppError::BadRequest("The body must be a JSON object.".into()),
            }
        }
        JsonRejection::JsonSyntaxError(_) => {
            AppError::BadRequest(format!("The body is not valid JSON: {}", rejection.body_text()))
        }
        _ => AppError::BadRequest("The request body could not be read.".into()),
    })
}

/// Whether a body failed because it did not arrive within the body timeout.
fn timed_out(rejection: &JsonRejection) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// `POST /api/articles/{slug}/comments`. Every refused post counts against the client's budget
/// of refused posts; a spent budget answers 429 before anything else is looked at.
#[utoipa::path(
    post,
    path = "/articles/{slug}/comments",
    operation_id = "post_comment",
    tag = "comments",
    params(("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final")),
    request_body(content = NewComment, content_type = "application/json", description = "The comment. \
        Beyond this schema: no control, invisible or direction-changing characters in the name, at least \
        two visible characters of text, an email valid as IDNA, and not the same comment within ten minutes."),
    responses(
        (status = 201, description = "Published.", body = CommentPosted, links(
            ("thread" = (operation_id = "list_comments", parameters(("slug" = "$request.path.slug")))),
        )),
        (status = 202, description = "Held for moderation.", body = CommentPosted),
        (status = 400, description = "Not JSON, or not an object.", body = ErrorResponse),
        (status = 403, description = "Comments are closed on this article.", body = ErrorResponse),
        (status = 404, description = "No such article, or no such published comment to reply to.", body = ErrorResponse),
        (status = 408, description = "The body did not arrive in time.", body = ErrorResponse),
        (status = 409, description = "The same comment was just posted.", body = ErrorResponse),
        (status = 413, description = "The body is over 16 KiB.", body = ErrorResponse),
        (status = 415, description = "Not sent as application/json.", body = ErrorResponse),
        (status = 422, description = "Fields broke the rules; `fields` says which and why.", body = ErrorResponse),
        (status = 429, description = "Too many posts from this client; see Retry-After.", body = ErrorResponse,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn post(
    State(state): State<AppState>,
    Params(slug): Params<String>,
    Peer(peer): Peer,
    headers: HeaderMap,
    posted: Result<Json<NewComment>, JsonRejection>,
) -> Result<Response, AppError> {
    let settings = &state.comments;
    let client = ClientKey::of(client_of(&headers, peer, &settings.trusted_proxies));
    if let Some(wait) = state.limiter.refused_wait(client, settings.refused_rate_limit).await? {
        return Err(AppError::RateLimited(wait));
    }
    // A moderator signed in, posting from this site, writes as staff (the badge); anyone else
    // is a reader, whose name may not pass for the site's, an author's or a moderator's.
    let staff = same_origin(&state, &headers).is_ok() && moderator(&state, &headers).await.is_ok();
    let poster = Poster { client, staff, locale: request_locale(&headers, state.locale) };
    match accept(&state, &slug, &poster, posted).await {
        // Counted as it is answered, in one step: posts sent together learn no more than the
        // budget's worth of refusals; those past it are told to wait instead.
        Err(err) if err.is_clients_fault() => {
            state.limiter.refused(client, settings.refused_rate_limit).await?;
            Err(err)
        }
        answer => answer,
    }
}

/// Who sends a post.
struct Poster {
    /// The client, for its budgets.
    client: ClientKey,
    /// A signed-in moderator.
    staff: bool,
    /// The language of the page it is sent from, for the messages only the server gives.
    locale: Locale,
}

/// What the name field says of a name that would pass for someone else's.
fn taken_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Tr => "Bu ad sitenin, bir yazarın ya da bir moderatörün adına benziyor; başka bir ad yazın.",
        Locale::En => "This name looks like the site's, an author's or a moderator's; choose another.",
    }
}

/// Checks and stores a post. A post that filled the honeypot goes through every step a real
/// one does and gets the same answer, but its transaction is rolled back.
async fn accept(
    state: &AppState,
    slug: &str,
    poster: &Poster,
    posted: Result<Json<NewComment>, JsonRejection>,
) -> Result<Response, AppError> {
    let client = poster.client;
    let new = read_post(posted)?;
    let target = state.store.comment_target(slug).await?;
    if !target.comments_open {
        return Err(AppError::CommentsClosed);
    }
    let mut checked = check_comment(&new.author_name, new.author_email.as_deref().unwrap_or(""), &new.body);
    if let Ok(comment) = &checked {
        if comment.author_email.as_deref().is_some_and(|email| !text::email_domain_ok(email)) {
            checked = Err(vec![("author_email", FieldError::InvalidEmail)]);
        }
    }
    let mut checked = checked
        .map_err(|errors| AppError::Invalid(errors.into_iter().map(|(f, e)| (f.to_owned(), e.message())).collect()))?;
    // Checked as sent, as the OpenAPI document states the rules; kept in NFC, so that one
    // text however it was typed is stored alike.
    checked.author_name = checked.author_name.nfc().collect();
    checked.body = checked.body.nfc().collect();
    if !poster.staff && state.names.current(&state.store).await?.taken_by(&checked.author_name) {
        let field = ("author_name".to_owned(), taken_name(poster.locale).to_owned());
        return Err(AppError::Invalid([field].into()));
    }
    let settings = &state.comments;
    state.limiter.acquire(client, settings.rate_limit).await?;
    // A moderator's own comment needs no one's approval.
    let held = !poster.staff
        && match settings.moderation {
            Moderation::Off => false,
            Moderation::All => true,
            Moderation::Links => text::contains_link(&checked.body) || text::contains_link(&checked.author_name),
        };
    let bot = new.website.is_some();
    let row = CommentRow {
        article_id: target.article_id,
        parent_id: new.parent_id,
        duplicate_key: text::duplicate_key(&checked.author_name, &checked.body),
        author_name: checked.author_name,
        author_email: checked.author_email,
        body: checked.body,
        status: if held { CommentState::Pending } else { CommentState::Published },
        staff: poster.staff,
    };
    let now = Stamp::now();
    let stored = state.store.add_comment(&row, now, now.before(DUPLICATE_WINDOW), !bot).await;
    if bot && stored.is_ok() {
        tracing::info!(slug, "honeypot post answered and dropped");
    }
    match stored {
        Ok(comment) => {
            let (status, code) = if held {
                (CommentStatus::Pending, StatusCode::ACCEPTED)
            } else {
                (CommentStatus::Published, StatusCode::CREATED)
            };
            Ok((code, Json(CommentPosted { comment, status })).into_response())
        }
        Err(rejected) => {
            state.limiter.release(client, settings.rate_limit).await?;
            Err(rejected.into())
        }
    }
}
