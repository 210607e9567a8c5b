//! `POST /api/desk/images`: a photograph for a story, sent as the request's raw body by the
//! desk's page or a publishing tool. Recognised by its bytes, refused above 25 MB or 40
//! megapixels before it is decoded, turned upright, stripped of every byte of metadata and made
//! into the widths and formats readers' screens take ([`crate::media`]); kept in the database
//! under its content's hash, so every replica serves it and the same file sent twice is one
//! image.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use okur_types::desk::UploadedImage;
use okur_types::media::{file, preview_width};
use okur_types::ErrorResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::AppError;
use crate::http::extract::desk_staff;
use crate::http::state::AppState;
use crate::media::process::{Format, MediaError, BYTES_MAX};
use crate::media::{hash_of, UploadError};

/// The image types an upload may say it is (what it is, its bytes decide).
const TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// An image file's bytes, as an upload's body is documented.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // the document's alone: the handler reads the body as it comes
struct ImageFile(Vec<u8>);

/// The upload's route (under `/desk`), documented.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_image))
}

/// `POST /api/desk/images`: an image made ready; `src` is what an image block names.
#[utoipa::path(
    post,
    path = "/desk/images",
    operation_id = "upload_image",
    tag = "desk",
    security(("bearer" = [])),
    request_body(
        description = "The image file itself (JPEG, PNG or WebP, at most 25 MB and 40 megapixels).",
        content(
            (ImageFile = "image/jpeg"),
            (ImageFile = "image/png"),
            (ImageFile = "image/webp"),
        ),
    ),
    responses(
        (status = 201, description = "The image, made ready.", body = UploadedImage),
        (status = 200, description = "The same image was uploaded before: its files.", body = UploadedImage),
        (status = 401, description = "No session or token.", body = ErrorResponse),
        (status = 403, description = "Not an editor's or admin's, or no Origin and CSRF token with a session.", body = ErrorResponse),
        (status = 413, description = "Over 25 MB.", body = ErrorResponse),
        (status = 415, description = "Not a JPEG, PNG or WebP image, whatever it says it is.", body = ErrorResponse),
        (status = 422, description = "Over 40 megapixels, or a broken or truncated file.", body = ErrorResponse),
        (status = 503, description = "Too many uploads at once; `Retry-After` says when to try again.", body = ErrorResponse),
    ),
)]
async fn upload_image(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, AppError> {
    let staff = desk_staff(&state, &headers, true).await?;
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let kind = kind.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if !TYPES.contains(&kind.as_str()) {
        return Err(AppError::Image(MediaError::Unsupported));
    }
    let said = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if said.is_some_and(|length| length > BYTES_MAX as u64) {
        return Err(AppError::Image(MediaError::TooBig));
    }
    let bytes = axum::body::to_bytes(body, BYTES_MAX).await.map_err(|err| {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&err);
        while let Some(err) = source {
            if err.is::<http_body_util::LengthLimitError>() {
                return AppError::Image(MediaError::TooBig);
            }
            source = err.source();
        }
        AppError::BadRequest(format!("The image did not arrive whole: {err}"))
    })?;
    let hash = hash_of(&bytes);
    let prepared = state.uploads.prepare(bytes).await.map_err(|err| match err {
        UploadError::Refused(why) => AppError::Image(why),
        UploadError::Busy => AppError::TooManyUploads(10),
        UploadError::Failed(why) => {
            tracing::error!(error = why, "an upload's processing failed");
            AppError::Image(MediaError::Broken("it could not be processed".into()))
        }
    })?;
    let added = state.store.add_media(&hash, &prepared, &staff).await?;
    let (width, height) = prepared.widest();
    let answer = UploadedImage {
        src: file(&hash, width, Format::Jpeg.ext()),
        width,
        height,
        preview: file(&hash, preview_width(width), Format::Jpeg.ext()),
        files: prepared.variants.iter().map(|v| file(&hash, v.width, v.format.ext())).collect(),
    };
    tracing::info!(staff, src = answer.src, new = added, "image uploaded");
    let status = if added { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(answer)).into_response())
}
