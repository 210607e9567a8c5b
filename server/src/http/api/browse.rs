//! Browsing: `GET /api/front` (the front page in one answer), `/api/sections`,
//! `/api/sections/{slug}`, `/api/authors/{slug}`, `/api/search`, `/api/most-read` and
//! `/api/articles/{slug}/related`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use okur_types::browse::{FrontPage, SearchPage, Shelf, ShelfPage, StoryLink};
use okur_types::{ErrorResponse, PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::browse::{self, BrowseError};
use crate::http::cache::{Caching, Scope};
use crate::http::error::AppError;
use crate::http::extract::{number_in, query_or_400, Paging, Params, PAGE_MAX};
use crate::http::state::AppState;

/// The browsing routes, each kept under what its answer shows: comment counts (the list),
/// articles' content, or the most read list.
pub fn routes(caching: &Caching) -> OpenApiRouter<AppState> {
    let lists = caching.api(
        Scope::List,
        OpenApiRouter::new()
            .routes(routes!(front_page))
            .routes(routes!(section_page))
            .routes(routes!(author_page))
            .routes(routes!(search)),
    );
    let content = caching.api(Scope::Content, OpenApiRouter::new().routes(routes!(sections)).routes(routes!(related)));
    let most_read = caching.api(Scope::MostRead, OpenApiRouter::new().routes(routes!(most_read)));
    lists.merge(content).merge(most_read)
}

impl From<BrowseError> for AppError {
    fn from(err: BrowseError) -> Self {
        match err {
            BrowseError::Query(err) => AppError::SearchTooLong(err.to_string()),
            BrowseError::Cursor => AppError::NotFound("`after` is not a cursor this list gave.".into()),
            BrowseError::Store(err) => err.into(),
        }
    }
}

/// `GET /api/front?page=&per_page=`: the front page.
#[utoipa::path(
    get,
    path = "/front",
    operation_id = "front_page",
    tag = "browse",
    params(
        ("page" = Option<u32>, Query, description = "The page of the stories by date, from 1; the lead, the \
            sections and the most read come with page 1 only.", minimum = 1, maximum = 2147483647),
        ("per_page" = Option<u32>, Query, description = "Stories by date per page (default 20).", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "The front page.", body = FrontPage),
        (status = 400, description = "A malformed page or page size.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn front_page(
    State(state): State<AppState>,
    query: Result<Query<FrontQuery>, QueryRejection>,
) -> Result<Json<FrontPage>, AppError> {
    let query = query_or_400(query)?;
    let page = number_in("page", query.page.as_deref(), 1, 1, PAGE_MAX)?;
    let per_page = number_in("per_page", query.per_page.as_deref(), PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX)?;
    let sections = state.sections.list(&state.store, &state.generations).await?;
    Ok(Json(browse::front_page(&state.store, &sections, page, per_page).await?))
}

/// The front page's query, read as text so that a bad number gets its own message.
#[derive(Debug, Deserialize)]
struct FrontQuery {
    page: Option<String>,
    per_page: Option<String>,
}

/// `GET /api/sections`: every section with a published story, in the site's order.
#[utoipa::path(
    get,
    path = "/sections",
    operation_id = "list_sections",
    tag = "browse",
    responses(
        (status = 200, description = "The sections, in the site's order (the operator's, then by stories).", body = Vec<Shelf>, links(
            ("first_section" = (operation_id = "get_section", parameters(("slug" = "$response.body#/0/slug")))),
        )),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn sections(State(state): State<AppState>) -> Result<Json<Vec<Shelf>>, AppError> {
    Ok(Json(state.sections.list(&state.store, &state.generations).await?.as_ref().clone()))
}

/// `GET /api/sections/{slug}?after=&per_page=`: a section's stories, newest first.
#[utoipa::path(
    get,
    path = "/sections/{slug}",
    operation_id = "get_section",
    tag = "browse",
    params(
        ("slug" = String, Path, description = "The section's URL name.", example = "gundem"),
        ("per_page" = Option<u32>, Query, description = "Stories per page (default 20).", minimum = 1, maximum = 100),
        ("after" = Option<String>, Query, description = "The previous page's `next`."),
    ),
    responses(
        (status = 200, description = "A page of the section's stories.", body = ShelfPage),
        (status = 400, description = "A malformed page size.", body = ErrorResponse),
        (status = 404, description = "No such section, or `after` is not a story of it.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn section_page(
    State(state): State<AppState>,
    Params(slug): Params<String>,
    query: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<ShelfPage>, AppError> {
    shelf(&state, false, &slug, query).await
}

/// `GET /api/authors/{slug}?after=&per_page=`: an author's stories, newest first.
#[utoipa::path(
    get,
    path = "/authors/{slug}",
    operation_id = "get_author",
    tag = "browse",
    params(
        ("slug" = String, Path, description = "The author's URL name.", example = "cagla-yildiz"),
        ("per_page" = Option<u32>, Query, description = "Stories per page (default 20).", minimum = 1, maximum = 100),
        ("after" = Option<String>, Query, description = "The previous page's `next`."),
    ),
    responses(
        (status = 200, description = "A page of the author's stories.", body = ShelfPage),
        (status = 400, description = "A malformed page size.", body = ErrorResponse),
        (status = 404, description = "No such author, or `after` is not a story of theirs.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn author_page(
    State(state): State<AppState>,
    Params(slug): Params<String>,
    query: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<ShelfPage>, AppError> {
    shelf(&state, true, &slug, query).await
}

/// A section's or an author's page, or a 404.
async fn shelf(
    state: &AppState,
    authors: bool,
    slug: &str,
    query: Result<Query<Paging>, QueryRejection>,
) -> Result<Json<ShelfPage>, AppError> {
    let paging = query_or_400(query)?;
    let (position, per_page) = paging.read(PER_PAGE_DEFAULT, PER_PAGE_MAX)?;
    let after = match &position {
        crate::store::Position::After(after) => Some(after.as_str()),
        crate::store::Position::Page(_) => None,
    };
    let what = if authors { "author" } else { "section" };
    browse::shelf_page(&state.store, authors, slug, after, per_page)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("There is no {what} {slug:?}.")))
}

/// The search's query.
#[derive(Debug, Deserialize)]
struct SearchQuery {
    q: Option<String>,
    after: Option<String>,
    per_page: Option<String>,
}

/// `GET /api/search?q=&after=&per_page=`: stories matching every word, best first.
#[utoipa::path(
    get,
    path = "/search",
    operation_id = "search",
    tag = "browse",
    params(
        ("q" = String, Query, description = "What to look for: up to 10 words, 200 characters. Case, \
            Turkish's dotted and dotless i and accents do not matter; words are matched in their other forms \
            too (Turkish and English stems).", example = "cagla", max_length = 200),
        ("after" = Option<String>, Query, description = "The previous page's `next`."),
        ("per_page" = Option<u32>, Query, description = "Results per page (default 20).", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "A page of results, best first (a match in the title before one in the \
            body), each with a snippet whose matching words are marked; none for a query without a letter or \
            digit.", body = SearchPage),
        (status = 400, description = "No `q` (`bad_request`), a `q` over 200 characters or 10 words (`search_too_long`), or a malformed page size.", body = ErrorResponse),
        (status = 404, description = "`after` is not a cursor this search gave.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchPage>, AppError> {
    let query = query_or_400(query)?;
    let per_page = number_in("per_page", query.per_page.as_deref(), PER_PAGE_DEFAULT, PER_PAGE_MIN, PER_PAGE_MAX)?;
    let Some(typed) = query.q else {
        return Err(AppError::BadRequest("`q`, what to look for, is required.".into()));
    };
    Ok(Json(browse::search(&state.store, &typed, query.after.as_deref(), per_page).await?))
}

/// `GET /api/most-read`: the most read stories of the last 24 hours.
#[utoipa::path(
    get,
    path = "/most-read",
    operation_id = "most_read",
    tag = "browse",
    responses(
        (status = 200, description = "Up to 10 stories, most read first (views counted without cookies or \
            addresses, robots left out, updated every few seconds).", body = Vec<StoryLink>),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn most_read(State(state): State<AppState>) -> Result<Json<Vec<StoryLink>>, AppError> {
    Ok(Json(browse::most_read(&state.store).await?))
}

/// `GET /api/articles/{slug}/related`: the stories an article ends with.
#[utoipa::path(
    get,
    path = "/articles/{slug}/related",
    operation_id = "related",
    tag = "browse",
    params(("slug" = String, Path, description = "The article's URL name.", example = "genc-takim-final")),
    responses(
        (status = 200, description = "Up to 4 stories of the same section, the most alike first, then the \
            newest; never the article itself.", body = Vec<StoryLink>),
        (status = 404, description = "No such article.", body = ErrorResponse),
        (status = 500, description = "The database failed.", body = ErrorResponse),
    ),
)]
async fn related(
    State(state): State<AppState>,
    Params(slug): Params<String>,
) -> Result<Json<Vec<StoryLink>>, AppError> {
    state.store.comment_target(&slug).await?;
    Ok(Json(browse::related(&state.store, &slug).await?))
}
