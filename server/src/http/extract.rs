//! What handlers read from a request beyond its body: path parameters, paging, the peer, the
//! reader's language, and the signed-in moderator (with the Origin and CSRF checks a change
//! needs).

use std::net::SocketAddr;

use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Path as UrlPath, Query};
use axum::http::{header, HeaderMap};
use okur_types::moderation::Role;
use okur_types::PER_PAGE_MIN;
use okur_web::i18n::{locale_from_cookies, Locale};
use serde::Deserialize;

use crate::auth::{same_secret, token_hash};
use crate::http::error::AppError;
use crate::http::state::AppState;
use crate::store::Position;

/// The path's parameters (a slug, a comment id); a value that cannot be one (not UTF-8, say)
/// names nothing here: a JSON 404 like any unknown thing, not axum's plain-text rejection.
pub struct Params<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Params<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        match UrlPath::<T>::from_request_parts(parts, state).await {
            Ok(UrlPath(value)) => Ok(Params(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "unreadable path parameters");
                Err(AppError::NotFound("There is nothing at this address.".into()))
            }
        }
    }
}

/// The paging part of a list's query, read as text so that a bad number gets its own message.
#[derive(Debug, Deserialize)]
pub struct Paging {
    page: Option<String>,
    per_page: Option<String>,
    after: Option<String>,
}

impl Paging {
    /// Where the page starts (after a cursor when one is given, `page` then being ignored; else
    /// a page number from 1) and its size (1–`max`, `default` when not given).
    pub(crate) fn read(&self, default: u32, max: u32) -> Result<(Position, u32), AppError> {
        let per_page = number_in("per_page", self.per_page.as_deref(), default, PER_PAGE_MIN, max)?;
        let position = match self.after.as_deref().filter(|after| !after.is_empty()) {
            Some(after) => Position::After(after.to_owned()),
            // An int32 in the API's contract: nobody pages two billion pages deep.
            None => Position::Page(number_in("page", self.page.as_deref(), 1, 1, PAGE_MAX)?),
        };
        Ok((position, per_page))
    }
}

/// The parsed query, or a 400 that says what is malformed.
pub(crate) fn query_or_400<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, AppError> {
    query.map(|Query(q)| q).map_err(|err| AppError::BadRequest(format!("The query is malformed: {err}.")))
}

/// The highest page number a list accepts.
pub const PAGE_MAX: u32 = i32::MAX as u32;

/// Reads a whole number from a query value within bounds.
pub(crate) fn number_in(name: &str, value: Option<&str>, default: u32, min: u32, max: u32) -> Result<u32, AppError> {
    let Some(value) = value else {
        return Ok(default);
    };
    value.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| {
        AppError::BadRequest(format!("`{name}` must be a whole number from {min} to {max}, not {value:?}."))
    })
}

/// The peer's address, when the server was started with connect info (not in `oneshot` tests).
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

impl Peer {
    /// The peer's address, when known.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.0
    }
}

/// The language a request is rendered in: the reader's cookie, else the site's.
pub fn request_locale(headers: &HeaderMap, site: Locale) -> Locale {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(locale_from_cookies)
        .unwrap_or(site)
}

/// The session cookie's name: with the `__Host-` prefix (and `Secure`) when the site is https.
pub(crate) fn cookie_name(state: &AppState) -> &'static str {
    if state.https() {
        "__Host-okur_session"
    } else {
        "okur_session"
    }
}

/// The session token a request carries, if any.
pub(crate) fn token_of(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let name = cookie_name(state);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A signed-in staff member.
pub(crate) struct Moderator {
    /// Their name.
    pub name: String,
    /// Their session's CSRF token.
    pub csrf: String,
    /// Their session token's hash.
    pub token_hash: String,
    /// What their account may do (read from the account on every request: a change of role
    /// holds at once).
    pub role: Role,
}

impl Moderator {
    /// Themselves when their role allows `what`, else 403 `not_allowed`.
    pub(crate) fn may(self, what: fn(Role) -> bool) -> Result<Self, AppError> {
        if what(self.role) {
            Ok(self)
        } else {
            Err(AppError::NotAllowed)
        }
    }
}

/// The staff member of a request's live session, or 401.
pub(crate) async fn moderator(state: &AppState, headers: &HeaderMap) -> Result<Moderator, AppError> {
    let token = token_of(state, headers).ok_or(AppError::SignIn)?;
    let token_hash = token_hash(&token);
    let (name, csrf, role) = state.store.session(&token_hash).await?.ok_or(AppError::SignIn)?;
    Ok(Moderator { name, csrf, token_hash, role })
}

/// A moderator allowed to change things: a live session, an `Origin` of this site, and the
/// session's CSRF token.
pub(crate) async fn changer(state: &AppState, headers: &HeaderMap) -> Result<Moderator, AppError> {
    same_origin(state, headers)?;
    let moderator = moderator(state, headers).await?;
    let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !same_secret(sent, &moderator.csrf) {
        return Err(AppError::Forbidden);
    }
    Ok(moderator)
}

/// Who may write at the desk: a publishing tool's `Authorization: Bearer` token (no cookie, so
/// neither Origin nor CSRF token), else a signed-in session (with both for a `change`); an
/// editor's or an admin's, else 403.
pub(crate) async fn desk_staff(state: &AppState, headers: &HeaderMap, change: bool) -> Result<String, AppError> {
    if let Some(sent) = headers.get(header::AUTHORIZATION) {
        let token = sent.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
        let token = token.filter(|t| !t.is_empty() && t.len() <= 200).ok_or(AppError::BadToken)?;
        let (name, role) = state.store.token_account(&token_hash(token)).await?.ok_or(AppError::BadToken)?;
        return if role.edits() { Ok(name) } else { Err(AppError::NotAllowed) };
    }
    // Neither a token nor a session: say how to sign in before anything else.
    token_of(state, headers).ok_or(AppError::SignIn)?;
    let staff = if change { changer(state, headers).await? } else { moderator(state, headers).await? };
    Ok(staff.may(Role::edits)?.name)
}

/// Refuses a request whose `Origin` is not this site: the public URL's origin when it is set,
/// else the `Host` the request was sent to (compared, never used to build anything).
pub(crate) fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).ok_or(AppError::Forbidden)?;
    let ok = match state.site_url() {
        Some(public) => {
            let own = okur_web::uri::origin_of(public);
            !own.is_empty() && origin.eq_ignore_ascii_case(own)
        }
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            origin.split_once("://").is_some_and(|(_, rest)| !host.is_empty() && rest.eq_ignore_ascii_case(host))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn the_cookie_picks_the_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_locale(&headers, Locale::Tr), Locale::Tr);
        headers.insert(header::COOKIE, HeaderValue::from_static("x=1; okur_lang=en"));
        assert_eq!(request_locale(&headers, Locale::Tr), Locale::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("okur_lang=zz"));
        assert_eq!(request_locale(&headers, Locale::En), Locale::En);
    }
}
