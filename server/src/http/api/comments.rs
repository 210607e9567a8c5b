//! The comment API's reading side: pages of threads, a thread's further replies and where a
//! comment is shown. Posting is [`super::posting`]'s, an author's changes [`super::edits`]'.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use okur_types::comments::{
    Comment, CommentOrder, CommentPlace, Replies, COMMENTS_PER_PAGE, COMMENTS_PER_PAGE_MAX, REPLIES_PER_PAGE_MAX,
};
use okur_types::{ErrorResponse, Page};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::posting::{__path_post, post};
use crate::http::cache::{Caching, Scope};
use crate::http::error::AppError;
use crate::http::extract::{number_in, query_or_400, Paging, Params};
use crate::http::state::AppState;

/// The comments' routes: pages of threads and a thread's replies kept under their article's
/// scope (posting passes through: the cache keeps GETs only), a comment's place not kept, and
/// an author's changes.
pub fn routes(caching: &Caching) -> OpenApiRouter<AppState> {
    let kept = OpenApiRouter::new().routes(routes!(list, post)).routes(routes!(replies));
    caching
        .api(Scope::Article, kept)
        .routes(routes!(place))
        .merge(super::edits::routes())
        .merge(super::reports::routes())
}

/// The query of the comment list.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    paging: Paging,
    order: Option<String>,
}

/// `GET /api/articles/{slug}/comments`: a page of threads.
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments",
    operation_id = "list_comments",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("page" = Option<u32>, Query, description = "The page of threads, from 1.", minimum = 1, maximum = 2147483647),
        ("per_page" = Option<u32>, Query, description = "Threads per page (default 20).", minimum = 1, maximum = 50),
        ("after" = Option<String>, Query, description = "The previous page's `next` (`page` is then ignored): the \
            threads after it, found in one index range scan however deep (the answer's `page` is then 0)."),
        ("order" = Option<CommentOrder>, Query, description = "Oldest (asc, the default) or newest (desc) first."),
    ),
    responses(
        (status = 200, description = "A page of threads: each top-level comment, then its first five replies \
            (depth first, oldest first); `more_replies` counts the rest.", body = Page<Comment>, links(
            ("more_replies" = (operation_id = "list_replies", parameters(
                ("slug" = "$request.path.slug"), ("id" = "$response.body#/items/0/id")
            ))),
        )),
        (status = 400, description = "A malformed page, page size or order.", body = ErrorResponse),
        (status = 404, description = "No such article, or `after` is not one of its threads.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    Params(slug): Params<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Page<Comment>>, AppError> {
    let query = query_or_400(query)?;
    let (position, per_page) = query.paging.read(COMMENTS_PER_PAGE, COMMENTS_PER_PAGE_MAX)?;
    let order = match query.order.as_deref() {
        None | Some("asc") => CommentOrder::Asc,
        Some("desc") => CommentOrder::Desc,
        Some(other) => return Err(AppError::BadRequest(format!("`order` must be asc or desc, not {other:?}."))),
    };
    Ok(Json(state.store.comment_page(&slug, &position, per_page, order).await?))
}

/// The query of a thread's further replies.
#[derive(Debug, Deserialize)]
pub struct RepliesQuery {
    after: Option<String>,
    per_page: Option<String>,
}

/// `GET /api/articles/{slug}/comments/{id}/replies?after=&per_page=`: the replies of the
/// thread under top-level comment `id` after reply `after`, at most `per_page` (1–50).
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments/{id}/replies",
    operation_id = "list_replies",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The thread's top-level comment."),
        ("after" = Option<i64>, Query, description = "The last reply the reader has; from the start without."),
        ("per_page" = Option<u32>, Query, description = "Replies to return (default and most 50).", minimum = 1, maximum = 50),
    ),
    responses(
        (status = 200, description = "The next replies, in display order: one range scan of the thread order \
            stored when each reply was written, however long the thread; `next` is there when more follow.",
            body = Replies, links(
            ("next" = (operation_id = "list_replies", parameters(
                ("slug" = "$request.path.slug"), ("id" = "$request.path.id"), ("after" = "$response.body#/next")
            ))),
        )),
        (status = 400, description = "A malformed cursor or page size.", body = ErrorResponse),
        (status = 404, description = "No such article, no such top-level comment on it, or `after` is not a \
            reply in its thread.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn replies(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
    query: Result<Query<RepliesQuery>, QueryRejection>,
) -> Result<Json<Replies>, AppError> {
    let query = query_or_400(query)?;
    let root = id.parse::<i64>().map_err(|_| AppError::NotFound(format!("There is no comment {id:?}.")))?;
    let limit = number_in("per_page", query.per_page.as_deref(), REPLIES_PER_PAGE_MAX, 1, REPLIES_PER_PAGE_MAX)?;
    let after = match query.after.as_deref() {
        None => None,
        Some(after) => Some(
            after
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest(format!("`after` must be the id of a reply, not {after:?}.")))?,
        ),
    };
    let target = state.store.comment_target(&slug).await?;
    Ok(Json(state.store.replies(target.article_id, root, after, limit).await?))
}

/// `GET /api/articles/{slug}/comments/{id}/place`: where comment `id` is shown, for a link to
/// it: its thread, the cursor of the page of threads that starts with it, and for a reply past
/// the inline ones the cursor of the replies page that starts with it.
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments/{id}/place",
    operation_id = "comment_place",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final"),
        ("id" = i64, Path, description = "The comment (as in its link, `#comment-ID`)."),
    ),
    responses(
        (status = 200, description = "Where it is shown; load `comments?after=` (oldest first), then, for \
            `replies_after`, `replies?after=`.", body = CommentPlace),
        (status = 404, description = "No such article, or no such comment shown on it (held, rejected, \
            removed, or under a hidden one).", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
pub async fn place(
    State(state): State<AppState>,
    Params((slug, id)): Params<(String, String)>,
) -> Result<Json<CommentPlace>, AppError> {
    let not_here = || AppError::NotFound(format!("There is no comment {id:?} shown on this article."));
    let comment = id.parse::<i64>().map_err(|_| not_here())?;
    let target = state.store.comment_target(&slug).await?;
    state.store.comment_place(target.article_id, comment).await?.map(Json).ok_or_else(not_here)
}
