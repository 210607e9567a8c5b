//! The desk's test site: an editor (`elif`) and a moderator (`mert`) with tokens, and helpers
//! to send as them and read the answers (desk.rs, media.rs).

use axum::http::{Method, StatusCode};
use axum::response::Response;
use okur_types::desk::DeskStory;
use okur_types::moderation::Role;
use okur_types::Page;
use serde_json::{json, Value};

use super::{body, site, Site};

pub const PASSWORD: &str = "liman feneri 1923";
pub const ORIGIN: (&str, &str) = ("origin", "http://okur.test");
pub const HOST: (&str, &str) = ("host", "okur.test");

/// Headers to send, and the status and error code they must get.
pub type Try<'a> = (&'a [(&'a str, &'a str)], StatusCode, &'a str);

/// A seeded site with an editor (`elif`), a moderator (`mert`) and their tokens.
pub struct Desk {
    /// The site.
    pub site: Site,
    /// The editor's `Authorization` value.
    pub editor: String,
    /// The moderator's `Authorization` value.
    pub moderator: String,
}

/// A seeded site with an editor and a moderator.
pub async fn desk() -> Desk {
    let site = site().await;
    let hash = okur::auth::hash_password(PASSWORD).unwrap();
    assert!(site.state.store.add_staff("elif", &hash, Role::Editor).await.unwrap());
    assert!(site.state.store.add_staff("mert", &hash, Role::Moderator).await.unwrap());
    let editor = token(&site, "elif").await;
    let moderator = token(&site, "mert").await;
    Desk { site, editor: format!("Bearer {editor}"), moderator: format!("Bearer {moderator}") }
}

/// A new token for an account, as `okur staff token` makes one.
pub async fn token(site: &Site, name: &str) -> String {
    let token = format!("okur_{}", okur::auth::new_token());
    site.state.store.add_token(name, &okur::auth::token_hash(&token), "test").await.unwrap().unwrap();
    token
}

/// Sends a request with an optional JSON body.
pub async fn send(site: &Site, method: Method, uri: &str, headers: &[(&str, &str)], json: Option<&Value>) -> Response {
    let mut all = headers.to_vec();
    let body = match json {
        Some(json) => {
            all.push(("content-type", "application/json"));
            json.to_string()
        }
        None => String::new(),
    };
    site.send_from(None, method, uri, body, &all).await
}

/// The status, error code (if any) and JSON of an answer.
pub async fn read(response: Response) -> (StatusCode, String, Value) {
    let status = response.status();
    let bytes = body(response).await;
    let value: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let code = value["error"]["code"].as_str().unwrap_or_default().to_owned();
    (status, code, value)
}

impl Desk {
    /// Sends as the editor's token, with `If-Match` when given.
    pub async fn as_editor(&self, method: Method, uri: &str, version: Option<i64>, json: Option<&Value>) -> Response {
        let tag = version.map(|v| format!("\"{v}\""));
        let mut headers = vec![("authorization", self.editor.as_str())];
        if let Some(tag) = &tag {
            headers.push(("if-match", tag.as_str()));
        }
        send(&self.site, method, uri, &headers, json).await
    }

    /// A story as the desk has it, checking its ETag is its version.
    pub async fn story(&self, slug: &str) -> DeskStory {
        let response = self.as_editor(Method::GET, &format!("/api/desk/articles/{slug}"), None, None).await;
        story_of(response, StatusCode::OK).await
    }

    /// Whether readers see the story (API, page, lists, search).
    pub async fn readers_see(&self, slug: &str) -> bool {
        self.site.changed_elsewhere();
        let api = self.site.get(&format!("/api/articles/{slug}")).await.status() == StatusCode::OK;
        let page: Page<okur_types::ArticleSummary> =
            self.site.get_json("/api/articles?per_page=100", StatusCode::OK).await;
        let listed = page.items.iter().any(|a| a.slug == slug);
        assert_eq!(api, listed, "{slug}: the article and the list agree");
        api
    }
}

/// A story answer, its ETag checked against its version.
pub async fn story_of(response: Response, status: StatusCode) -> DeskStory {
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_owned());
    let (code, _, value) = read(response).await;
    assert_eq!(code, status, "{value}");
    let story: DeskStory = serde_json::from_value(value).unwrap();
    assert_eq!(etag, Some(format!("\"{}\"", story.version)));
    story
}

/// A story as a tool sends it, with a link in its text.
pub fn new_story(slug: &str, status: &str) -> Value {
    json!({
        "slug": slug,
        "title": "Kıyıda yeni iskele",
        "summary": "Belediye yeni iskeleyi anlattı.",
        "author": "Elif Karaca",
        "category": "Gündem",
        "status": status,
        "body": [
            {"type": "paragraph", "text": "Ayrıntılar belediyenin sayfasında.",
             "marks": [{"start": 23, "end": 29, "kind": "link", "href": "https://belediye.example/iskele"}]},
        ],
    })
}
