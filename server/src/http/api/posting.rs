//! Posting a comment, with every rule enforced here, the authority; and the rules a text
//! entering a thread meets, whether posted or edited (`entering`).

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::comments::{check_comment, CommentPosted, CommentStatus, FieldError, NewComment};
use okur_types::ErrorResponse;
use unicode_normalization::UnicodeNormalization;

use crate::domain::stamp::Stamp;
use crate::domain::text;
use crate::http::error::AppError;
use crate::http::extract::{moderator, request_locale, same_origin, Params, Peer};
use crate::http::identity::{client_of, ClientKey};
use crate::http::state::{AppState, Moderation};
use crate::store::{CommentEdit, CommentRow, CommentState};
use okur_web::i18n::Locale;

/// How long the same comment on the same article counts as a duplicate.
pub(super) const DUPLICATE_WINDOW: time::Duration = time::Duration::minutes(10);

/// The largest request body a post may have.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The fields of a posted comment, for naming the one a type error is in.
const POSTED_FIELDS: [&str; 5] = ["author_name", "author_email", "body", "parent_id", "website"];

/// The posted comment as axum's `Json` read it, text NFC-normalized; or its rejection as this
/// API's error: no JSON content type 415, over the limit 413, too slow 408, not JSON (or not an
/// object) 400, a field of the wrong type 422 with that field named.
pub(super) fn read_post(posted: Result<Json<NewComment>, JsonRejection>) -> Result<NewComment, AppError> {
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
    let poster = poster(&state, &headers, peer).await?;
    let client = poster.client;
    counted(&state, client, accept(&state, &slug, &poster, posted).await).await
}

/// A request's answer, a refusal counted against the client's budget of refused requests: as
/// it is answered, in one step, so that requests sent together learn no more than the budget's
/// worth of refusals; those past it are told to wait instead.
pub(super) async fn counted<T>(
    state: &AppState,
    client: ClientKey,
    answer: Result<T, AppError>,
) -> Result<T, AppError> {
    match answer {
        Err(err) if err.is_clients_fault() => {
            state.limiter.refused(client, state.comments.refused_rate_limit).await?;
            Err(err)
        }
        answer => answer,
    }
}

/// Who asks, and whether they may: a client over its budget of refused requests is told to
/// wait before anything else is looked at. A moderator signed in, posting from this site, writes
/// as staff (the badge); anyone else is a reader, whose name may not pass for the site's, an
/// author's or a moderator's.
pub(super) async fn poster(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> Result<Poster, AppError> {
    let client = ClientKey::of(client_of(headers, peer, &state.comments.trusted_proxies));
    if let Some(wait) = state.limiter.refused_wait(client, state.comments.refused_rate_limit).await? {
        return Err(AppError::RateLimited(wait));
    }
    let staff = same_origin(state, headers).is_ok() && moderator(state, headers).await.is_ok();
    Ok(Poster { client, staff, locale: request_locale(headers, state.locale) })
}

/// Who sends a post or an edit.
pub(super) struct Poster {
    /// The client, for its budgets.
    pub(super) client: ClientKey,
    /// A signed-in moderator.
    staff: bool,
    /// The language of the page it is sent from, for the messages only the server gives.
    locale: Locale,
}

/// Whether reply emails may be asked for: the site sends email, and the post has an address.
fn notify_allowed(state: &AppState, locale: Locale, new: &NewComment) -> Result<(), AppError> {
    let (field, message) = match (state.mail, locale) {
        (false, Locale::Tr) => ("notify_replies", "Bu site e-posta göndermiyor."),
        (false, Locale::En) => ("notify_replies", "This site sends no email."),
        (true, _) if new.author_email.as_deref().is_some_and(|e| !e.trim().is_empty()) => return Ok(()),
        (true, Locale::Tr) => ("author_email", "Yanıtların e-postayla gelmesi için e-posta adresinizi yazın."),
        (true, Locale::En) => ("author_email", "Give your email address to get replies by email."),
    };
    Err(AppError::Invalid([(field.to_owned(), message.to_owned())].into()))
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
    if new.notify_replies {
        notify_allowed(state, poster.locale, &new)?;
    }
    let text = entering(state, poster, &new).await?;
    let bot = new.website.is_some();
    let held = text.held;
    // The author's key to their comment for the edit window, kept only as its hash.
    let window = state.comments.edit_window;
    let token = window.is_positive().then(crate::auth::new_token);
    let row = CommentRow {
        article_id: target.article_id,
        parent_id: new.parent_id,
        duplicate_key: text.duplicate_key,
        author_name: text.author_name,
        author_email: text.author_email,
        body: text.body,
        status: if held { CommentState::Pending } else { CommentState::Published },
        staff: poster.staff,
        edit_token_hash: token.as_deref().map(crate::auth::token_hash),
        notify_replies: new.notify_replies.then_some(poster.locale),
    };
    let now = Stamp::now();
    let stored = state.store.add_comment(&row, now, now.before(DUPLICATE_WINDOW), !bot).await;
    if bot && stored.is_ok() {
        tracing::info!(slug, "honeypot post answered and dropped");
    }
    match stored {
        Ok((comment, notify_replies)) => {
            let (status, code) = if held {
                (CommentStatus::Pending, StatusCode::ACCEPTED)
            } else {
                (CommentStatus::Published, StatusCode::CREATED)
            };
            let editable_until = token.is_some().then(|| now.after(window).to_string());
            let posted = CommentPosted { comment, status, edit_token: token, editable_until, notify_replies };
            Ok((code, Json(posted)).into_response())
        }
        Err(rejected) => {
            state.limiter.release(client, state.comments.rate_limit).await?;
            Err(rejected.into())
        }
    }
}

/// A text entering a thread, posted or edited, checked by every rule but the store's: the
/// shared rules (as sent, as the OpenAPI document states them), the email's domain, a name that
/// would pass for someone else's; then kept in NFC (one text however it was typed is stored
/// alike), its duplicate key, and whether the moderation rule holds it. The client's budget of
/// accepted posts is taken last (the caller gives it back when the store refuses).
pub(super) async fn entering(state: &AppState, poster: &Poster, new: &NewComment) -> Result<CommentEdit, AppError> {
    let mut checked = check_comment(&new.author_name, new.author_email.as_deref().unwrap_or(""), &new.body);
    if let Ok(comment) = &checked {
        if comment.author_email.as_deref().is_some_and(|email| !text::email_domain_ok(email)) {
            checked = Err(vec![("author_email", FieldError::InvalidEmail)]);
        }
    }
    let checked = checked
        .map_err(|errors| AppError::Invalid(errors.into_iter().map(|(f, e)| (f.to_owned(), e.message())).collect()))?;
    let author_name: String = checked.author_name.nfc().collect();
    let body: String = checked.body.nfc().collect();
    if !poster.staff && state.names.current(&state.store).await?.taken_by(&author_name) {
        let field = ("author_name".to_owned(), taken_name(poster.locale).to_owned());
        return Err(AppError::Invalid([field].into()));
    }
    let settings = &state.comments;
    state.limiter.acquire(poster.client, settings.rate_limit).await?;
    // A moderator's own comment needs no one's approval.
    let held = !poster.staff
        && match settings.moderation {
            Moderation::Off => false,
            Moderation::All => true,
            Moderation::Links => text::contains_link(&body) || text::contains_link(&author_name),
        };
    Ok(CommentEdit {
        duplicate_key: text::duplicate_key(&author_name, &body),
        author_name,
        author_email: checked.author_email,
        body,
        held,
    })
}
