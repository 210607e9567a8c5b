//! The one error type of the HTTP layer: every failure becomes `{"error": {"code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::{ErrorBody, ErrorResponse};

use crate::media::process::MediaError;
use crate::store::{EditRefused, Listed, Missing, StoreError};

/// Everything a request can fail with, each mapped to its status and a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request itself is malformed (a bad query string, say).
    #[error("{0}")]
    BadRequest(String),
    /// A search over its bounds: too many characters or words (400, `search_too_long`, which
    /// the search page explains in the reader's language).
    #[error("{0}")]
    SearchTooLong(String),
    /// The route exists but not for this method.
    #[error("This address does not accept that method.")]
    MethodNotAllowed,
    /// The database failed; the details are logged, never sent.
    #[error(transparent)]
    Store(StoreError),
    /// Input broke rules: field → message (422).
    #[error("Some fields need another look.")]
    Invalid(std::collections::BTreeMap<String, String>),
    /// The body is not JSON (415).
    #[error("Send the comment as JSON (Content-Type: application/json).")]
    UnsupportedMediaType,
    /// The body did not arrive in time (408).
    #[error("The request body took too long to arrive.")]
    RequestTimeout,
    /// The body is over the limit, in bytes (413).
    #[error("The request is larger than {0} bytes.")]
    PayloadTooLarge(usize),
    /// The article takes no comments (403).
    #[error("Comments are closed on this article.")]
    CommentsClosed,
    /// The same comment was just posted (409).
    #[error("This comment was already posted.")]
    Duplicate,
    /// No edit token, or not the comment's (403).
    #[error("This comment cannot be changed with that token.")]
    EditTokenInvalid,
    /// The time for an author's changes is over (409).
    #[error("The time to change this comment is over.")]
    EditWindowClosed,
    /// Too many comments from one client; seconds to wait (429).
    #[error("Too many comments in a short time. Please wait {0} seconds.")]
    RateLimited(u64),
    /// The database is not answering right now.
    #[error("The database is not available right now.")]
    Unavailable,
    /// No live moderator session (401).
    #[error("Sign in as a moderator first.")]
    SignIn,
    /// A name and password that do not sign in; the same whether the account exists (401).
    #[error("That name and password do not match.")]
    BadLogin,
    /// A change without a matching Origin or CSRF token (403).
    #[error("This request did not come from the moderation page.")]
    Forbidden,
    /// A signed-in account whose role does not allow the request (403).
    #[error("This account's role does not allow this.")]
    NotAllowed,
    /// Too many failed logins; seconds to wait (429).
    #[error("Too many failed sign-ins. Please wait {0} seconds.")]
    TooManyLogins(u64),
    /// Too many sign-ins being checked at once; seconds to wait (503).
    #[error("Too many sign-ins at once. Please try again in {0} seconds.")]
    Busy(u64),
    /// Too many uploads waiting for their turn; seconds to wait (503).
    #[error("Too many images are being made ready at once. Please try again in {0} seconds.")]
    TooManyUploads(u64),
    /// An `Authorization` that is not a live token of a staff account (401).
    #[error("This token does not sign in: it is malformed, revoked, or its account is gone.")]
    BadToken,
    /// A change that does not say which version it was made on (428).
    #[error("Send the version you changed as If-Match (the ETag your GET answered).")]
    VersionRequired,
    /// A change made on a version that is no longer there: the one there now (412).
    #[error("Someone changed this story since: it is at version {0} now. Load it, and keep both texts.")]
    Stale(i64),
    /// An upload that is no image okur takes: too big (413), of another type (415), too many
    /// pixels or broken (422).
    #[error("{0}")]
    Image(MediaError),
    /// A story on the site (or scheduled) cannot be deleted (409).
    #[error("This story is on the site or scheduled: take it off (status draft) before deleting it.")]
    StillOnSite,
}

impl AppError {
    /// Whether the request was at fault (a 4xx other than 429): what a client's budget of
    /// refused requests counts.
    pub fn is_clients_fault(&self) -> bool {
        let (status, _) = self.status_and_code();
        status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS
    }

    /// The HTTP status and the machine-readable code for this error.
    pub(crate) fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::SearchTooLong(_) => (StatusCode::BAD_REQUEST, "search_too_long"),
            AppError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            AppError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            AppError::CommentsClosed => (StatusCode::FORBIDDEN, "comments_closed"),
            AppError::Duplicate => (StatusCode::CONFLICT, "duplicate"),
            AppError::EditTokenInvalid => (StatusCode::FORBIDDEN, "edit_token_invalid"),
            AppError::EditWindowClosed => (StatusCode::CONFLICT, "edit_window_closed"),
            AppError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            AppError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::SignIn => (StatusCode::UNAUTHORIZED, "sign_in"),
            AppError::BadLogin => (StatusCode::UNAUTHORIZED, "bad_login"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::NotAllowed => (StatusCode::FORBIDDEN, "not_allowed"),
            AppError::TooManyLogins(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_logins"),
            AppError::Busy(_) | AppError::TooManyUploads(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            AppError::BadToken => (StatusCode::UNAUTHORIZED, "bad_token"),
            AppError::VersionRequired => (StatusCode::PRECONDITION_REQUIRED, "version_required"),
            AppError::Stale(_) => (StatusCode::PRECONDITION_FAILED, "stale"),
            AppError::StillOnSite => (StatusCode::CONFLICT, "still_on_site"),
            AppError::Image(why) => match why {
                MediaError::TooBig => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
                MediaError::Unsupported => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image"),
                MediaError::TooManyPixels(_) => (StatusCode::UNPROCESSABLE_ENTITY, "image_too_large"),
                MediaError::Broken(_) => (StatusCode::UNPROCESSABLE_ENTITY, "image_broken"),
            },
        }
    }
}

/// Builds the JSON error answer; shared with the panic handler so even a bug answers in JSON.
pub fn error_response(status: StatusCode, code: &str, message: String) -> Response {
    with_fields(status, code, message, None)
}

/// The JSON error answer with per-field messages.
fn with_fields(
    status: StatusCode,
    code: &str,
    message: String,
    fields: Option<std::collections::BTreeMap<String, String>>,
) -> Response {
    let body = ErrorResponse { error: ErrorBody { code: code.to_owned(), message, fields } };
    (status, Json(body)).into_response()
}

/// What the store could not do, as the API says it: a missing thing or an unknown cursor is a
/// 404 naming it, a broken rule its own answer, anything else a 500 whose details are logged.
impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(Missing::Article(slug)) => {
                AppError::NotFound(format!("There is no article {slug:?}."))
            }
            StoreError::NotFound(Missing::Thread(root)) => {
                AppError::NotFound(format!("There is no thread {root} on this article."))
            }
            StoreError::UnknownCursor(Listed::Articles) => {
                AppError::NotFound("`after` names no article (was it removed?).".into())
            }
            StoreError::UnknownCursor(Listed::Threads) => {
                AppError::NotFound("`after` is not a thread of this article.".into())
            }
            StoreError::UnknownCursor(Listed::Replies) => {
                AppError::NotFound("`after` is not a reply of this thread (was it removed?).".into())
            }
            StoreError::UnknownParent => AppError::NotFound("The comment you reply to does not exist.".into()),
            StoreError::Duplicate => AppError::Duplicate,
            StoreError::EditRefused(EditRefused::NotFound) => {
                AppError::NotFound("There is no such comment on this article to change.".into())
            }
            StoreError::EditRefused(EditRefused::WrongToken) => AppError::EditTokenInvalid,
            StoreError::EditRefused(EditRefused::WindowClosed) => AppError::EditWindowClosed,
            StoreError::OverBudget { wait_ms } => AppError::RateLimited(seconds(wait_ms)),
            other => AppError::Store(other),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            AppError::Store(err) => {
                tracing::error!(error = %err, "request failed in the store");
                "Something went wrong on our side. Please try again.".to_owned()
            }
            other => other.to_string(),
        };
        match self {
            AppError::Invalid(fields) => with_fields(status, code, message, Some(fields)),
            AppError::RateLimited(seconds)
            | AppError::TooManyLogins(seconds)
            | AppError::Busy(seconds)
            | AppError::TooManyUploads(seconds) => {
                let mut response = error_response(status, code, message);
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
                response
            }
            AppError::BadToken => {
                let mut response = error_response(status, code, message);
                let challenge = axum::http::HeaderValue::from_static("Bearer realm=\"okur\"");
                response.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, challenge);
                response
            }
            AppError::Stale(version) => {
                let mut response = error_response(status, code, message);
                if let Ok(etag) = axum::http::HeaderValue::from_str(&format!("\"{version}\"")) {
                    response.headers_mut().insert(axum::http::header::ETAG, etag);
                }
                response
            }
            _ => error_response(status, code, message),
        }
    }
}

/// Milliseconds to wait, as the whole seconds Retry-After says (at least one).
pub fn seconds(ms: i64) -> u64 {
    u64::try_from(ms.max(1)).unwrap_or(1).div_ceil(1000)
}
