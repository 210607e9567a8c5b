//! The admins' management of staff accounts under `/api/staff`, the browser's `okur staff`:
//! the accounts with their roles and open sessions, adding one, changing a role or a password
//! (its sessions end), removing one. An admin only, with the session, an `Origin` of this site
//! and the CSRF token for every change; an admin cannot take their own admin role or remove
//! themselves, and the last admin stays one.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use okur_types::moderation::{Role, StaffChange};

use crate::http::error::AppError;
use crate::http::extract::{changer, moderator};
use crate::http::state::AppState;

/// The staff routes (nested under `/api/staff`).
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(list).post(add)).route("/{name}", put(change).delete(remove))
}

/// A field's error.
fn field(name: &str, message: &str) -> AppError {
    AppError::Invalid([(name.to_owned(), message.to_owned())].into())
}

/// A password checked and hashed off the request threads (argon2id is slow on purpose).
async fn hashed(password: &str) -> Result<String, AppError> {
    crate::auth::check_password(password).map_err(|err| field("password", &err.to_string()))?;
    let password = password.to_owned();
    let failed = |err: &dyn std::fmt::Display| {
        tracing::error!(error = %err, "could not hash a password");
        AppError::Unavailable
    };
    tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(|err| failed(&err))?
        .map_err(|err| failed(&err))
}

/// The accounts, as every answer here gives them.
async fn listed(state: &AppState) -> Result<Response, AppError> {
    Ok(Json(state.store.staff().await?).into_response())
}

/// `GET /api/staff`: every account, by name.
async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    moderator(&state, &headers).await?.may(Role::manages_staff)?;
    listed(&state).await
}

/// Reads a JSON body of a change.
fn body(sent: Result<Json<StaffChange>, JsonRejection>) -> Result<StaffChange, AppError> {
    sent.map(|Json(change)| change)
        .map_err(|_| AppError::BadRequest("Send {\"name\", \"role\", \"password\"} as JSON.".into()))
}

/// `POST /api/staff` `{name, role, password}`: a new account (201, the accounts), 422 for a
/// broken field or a name taken.
async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    sent: Result<Json<StaffChange>, JsonRejection>,
) -> Result<Response, AppError> {
    changer(&state, &headers).await?.may(Role::manages_staff)?;
    let new = body(sent)?;
    let name = crate::auth::check_name(new.name.trim()).map_err(|err| field("name", &err.to_string()))?.to_owned();
    let role = new.role.ok_or_else(|| field("role", "Choose a role: editor, moderator or admin."))?;
    let hash = hashed(new.password.as_deref().unwrap_or_default()).await?;
    if !state.store.add_staff(&name, &hash, role).await? {
        return Err(field("name", "There is an account by this name already."));
    }
    tracing::info!(name, role = role.as_str(), "staff account added");
    Ok((StatusCode::CREATED, listed(&state).await?).into_response())
}

/// `PUT /api/staff/{name}` `{role?, password?}`: another role (at once, in its open sessions
/// too) or a new password (its sessions end); the accounts.
async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    sent: Result<Json<StaffChange>, JsonRejection>,
) -> Result<Response, AppError> {
    let admin = changer(&state, &headers).await?.may(Role::manages_staff)?;
    let asked = body(sent)?;
    if state.store.moderator_hash(&name).await?.is_none() {
        return Err(AppError::NotFound("There is no such account.".into()));
    }
    if name == admin.name && asked.role.is_some_and(|role| role != Role::Admin) {
        return Err(field("role", "You cannot take your own admin role; another admin can."));
    }
    let hash = match asked.password.as_deref() {
        Some(password) => Some(hashed(password).await?),
        None => None,
    };
    if let Some(role) = asked.role {
        if !state.store.set_role(&name, role).await? {
            return Err(field("role", "This is the last admin: make another admin first."));
        }
    }
    if let Some(hash) = hash {
        state.store.set_moderator_password(&name, &hash).await?;
    }
    listed(&state).await
}

/// `DELETE /api/staff/{name}`: removes an account and its sessions (204).
async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let admin = changer(&state, &headers).await?.may(Role::manages_staff)?;
    if name == admin.name {
        return Err(field("name", "You cannot remove your own account; another admin can."));
    }
    if !state.store.remove_moderator(&name).await? {
        return Err(AppError::NotFound("There is no such account.".into()));
    }
    tracing::info!(name, "staff account removed");
    Ok(StatusCode::NO_CONTENT.into_response())
}
