//! Uploaded images' files, `/media/{hash}-{width}.{jpg|webp}`, from the database: kept by every
//! browser and proxy for good, since a name never changes what it shows (it is the upload's
//! content). Other names under `/media/` are files of the build (the demo's pictures).

use axum::http::header;
use axum::response::{IntoResponse, Response};
use okur_types::media::{parse_name, PREFIX};

use super::files::{not_found, IMMUTABLE};
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::media::process::Format;

/// The answer for an upload's file when `path` names one (`None` for any other path).
pub async fn answer(state: &AppState, path: &str) -> Option<Response> {
    let (hash, width, ext) = parse_name(path.strip_prefix(PREFIX)?)?;
    let format = Format::from_ext(ext)?;
    Some(match state.store.media_file(hash, width, format).await {
        Ok(Some(bytes)) => {
            ([(header::CONTENT_TYPE, format.content_type()), (header::CACHE_CONTROL, IMMUTABLE)], bytes).into_response()
        }
        Ok(None) => not_found(),
        Err(err) => AppError::from(err).into_response(),
    })
}
