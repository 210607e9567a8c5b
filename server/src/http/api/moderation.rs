//! The moderators' API under `/api/moderation`: sign-in with a session cookie, the queue of
//! comments, decisions (one or several at once), opening and closing articles, and the audit
//! trail. Sessions live in the database (every replica knows them; removing a moderator or
//! changing their password ends them). Every change needs the session, an `Origin` of this
//! site and the session's CSRF token in `X-CSRF-Token`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use okur_types::moderation::{
    Action, Batch, BatchDone, Decision, Login, NewSettings, Queue, QueuedComment, Role, Session, Settings, Story,
};
use serde::Deserialize;

use crate::auth::{
    delay_after, new_token, token_hash, ACCOUNT_SLOW_AFTER, ADDRESS_FAILURES, CHECK_WAIT, PAIR_FAILURES,
};
use crate::http::error::AppError;
use crate::http::extract::{changer, cookie_name, moderator, same_origin, Peer};
use crate::http::identity::{client_of, ClientKey};
use crate::http::state::AppState;

/// The most comments a queue answer or a batch holds.
const QUEUE_MAX: u32 = 200;

/// The moderation API's routes (nested under `/api/moderation`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/session", get(session))
        .route("/comments", get(queue))
        .route("/comments/batch", post(batch))
        .route("/comments/{id}/{action}", post(decide))
        .route("/articles", get(stories))
        .route("/articles/{slug}/{action}", post(open_or_close))
        .route("/log", get(log))
        .route("/settings", get(settings).put(set_settings))
}

/// A moderator's settings as they stand.
async fn settings_of(state: &AppState, name: &str) -> Result<Settings, AppError> {
    let held = state.store.held_mail(name).await?;
    Ok(Settings {
        mail: state.mail,
        held_mail_confirmed: held.as_ref().is_some_and(|(_, confirmed, _)| *confirmed),
        held_mail: held.map(|(address, _, _)| address),
    })
}

/// `GET /api/moderation/settings`: the signed-in moderator's settings.
async fn settings(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let moderator = moderator(&state, &headers).await?.may(Role::moderates)?;
    Ok(no_store(Json(settings_of(&state, &moderator.name).await?)))
}

/// `PUT /api/moderation/settings` `{held_mail}`: sets (or, blank, clears) the address told of
/// held comments, in the page's language; a new address gets a confirmation email first.
async fn set_settings(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewSettings>, JsonRejection>,
) -> Result<Response, AppError> {
    let moderator = changer(&state, &headers).await?.may(Role::moderates)?;
    let Json(asked) = body.map_err(|_| AppError::BadRequest("Send {\"held_mail\"} as JSON.".into()))?;
    let locale = crate::http::extract::request_locale(&headers, state.locale);
    let field = |message: &str| AppError::Invalid([("held_mail".to_owned(), message.to_owned())].into());
    let address = match asked.held_mail.as_deref().map(okur_types::comments::check_email) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(address))) if crate::domain::text::email_domain_ok(&address) => Some(address),
        Some(_) => return Err(field("Write an email address such as name@example.com.")),
    };
    if address.is_some() && !state.mail {
        return Err(field("This site sends no email (--smtp-url)."));
    }
    if state.store.set_held_mail(&moderator.name, address.as_deref(), locale).await?.is_none() {
        return Err(AppError::NotFound("There is no such moderator.".into()));
    }
    Ok(no_store(Json(settings_of(&state, &moderator.name).await?)))
}

/// Seconds until a window that started at `first_at` ends.
fn seconds_left(first_at: &str) -> u64 {
    let started = time::OffsetDateTime::parse(first_at, &time::format_description::well_known::Rfc3339);
    let ends = started.map(|at| at + crate::auth::WINDOW).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    u64::try_from((ends - time::OffsetDateTime::now_utc()).whole_seconds()).unwrap_or(0).max(1)
}

/// `POST /api/moderation/login` `{name, password}`: a session cookie and the CSRF token, or 401
/// (the same answer whether the account exists, after the same work), or 429 once this address
/// has failed too often in 15 minutes on this account or on all of them (another address is
/// not refused for it), or 503 when too many sign-ins wait to be checked. Each failure holds
/// the answer back a little longer than the last; the model is in docs/operations.md.
async fn login(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    body: Result<Json<Login>, JsonRejection>,
) -> Result<Response, AppError> {
    same_origin(&state, &headers)?;
    let Json(login) = body.map_err(|_| AppError::BadRequest("Send {\"name\", \"password\"} as JSON.".into()))?;
    let address = ClientKey::of(client_of(&headers, peer.addr(), &state.comments.trusted_proxies));
    let name = login.name.trim().to_owned();
    let pair = format!("pair:{name}|{address}");
    let address = format!("address:{address}");
    let account = format!("account:{name}");
    // Each attempt is counted before it is checked, so that attempts sent together cannot
    // pass the limits; a right password takes its count back.
    let (pair_failures, pair_since) = state.store.fail_login(&pair).await?;
    let (address_failures, address_since) = state.store.fail_login(&address).await?;
    if pair_failures > PAIR_FAILURES || address_failures > ADDRESS_FAILURES {
        let since = if pair_failures > PAIR_FAILURES { pair_since } else { address_since };
        return Err(AppError::TooManyLogins(seconds_left(&since)));
    }
    let (account_failures, _) = state.store.fail_login(&account).await?;
    // Many failures on the account from everywhere slow its attempts, never lock it: an
    // address that has not failed on it (the moderator's own) is not held back.
    let slowed = account_failures > ACCOUNT_SLOW_AFTER && pair_failures > 1;
    if slowed {
        tokio::time::sleep(delay_after(account_failures - ACCOUNT_SLOW_AFTER, state.login_delay)).await;
    }
    let account_row = if login.password.chars().count() <= crate::auth::PASSWORD_MAX {
        state.store.moderator_hash(&name).await?
    } else {
        None
    };
    // A turn to check (argon2id holds 19 MiB while it runs): a flood waits, then is told to
    // come back, and its attempts are not counted against anyone.
    let hash = account_row.as_ref().map(|(_, hash, _)| hash.clone());
    let Some(right) = state.password_checks.verify(hash, login.password).await else {
        refund(&state, &[&pair, &address, &account]).await?;
        return Err(AppError::Busy(CHECK_WAIT.as_secs()));
    };
    let Some((moderator_id, _, role)) = account_row.filter(|_| right) else {
        let worst = if slowed { pair_failures.max(account_failures - ACCOUNT_SLOW_AFTER) } else { pair_failures };
        tokio::time::sleep(delay_after(worst, state.login_delay)).await;
        return Err(AppError::BadLogin);
    };
    state.store.clear_login_failures(&pair).await?;
    refund(&state, &[&address, &account]).await?;
    let token = new_token();
    let csrf = new_token();
    state.store.open_session(&token_hash(&token), moderator_id, &csrf).await?;
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(&state),
        crate::auth::IDLE.whole_seconds(),
        if state.https() { "; Secure" } else { "" }
    );
    let mut response = Json(Session { name, csrf, role }).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Takes back the failures counted for an attempt that signed in or was never checked.
async fn refund(state: &AppState, keys: &[&str]) -> Result<(), AppError> {
    for key in keys {
        state.store.refund_login(key).await?;
    }
    Ok(())
}

/// `POST /api/moderation/logout`: ends the session (204) and clears the cookie.
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let moderator = changer(&state, &headers).await?;
    state.store.close_session(&moderator.token_hash).await?;
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        cookie_name(&state),
        if state.https() { "; Secure" } else { "" }
    );
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /api/moderation/session`: who is signed in and their CSRF token, or 401.
async fn session(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let moderator = moderator(&state, &headers).await?;
    Ok(no_store(Json(Session { name: moderator.name, csrf: moderator.csrf, role: moderator.role })))
}

/// The queue's query.
#[derive(Debug, Deserialize)]
struct QueueQuery {
    view: Option<Queue>,
}

/// `GET /api/moderation/comments?view=held|recent|reported`: held comments across all articles,
/// oldest first (the default), recent published ones, newest first, or those with open reports,
/// the most reported first; at most 200.
async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    moderator(&state, &headers).await?.may(Role::moderates)?;
    let Query(query) = query.map_err(|_| AppError::BadRequest("`view` is held, recent or reported.".into()))?;
    let items: Vec<QueuedComment> = state.store.moderation_queue(query.view.unwrap_or_default(), QUEUE_MAX).await?;
    Ok(no_store(Json(items)))
}

/// `POST /api/moderation/comments/{id}/{approve|reject|delete|pick|unpick}`: one decision (204),
/// 404 when the comment is gone (or, for a pick, not shown).
async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let moderator = changer(&state, &headers).await?.may(Role::moderates)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("There is no such comment.".into()))?;
    let action = comment_action(&action)?;
    if !state.store.moderate_comment(id, action, &moderator.name).await? {
        return Err(AppError::NotFound("There is no such comment.".into()));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A decision on comments, by name.
fn comment_action(name: &str) -> Result<Action, AppError> {
    match Action::parse(name) {
        Some(action @ (Action::Approve | Action::Reject | Action::Delete | Action::Pick | Action::Unpick)) => {
            Ok(action)
        }
        _ => Err(AppError::NotFound("Comments are approved, rejected, deleted, picked or unpicked.".into())),
    }
}

/// `POST /api/moderation/comments/batch` `{action, ids}`: the same decision on several comments
/// (at most 200, each once however often it is named); which were decided and which were not
/// there.
async fn batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Batch>, JsonRejection>,
) -> Result<Json<BatchDone>, AppError> {
    let moderator = changer(&state, &headers).await?.may(Role::moderates)?;
    let Json(batch) = body.map_err(|_| AppError::BadRequest("Send {\"action\", \"ids\"} as JSON.".into()))?;
    comment_action(batch.action.as_str())?;
    if batch.ids.is_empty() || batch.ids.len() > QUEUE_MAX as usize {
        return Err(AppError::BadRequest(format!("Send 1 to {QUEUE_MAX} comment ids.")));
    }
    let mut done = BatchDone::default();
    // Each comment decided once, however often it is named: one decision, one audit line.
    let mut ids = batch.ids;
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    for id in ids {
        if state.store.moderate_comment(id, batch.action, &moderator.name).await? {
            done.done.push(id);
        } else {
            done.missing.push(id);
        }
    }
    Ok(Json(done))
}

/// `POST /api/moderation/articles/{slug}/{open|close}`: opens or closes an article to comments.
async fn open_or_close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let moderator = changer(&state, &headers).await?.may(Role::moderates)?;
    let open = match Action::parse(&action) {
        Some(Action::Open) => true,
        Some(Action::Close) => false,
        _ => return Err(AppError::NotFound("Articles are opened or closed.".into())),
    };
    if !state.store.open_comments(&slug, open, &moderator.name).await? {
        return Err(AppError::NotFound("There is no such article.".into()));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/moderation/articles`: the latest 200 stories (scheduled ones too), newest first,
/// each with whether it takes comments and how many of its comments are held.
async fn stories(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    moderator(&state, &headers).await?.may(Role::moderates)?;
    let stories: Vec<Story> = state.store.stories(QUEUE_MAX).await?;
    Ok(no_store(Json(stories)))
}

/// `GET /api/moderation/log`: the latest 200 decisions, newest first.
async fn log(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    moderator(&state, &headers).await?.may(Role::moderates)?;
    let decisions: Vec<Decision> = state.store.decisions(None, QUEUE_MAX).await?;
    Ok(no_store(Json(decisions)))
}

/// An answer no cache may keep (it is one moderator's).
fn no_store(body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
