//! Published articles: `GET /api/articles` (a page of summaries, newest first) and
//! `GET /api/articles/{slug}` (the whole article).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use okur_types::{Article, ArticleSummary, ErrorResponse, Page, PER_PAGE_DEFAULT, PER_PAGE_MAX};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::cache::{Caching, Scope};
use crate::http::error::AppError;
use crate::http::extract::{query_or_400, Paging, Params};
use crate::http::state::AppState;

/// The articles' routes: the list kept under the list's scope, an article under its own.
pub fn routes(caching: &Caching) -> OpenApiRouter<AppState> {
    let list = caching.api(Scope::List, OpenApiRouter::new().routes(routes!(list_articles)));
    let article = caching.api(Scope::Article, OpenApiRouter::new().routes(routes!(get_article)));
    list.merge(article)
}

/// `GET /api/articles?page=&per_page=`: one page of summaries, newest first.
#[utoipa::path(
    get,
    path = "/articles",
    operation_id = "list_articles",
    tag = "articles",
    params(
        ("page" = Option<u32>, Query, description = "The page, from 1 (ignored with `after`).", minimum = 1, maximum = 2147483647),
        ("per_page" = Option<u32>, Query, description = "Articles per page (default 20).", minimum = 1, maximum = 100),
        ("after" = Option<String>, Query, description = "The previous page's `next`: the page after it, found \
            in one index range scan however deep (the answer's `page` is then 0)."),
    ),
    responses(
        (status = 200, description = "A page of summaries, newest first.", body = Page<ArticleSummary>, links(
            ("first_article" = (operation_id = "get_article", parameters(("slug" = "$response.body#/items/0/slug")))),
            ("its_comments" = (operation_id = "list_comments", parameters(("slug" = "$response.body#/items/0/slug")))),
        )),
        (status = 400, description = "A malformed page or page size.", body = ErrorResponse),
        (status = 404, description = "`after` names no article.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn list_articles(
    State(state): State<AppState>,
    query: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<Page<ArticleSummary>>, AppError> {
    let (position, per_page) = query_or_400(query)?.read(PER_PAGE_DEFAULT, PER_PAGE_MAX)?;
    let (items, total, next) = state.store.list_articles(&position, per_page).await?;
    Ok(Json(Page { items, page: position.number(), per_page, total, next }))
}

/// `GET /api/articles/{slug}`: the whole article.
#[utoipa::path(
    get,
    path = "/articles/{slug}",
    operation_id = "get_article",
    tag = "articles",
    params(("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final")),
    responses(
        (status = 200, description = "The whole article.", body = Article, links(
            ("its_comments" = (operation_id = "list_comments", parameters(("slug" = "$response.body#/slug")))),
        )),
        (status = 404, description = "No such article.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn get_article(State(state): State<AppState>, Params(slug): Params<String>) -> Result<Json<Article>, AppError> {
    state
        .store
        .article(&slug)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("There is no article {slug:?}.")))
}
