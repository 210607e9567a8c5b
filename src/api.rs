//! The one typed client of okur's JSON API (same origin, under `/api`).

use std::collections::BTreeMap;

use gloo_net::http::{Request, Response};
use okur_types::comments::{Comment, CommentOrder, CommentPosted, NewComment, COMMENTS_PER_PAGE};
use okur_types::{Article, ArticleSummary, ErrorResponse, Page};

use crate::decode::{new_comment_json, FromJs};

/// Why a request gave no data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The thing asked for does not exist (HTTP 404).
    #[error("not found")]
    NotFound,
    /// The server could not be reached at all.
    #[error("the server could not be reached: {0}")]
    Network(String),
    /// The server answered with an error.
    #[error("the server answered {status}: {message}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's message, or the status text.
        message: String,
        /// Messages by field, for input that broke a rule (422).
        fields: BTreeMap<String, String>,
        /// Seconds to wait, from `Retry-After` (429).
        retry_after: Option<u64>,
    },
    /// The answer was not the JSON we expect.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
}

/// The address of one page of the article list.
pub fn articles_url(page: u32, per_page: u32) -> String {
    format!("/api/articles?page={page}&per_page={per_page}")
}

/// The address of one article; the slug comes from the URL bar, so it is percent-encoded.
pub fn article_url(slug: &str) -> String {
    let mut url = String::from("/api/articles/");
    for byte in slug.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The address of an article's comments.
pub fn comments_url(slug: &str) -> String {
    format!("{}/comments", article_url(slug))
}

/// The address of one page of an article's comment threads.
pub fn comments_page_url(slug: &str, page: u32, order: CommentOrder) -> String {
    let order = match order {
        CommentOrder::Asc => "asc",
        CommentOrder::Desc => "desc",
    };
    format!("{}?page={page}&per_page={COMMENTS_PER_PAGE}&order={order}", comments_url(slug))
}

/// One page of comment threads.
pub async fn comments(slug: &str, page: u32, order: CommentOrder) -> Result<Page<Comment>, ApiError> {
    get_json(&comments_page_url(slug, page, order)).await
}

/// Posts a comment; the answer says whether it is published or held.
pub async fn post_comment(slug: &str, comment: &NewComment) -> Result<CommentPosted, ApiError> {
    let request = Request::post(&comments_url(slug))
        .header("content-type", "application/json")
        .body(new_comment_json(comment))
        .map_err(|err| ApiError::Network(err.to_string()))?;
    answer(request.send().await).await
}

/// One page of article summaries, newest first.
pub async fn list_articles(page: u32, per_page: u32) -> Result<Page<ArticleSummary>, ApiError> {
    get_json(&articles_url(page, per_page)).await
}

/// One whole article.
pub async fn article(slug: &str) -> Result<Article, ApiError> {
    get_json(&article_url(slug)).await
}

/// GETs a URL and reads its JSON.
async fn get_json<T: FromJs>(url: &str) -> Result<T, ApiError> {
    answer(Request::get(url).send().await).await
}

/// Reads the JSON of a sent request's answer, turning failures into [`ApiError`].
async fn answer<T: FromJs>(sent: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = sent.map_err(|err| ApiError::Network(err.to_string()))?;
    if response.ok() {
        return read_json(response).await.map_err(ApiError::Decode);
    }
    Err(error_from(response).await)
}

/// Reads a JSON body with the browser's own parser (`Response.json()`), then maps the value
/// (see `decode.rs` for why not serde).
async fn read_json<T: FromJs>(response: Response) -> Result<T, String> {
    let describe = |err: wasm_bindgen::JsValue| err.as_string().unwrap_or_else(|| format!("{err:?}"));
    let promise = web_sys::Response::from(response).json().map_err(describe)?;
    let value = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(describe)?;
    T::from_js(&value)
}

/// Reads the `{"error": ...}` body of a failed answer, if it has one.
async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    if status == 404 {
        return ApiError::NotFound;
    }
    let status_text = response.status_text();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    let (message, fields) = match read_json::<ErrorResponse>(response).await {
        Ok(body) => (body.error.message, body.error.fields.unwrap_or_default()),
        Err(_) => (status_text, BTreeMap::new()),
    };
    ApiError::Server { status, message, fields, retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(articles_url(2, 10), "/api/articles?page=2&per_page=10");
        assert_eq!(article_url("kis-2025"), "/api/articles/kis-2025");
        assert_eq!(article_url("a/../b?c"), "/api/articles/a%2F..%2Fb%3Fc");
        assert_eq!(article_url("ğ"), "/api/articles/%C4%9F");
        assert_eq!(
            comments_page_url("a-b", 2, CommentOrder::Desc),
            "/api/articles/a-b/comments?page=2&per_page=20&order=desc"
        );
    }
}
