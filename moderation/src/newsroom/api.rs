//! The staff page's client of `/api/desk`: the session cookie goes along by itself, every
//! change carries the CSRF token and the version it was made on (`If-Match`), and an answer says
//! the story's new version (its `ETag`, also in the JSON).

use std::collections::BTreeMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use okur_types::desk::{AuditEntry, DeskArticle, DeskList, DeskStory, Revision, RevisionDetail, UploadedImage};
use okur_types::ErrorResponse;
use okur_web::uri::encode_component;
use serde::de::DeserializeOwned;

use crate::api::CSRF_HEADER;

/// Why a call to the desk did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskError {
    /// The session ended.
    SignIn,
    /// Someone changed the story since the version named: the version there now.
    Stale(i64),
    /// Fields that break the rules: field (`title`, `body[2]`) → message.
    Invalid(BTreeMap<String, String>),
    /// The server could not be reached.
    Offline,
    /// Anything else, in the server's words.
    Failed(String),
}

/// Reads an answer: its JSON when it succeeded, else its error by code.
async fn read<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Result<T, DeskError> {
    let response = sent.map_err(|_| DeskError::Offline)?;
    if response.ok() {
        return response.json().await.map_err(|err| DeskError::Failed(err.to_string()));
    }
    let status = response.status();
    let etag = response.headers().get("etag");
    let body: Option<ErrorResponse> = response.json().await.ok();
    let Some(body) = body else {
        return Err(DeskError::Failed(format!("HTTP {status}")));
    };
    Err(match body.error.code.as_str() {
        "sign_in" => DeskError::SignIn,
        "stale" => DeskError::Stale(etag.and_then(|tag| tag.trim_matches('"').parse().ok()).unwrap_or(-1)),
        "invalid" => DeskError::Invalid(body.error.fields.unwrap_or_default()),
        _ => DeskError::Failed(body.error.message),
    })
}

/// A story's address under the API.
fn story_url(slug: &str) -> String {
    format!("/api/desk/articles/{}", encode_component(slug))
}

/// A change with the CSRF token and the version it was made on.
fn change(builder: RequestBuilder, csrf: &str, version: i64) -> RequestBuilder {
    builder.header(CSRF_HEADER, csrf).header("If-Match", &format!("\"{version}\""))
}

/// Sends a story as JSON.
async fn send_story(builder: RequestBuilder, story: &DeskArticle) -> Result<DeskStory, DeskError> {
    let request = builder.json(story).map_err(|err| DeskError::Failed(err.to_string()))?;
    read(request.send().await).await
}

/// A page of the list: `query` is the filter as a query string (`status=draft&q=…`).
pub async fn list(query: &str) -> Result<DeskList, DeskError> {
    read(Request::get(&format!("/api/desk/articles?{query}")).send().await).await
}

/// A new story.
pub async fn create(csrf: &str, story: &DeskArticle) -> Result<DeskStory, DeskError> {
    send_story(Request::post("/api/desk/articles").header(CSRF_HEADER, csrf), story).await
}

/// A story as the desk has it.
pub async fn story(slug: &str) -> Result<DeskStory, DeskError> {
    read(Request::get(&story_url(slug)).send().await).await
}

/// Saves a story (its `status` says where it goes) on the version seen.
pub async fn save(csrf: &str, slug: &str, version: i64, story: &DeskArticle) -> Result<DeskStory, DeskError> {
    send_story(change(Request::put(&story_url(slug)), csrf, version), story).await
}

/// Keeps the working copy on the server, on the version seen.
pub async fn keep_working(csrf: &str, slug: &str, version: i64, story: &DeskArticle) -> Result<DeskStory, DeskError> {
    send_story(change(Request::put(&format!("{}/working", story_url(slug))), csrf, version), story).await
}

/// A story's revisions, the newest first.
pub async fn revisions(slug: &str) -> Result<Vec<Revision>, DeskError> {
    read(Request::get(&format!("{}/revisions", story_url(slug))).send().await).await
}

/// One revision and its difference from the one before.
pub async fn revision(slug: &str, number: i64) -> Result<RevisionDetail, DeskError> {
    read(Request::get(&format!("{}/revisions/{number}", story_url(slug))).send().await).await
}

/// Brings a revision's text back, on the version seen.
pub async fn restore(csrf: &str, slug: &str, version: i64, number: i64) -> Result<DeskStory, DeskError> {
    let url = format!("{}/revisions/{number}/restore", story_url(slug));
    read(change(Request::post(&url), csrf, version).send().await).await
}

/// The audit trail of one story.
pub async fn audit(slug: &str) -> Result<Vec<AuditEntry>, DeskError> {
    read(Request::get(&format!("/api/desk/audit?slug={}", encode_component(slug))).send().await).await
}

/// Uploads a picture chosen in the page: the file itself as the body, its type as the browser
/// names it (the server decides by the bytes).
pub async fn upload(csrf: &str, file: &web_sys::File) -> Result<UploadedImage, DeskError> {
    let kind = Some(file.type_()).filter(|t| !t.is_empty()).unwrap_or_else(|| "application/octet-stream".into());
    let request = Request::post("/api/desk/images")
        .header(CSRF_HEADER, csrf)
        .header("content-type", &kind)
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|err| DeskError::Failed(err.to_string()))?;
    read(request.send().await).await
}
