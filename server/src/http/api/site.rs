//! The server itself: `GET /api/health`.

use axum::extract::State;
use axum::Json;
use okur_types::{ErrorResponse, Health};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::AppError;
use crate::http::state::AppState;

/// The site's documented routes (never cached: health is asked of the database each time).
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// `GET /api/health`: answers `ok` only when the database does.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "site",
    responses(
        (status = 200, description = "The server and its database answer.", body = Health),
        (status = 503, description = "The database does not answer.", body = ErrorResponse),
    ),
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store.ping().await.map_err(|err| {
        tracing::error!(error = %err, "health check failed");
        AppError::Unavailable
    })?;
    Ok(Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}
