//! The moderation page's one client of `/api/moderation`: the session cookie goes along by
//! itself (same origin), every change carries the session's CSRF token, and failures are read
//! by the API's error `code`.

use gloo_net::http::{Request, RequestBuilder, Response};
use okur_types::moderation::{
    Action, Batch, BatchDone, Decision, Login, NewSettings, Queue, QueuedComment, Session, Settings, StaffChange,
    StaffMember, Story,
};
use okur_types::ErrorResponse;
use okur_web::uri::encode_component;
use serde::de::DeserializeOwned;

/// Why a call did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No session, or it ended (`sign_in`): the page shows the sign-in form.
    #[error("not signed in")]
    SignIn,
    /// Wrong name or password (`bad_login`).
    #[error("wrong name or password")]
    BadLogin,
    /// Too many failed sign-ins (`too_many_logins`): seconds to wait.
    #[error("too many failed sign-ins; wait {0} s")]
    TooManyLogins(u64),
    /// The server could not be reached, failed, or answered something else.
    #[error("{0}")]
    Failed(String),
}

/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// Reads an answer: its JSON when it succeeded, else its error by code.
async fn read<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = checked(sent).await?;
    response.json().await.map_err(|err| ApiError::Failed(err.to_string()))
}

/// The answer when it succeeded, else its error by code.
async fn checked(sent: Result<Response, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = sent.map_err(|err| ApiError::Failed(err.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok()).unwrap_or(60);
    let status = response.status();
    let body: Option<ErrorResponse> = response.json().await.ok();
    let code = body.as_ref().map(|b| b.error.code.as_str()).unwrap_or_default();
    Err(match code {
        "sign_in" => ApiError::SignIn,
        "bad_login" => ApiError::BadLogin,
        "too_many_logins" => ApiError::TooManyLogins(retry_after),
        _ => ApiError::Failed(body.map_or_else(|| format!("HTTP {status}"), |b| b.error.message)),
    })
}

/// A change: POST with the CSRF token.
fn change(url: &str, csrf: &str) -> RequestBuilder {
    Request::post(url).header(CSRF_HEADER, csrf)
}

/// Who is signed in, if anyone.
pub async fn session() -> Result<Session, ApiError> {
    read(Request::get("/api/moderation/session").send().await).await
}

/// Signs in.
pub async fn login(name: &str, password: &str) -> Result<Session, ApiError> {
    let login = Login { name: name.to_owned(), password: password.to_owned() };
    let request = Request::post("/api/moderation/login").json(&login).map_err(|e| ApiError::Failed(e.to_string()))?;
    read(request.send().await).await
}

/// Signs out.
pub async fn logout(csrf: &str) -> Result<(), ApiError> {
    checked(change("/api/moderation/logout", csrf).send().await).await.map(drop)
}

/// The held comments (oldest first) or the recent published ones (newest first).
pub async fn queue(view: Queue) -> Result<Vec<QueuedComment>, ApiError> {
    let view = match view {
        Queue::Held => "held",
        Queue::Recent => "recent",
        Queue::Reported => "reported",
    };
    read(Request::get(&format!("/api/moderation/comments?view={view}")).send().await).await
}

/// One decision on several comments (or one).
pub async fn decide(csrf: &str, action: Action, ids: Vec<i64>) -> Result<BatchDone, ApiError> {
    let batch = Batch { action, ids };
    let request =
        change("/api/moderation/comments/batch", csrf).json(&batch).map_err(|e| ApiError::Failed(e.to_string()))?;
    read(request.send().await).await
}

/// Opens or closes an article to comments.
pub async fn open_article(csrf: &str, slug: &str, open: bool) -> Result<(), ApiError> {
    let action = if open { Action::Open } else { Action::Close };
    let slug = encode_component(slug);
    let url = format!("/api/moderation/articles/{slug}/{}", action.as_str());
    checked(change(&url, csrf).send().await).await.map(drop)
}

/// The latest stories, newest first, with their comment state.
pub async fn stories() -> Result<Vec<Story>, ApiError> {
    read(Request::get("/api/moderation/articles").send().await).await
}

/// The signed-in moderator's settings.
pub async fn settings() -> Result<Settings, ApiError> {
    read(Request::get("/api/moderation/settings").send().await).await
}

/// Sets the address told of held comments (blank: none).
pub async fn set_settings(csrf: &str, held_mail: &str) -> Result<Settings, ApiError> {
    let asked = NewSettings { held_mail: Some(held_mail.to_owned()).filter(|a| !a.trim().is_empty()) };
    let request = Request::put("/api/moderation/settings")
        .header(CSRF_HEADER, csrf)
        .json(&asked)
        .map_err(|e| ApiError::Failed(e.to_string()))?;
    read(request.send().await).await
}

/// A change an admin makes to the accounts.
#[derive(Debug, Clone)]
pub enum StaffAction {
    /// A new account.
    Add(StaffChange),
    /// A change of this account (its role, its password).
    Change(String, StaffChange),
    /// This account removed.
    Remove(String),
}

/// The staff accounts (an admin's).
pub async fn staff() -> Result<Vec<StaffMember>, ApiError> {
    read(Request::get("/api/staff").send().await).await
}

/// Carries out an admin's change of the accounts.
pub async fn change_staff(csrf: &str, action: StaffAction) -> Result<(), ApiError> {
    let json = |builder: RequestBuilder, change: &StaffChange| {
        builder.header(CSRF_HEADER, csrf).json(change).map_err(|e| ApiError::Failed(e.to_string()))
    };
    let sent = match action {
        StaffAction::Add(change) => json(Request::post("/api/staff"), &change)?.send().await,
        StaffAction::Change(name, change) => {
            json(Request::put(&format!("/api/staff/{}", encode_component(&name))), &change)?.send().await
        }
        StaffAction::Remove(name) => {
            Request::delete(&format!("/api/staff/{}", encode_component(&name))).header(CSRF_HEADER, csrf).send().await
        }
    };
    checked(sent).await.map(drop)
}

/// The latest decisions, newest first.
pub async fn log() -> Result<Vec<Decision>, ApiError> {
    read(Request::get("/api/moderation/log").send().await).await
}
