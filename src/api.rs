//! The front end's one door to data. In the browser it is the typed client of okur's JSON API
//! (same origin, under `/api`); while the server renders a page, the same calls go to the
//! [`Backend`] the server provides as context, straight to its store.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use okur_types::browse::{FrontPage, SearchPage, ShelfPage, StoryLink};
use okur_types::comments::{
    ArticleWithComments, Comment, CommentOrder, CommentPosted, NewComment, Replies, COMMENTS_PER_PAGE,
};
use okur_types::{Article, ArticleSummary, Page};

use crate::decode::{error_body, new_comment_json, FromJs};

/// An article's related stories and the most read.
pub type StoryLinks = (Vec<StoryLink>, Vec<StoryLink>);

/// A future the server can hold across threads.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Where data comes from while the server renders a page: the server's store, read directly.
/// The server implements it and provides it as [`ServerData`] context; the answers are the same
/// the JSON API gives (not-found as [`ApiError::NotFound`], a store failure as a 500).
pub trait Backend: Send + Sync + 'static {
    /// One page of article summaries, newest first.
    fn list_articles(&self, page: u32, per_page: u32) -> BoxFuture<Result<Page<ArticleSummary>, ApiError>>;
    /// One whole article.
    fn article(&self, slug: String) -> BoxFuture<Result<Article, ApiError>>;
    /// A page of an article's comment threads: the first, or the one after a `next` cursor.
    fn comments(
        &self,
        slug: String,
        after: Option<String>,
        order: CommentOrder,
    ) -> BoxFuture<Result<Page<Comment>, ApiError>>;
    /// The newest publication number of an article's comments (the live stream's start).
    fn latest_publication(&self, slug: String) -> BoxFuture<Result<i64, ApiError>>;
    /// The page of threads (oldest first) that holds comment `id`, with the replies page that
    /// holds it when it is deep in a long thread: what a comment link opens. The first page
    /// when the comment is not shown (held, removed, unknown).
    fn comments_around(&self, slug: String, id: i64) -> BoxFuture<Result<Page<Comment>, ApiError>>;
    /// The front page: lead, sections' blocks and most read (page 1), the stories by date.
    fn front_page(&self, page: u32, per_page: u32) -> BoxFuture<Result<FrontPage, ApiError>>;
    /// A page of a section's (`authors` false) or an author's stories.
    fn shelf(&self, authors: bool, slug: String, after: Option<String>) -> BoxFuture<Result<ShelfPage, ApiError>>;
    /// A page of search results.
    fn search(&self, query: String, after: Option<String>) -> BoxFuture<Result<SearchPage, ApiError>>;
    /// The stories an article ends with, and the most read.
    fn story_links(&self, slug: String) -> BoxFuture<Result<StoryLinks, ApiError>>;
}

/// The server's [`Backend`], as context of a server render.
#[derive(Clone)]
pub struct ServerData(pub Arc<dyn Backend>);

/// The HTTP status of a server render: 200 unless a page says otherwise (not found, failed).
#[derive(Clone, Default)]
pub struct PageStatus(pub Arc<std::sync::atomic::AtomicU16>);

/// Sets the status of the page being rendered on the server (in the browser, nothing to do).
pub fn set_page_status(status: u16) {
    if let Some(PageStatus(cell)) = use_context::<PageStatus>() {
        cell.store(status, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A data call's answer to come: on the server the [`Backend`]'s (`Send`, for the server's
/// threads), in the browser a fetch.
#[cfg(feature = "ssr")]
pub type ApiFuture<T> = BoxFuture<Result<T, ApiError>>;
/// A data call's answer to come: on the server the [`Backend`]'s (`Send`, for the server's
/// threads), in the browser a fetch.
#[cfg(not(feature = "ssr"))]
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Runs a call on the server's [`Backend`] (a 500 if the render was given none).
#[cfg(feature = "ssr")]
fn on_server<T: Send + 'static>(call: impl FnOnce(&dyn Backend) -> ApiFuture<T>) -> ApiFuture<T> {
    match use_context::<ServerData>() {
        Some(ServerData(backend)) => call(backend.as_ref()),
        None => Box::pin(async { Err(ApiError::from_status(500, "no data source in this render".into())) }),
    }
}

/// Runs a fetch in the browser.
#[cfg(not(feature = "ssr"))]
fn in_browser<T: 'static>(call: impl Future<Output = Result<T, ApiError>> + 'static) -> ApiFuture<T> {
    Box::pin(call)
}

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
        /// The API's error code (`invalid`, `duplicate`, …); empty when the answer had none.
        code: String,
        /// The server's message, or the status text.
        message: String,
        /// Messages by field, for input that broke a rule (`invalid`). A list, not a map: a few
        /// entries, and no map code in the wasm.
        fields: Vec<(String, String)>,
        /// Seconds to wait, from `Retry-After` (429).
        retry_after: Option<u64>,
    },
    /// The answer was not the JSON we expect.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
}

impl ApiError {
    /// The HTTP status this error stands for (a page that fails with it answers the same).
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound => 404,
            ApiError::Server { status, .. } => *status,
            ApiError::Network(_) => 503,
            ApiError::Decode(_) => 502,
        }
    }

    /// The error of an answer with this status and message.
    pub fn from_status(status: u16, message: String) -> Self {
        match status {
            404 => ApiError::NotFound,
            _ => ApiError::Server { status, code: String::new(), message, fields: Vec::new(), retry_after: None },
        }
    }
}

/// The address of one page of the article list.
pub fn articles_url(page: u32, per_page: u32) -> String {
    format!("/api/articles?page={page}&per_page={per_page}")
}

/// The address of one article; the slug comes from the URL bar, so it is percent-encoded.
pub fn article_url(slug: &str) -> String {
    format!("/api/articles/{}", crate::uri::encode_component(slug))
}

/// The address of an article's comments.
pub fn comments_url(slug: &str) -> String {
    format!("{}/comments", article_url(slug))
}

/// The address of a page of an article's comment threads: the first, or the one after the
/// cursor a previous page gave (the server's `next`: a thread id).
pub fn comments_page_url(slug: &str, after: Option<&str>, order: CommentOrder) -> String {
    let order = match order {
        CommentOrder::Asc => "asc",
        CommentOrder::Desc => "desc",
    };
    let after = after.map(|a| format!("&after={a}")).unwrap_or_default();
    format!("{}?per_page={COMMENTS_PER_PAGE}&order={order}{after}", comments_url(slug))
}

/// A page of comment threads: the first, or the one after a previous page's `next`.
pub fn comments(slug: &str, after: Option<String>, order: CommentOrder) -> ApiFuture<Page<Comment>> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.comments(slug.to_owned(), after, order));
    #[cfg(not(feature = "ssr"))]
    {
        get_json(comments_page_url(slug, after.as_deref(), order))
    }
}

/// More replies of the thread under top-level comment `root`, after reply `after`. Asked for
/// only in the browser (pages carry the first replies of each thread).
pub fn replies(slug: &str, root: i64, after: i64) -> ApiFuture<Replies> {
    let url = format!("{}/{root}/replies?after={after}", comments_url(slug));
    #[cfg(feature = "ssr")]
    return Box::pin(async move { Err(ApiError::from_status(500, format!("{url} is not read on the server"))) });
    #[cfg(not(feature = "ssr"))]
    get_json(url)
}

/// The address of an article's live comments (Server-Sent Events), from after a publication
/// number or from when it opens. (A reconnecting browser sends `Last-Event-ID`, which wins.)
pub fn events_url(slug: &str, after: Option<i64>) -> String {
    let after = after.map(|n| format!("?after={n}")).unwrap_or_default();
    format!("{}/events{after}", comments_url(slug))
}

/// Posts a comment; the answer says whether it is published or held.
pub async fn post_comment(slug: &str, comment: &NewComment) -> Result<CommentPosted, ApiError> {
    let request = Request::post(&comments_url(slug))
        .header("content-type", "application/json")
        .body(new_comment_json(comment))
        .map_err(|err| ApiError::Network(err.to_string()))?;
    CommentPosted::from_js(&answer(request.send().await).await?).map_err(ApiError::Decode)
}

/// Sends the reader's change of their own comment: a new text (`Some`), answered like a post,
/// or its withdrawal (`None`), answered with nothing.
pub async fn change_comment(
    slug: &str,
    id: i64,
    token: &str,
    comment: Option<&NewComment>,
) -> Result<Option<CommentPosted>, ApiError> {
    let url = format!("{}/{id}", comments_url(slug));
    let request = match comment {
        Some(comment) => Request::put(&url)
            .header("content-type", "application/json")
            .header("x-edit-token", token)
            .body(new_comment_json(comment)),
        None => Request::delete(&url).header("x-edit-token", token).build(),
    }
    .map_err(|err| ApiError::Network(err.to_string()))?;
    let sent = request.send().await.map_err(|err| ApiError::Network(err.to_string()))?;
    match (sent.ok(), comment) {
        (true, None) => Ok(None),
        (true, Some(_)) => {
            read_json(sent).await.and_then(|json| CommentPosted::from_js(&json)).map(Some).map_err(ApiError::Decode)
        }
        (false, _) => Err(error_from(sent).await),
    }
}

/// One page of article summaries, newest first.
pub fn list_articles(page: u32, per_page: u32) -> ApiFuture<Page<ArticleSummary>> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.list_articles(page, per_page));
    #[cfg(not(feature = "ssr"))]
    get_json(articles_url(page, per_page))
}

/// One whole article.
pub fn article(slug: &str) -> ApiFuture<Article> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.article(slug.to_owned()));
    #[cfg(not(feature = "ssr"))]
    get_json(article_url(slug))
}

/// An article with the first page of its comment threads, asked for side by side; with
/// `around`, on the server, the page that holds that comment instead (a comment link,
/// `?comment={id}`: the page arrives as HTML, right for a reader without the app yet and for
/// previews; the browser's own loads take the first page and let the section follow the
/// address). A failed comment page does not fail the article: the section offers to try again.
pub fn article_with_comments(slug: &str, around: Option<i64>) -> ApiFuture<ArticleWithComments> {
    #[cfg(feature = "ssr")]
    let comments = match around {
        Some(id) => on_server(|b| b.comments_around(slug.to_owned(), id)),
        None => comments(slug, None, CommentOrder::Asc),
    };
    #[cfg(not(feature = "ssr"))]
    let comments = {
        let _ = around;
        comments(slug, None, CommentOrder::Asc)
    };
    let article = article(slug);
    let links = story_links(slug);
    // Asked for before the comments, so that a comment published meanwhile is in the page or
    // comes on the stream, never neither.
    #[cfg(feature = "ssr")]
    let latest = on_server(|b| b.latest_publication(slug.to_owned()));
    let joined = async move {
        // The server's calls start when awaited: this one first (see above).
        #[cfg(feature = "ssr")]
        let live_after = latest.await.ok();
        #[cfg(not(feature = "ssr"))]
        let live_after = None;
        let (article, comments, (related, most_read)) = futures::join!(article, comments, links);
        Ok(ArticleWithComments { article: article?, comments: comments.ok(), live_after, related, most_read })
    };
    #[cfg(feature = "ssr")]
    return Box::pin(joined);
    #[cfg(not(feature = "ssr"))]
    in_browser(joined)
}

/// The front page: its `page` of stories by date (with the lead, blocks and most read on 1).
pub fn front_page(page: u32, per_page: u32) -> ApiFuture<FrontPage> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.front_page(page, per_page));
    #[cfg(not(feature = "ssr"))]
    get_json(format!("/api/front?page={page}&per_page={per_page}"))
}

/// A page of a section's (`authors` false) or an author's stories, after a cursor.
pub fn shelf(authors: bool, slug: &str, after: Option<String>) -> ApiFuture<ShelfPage> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.shelf(authors, slug.to_owned(), after));
    #[cfg(not(feature = "ssr"))]
    get_json(format!(
        "/api/{}/{}{}",
        if authors { "authors" } else { "sections" },
        crate::uri::encode_component(slug),
        after_query('?', after.as_deref())
    ))
}

/// A page of search results for what the reader typed, after a cursor.
pub fn search(query: &str, after: Option<String>) -> ApiFuture<SearchPage> {
    #[cfg(feature = "ssr")]
    return on_server(|b| b.search(query.to_owned(), after));
    #[cfg(not(feature = "ssr"))]
    get_json(format!("/api/search?q={}{}", crate::uri::encode_component(query), after_query('&', after.as_deref())))
}

/// `?after=…` (or `&after=…`) for a cursor, nothing without one.
#[cfg(not(feature = "ssr"))]
fn after_query(separator: char, after: Option<&str>) -> String {
    after.map(|a| format!("{separator}after={}", crate::uri::encode_component(a))).unwrap_or_default()
}

/// The stories an article ends with and the most read, both empty when they cannot be had: the
/// story does not fail for them.
fn story_links(slug: &str) -> impl Future<Output = StoryLinks> + 'static {
    #[cfg(feature = "ssr")]
    let both = on_server(|b| b.story_links(slug.to_owned()));
    #[cfg(not(feature = "ssr"))]
    let both = {
        let related: ApiFuture<Vec<StoryLink>> = get_json(format!("{}/related", article_url(slug)));
        let most_read: ApiFuture<Vec<StoryLink>> = get_json("/api/most-read".to_owned());
        async move {
            let (related, most_read) = futures::join!(related, most_read);
            Ok::<_, ApiError>((related.unwrap_or_default(), most_read.unwrap_or_default()))
        }
    };
    async move { both.await.unwrap_or_default() }
}

/// GETs a URL and reads its JSON into `T`: one fetch for every type, mapped after (a fetch
/// per type would cost the size budget a copy each).
#[cfg(not(feature = "ssr"))]
fn get_json<T: FromJs + 'static>(url: String) -> ApiFuture<T> {
    use futures::FutureExt;
    let fetched: ApiFuture<wasm_bindgen::JsValue> =
        Box::pin(async move { answer(Request::get(&url).send().await).await });
    Box::pin(fetched.map(|value| T::from_js(&value?).map_err(ApiError::Decode)))
}

/// The parsed JSON of a sent request's answer, failures turned into [`ApiError`]. Not generic,
/// so that the one copy of the fetch serves every call (each copy costs the size budget).
async fn answer(sent: Result<Response, gloo_net::Error>) -> Result<wasm_bindgen::JsValue, ApiError> {
    let response = sent.map_err(|err| ApiError::Network(err.to_string()))?;
    if response.ok() {
        return read_json(response).await.map_err(ApiError::Decode);
    }
    Err(error_from(response).await)
}

/// Reads a JSON body with the browser's own parser (`Response.json()`); the value is mapped
/// by the caller (see `decode.rs` for why not serde).
async fn read_json(response: Response) -> Result<wasm_bindgen::JsValue, String> {
    let describe = |err: wasm_bindgen::JsValue| {
        err.as_string().or_else(|| js_sys::Error::from(err).message().as_string()).unwrap_or_default()
    };
    let promise = web_sys::Response::from(response).json().map_err(describe)?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(describe)
}

/// Reads the `{"error": ...}` body of a failed answer, if it has one.
async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    if status == 404 {
        return ApiError::NotFound;
    }
    let status_text = response.status_text();
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    let body = read_json(response).await.ok().and_then(|value| error_body(&value));
    let (code, message, fields) = body.unwrap_or((String::new(), status_text, Vec::new()));
    ApiError::Server { status, code, message, fields, retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(articles_url(2, 10), "/api/articles?page=2&per_page=10");
        assert_eq!(events_url("a-b", Some(41)), "/api/articles/a-b/comments/events?after=41");
        assert_eq!(events_url("a-b", None), "/api/articles/a-b/comments/events");
        assert_eq!(article_url("kis-2025"), "/api/articles/kis-2025");
        assert_eq!(article_url("a/../b?c"), "/api/articles/a%2F..%2Fb%3Fc");
        assert_eq!(article_url("ğ"), "/api/articles/%C4%9F");
        assert_eq!(
            comments_page_url("a-b", Some("42"), CommentOrder::Desc),
            "/api/articles/a-b/comments?per_page=20&order=desc&after=42"
        );
        assert_eq!(
            comments_page_url("a-b", None, CommentOrder::Asc),
            "/api/articles/a-b/comments?per_page=20&order=asc"
        );
    }
}
