//! The one error type of the HTTP layer: every failure becomes `{"error": {"code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::{ErrorBody, ErrorResponse};

use crate::store::StoreError;

/// Everything a request can fail with, each mapped to its status and a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request itself is malformed (a bad query string, say).
    #[error("{0}")]
    BadRequest(String),
    /// The route exists but not for this method.
    #[error("This address does not accept that method.")]
    MethodNotAllowed,
    /// The database failed; the details are logged, never sent.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The database is not answering right now.
    #[error("The database is not available right now.")]
    Unavailable,
}

impl AppError {
    /// The HTTP status and the machine-readable code for this error.
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        }
    }
}

/// Builds the JSON error answer; shared with the panic handler so even a bug answers in JSON.
pub fn error_response(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorResponse {
        error: ErrorBody {
            code: code.to_owned(),
            message,
            fields: None,
        },
    };
    (status, Json(body)).into_response()
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
        error_response(status, code, message)
    }
}
