//! One module per route, and what each route loads before it is shown.
//!
//! A page is drawn from data it is given, never half-loaded: the server loads a page's data
//! (through [`crate::api`], straight from its store), renders the page and sends the data along
//! in the page; the browser hydrates from that same data, and on a click loads the next page's
//! data through the same [`load`] before it swaps pages (the current page stays meanwhile).

pub mod article;
pub mod home;

use std::future::Future;

use okur_types::comments::ArticleWithComments;
use okur_types::{ArticleSummary, Page};

use crate::api::{self, ApiError};
use crate::format::{parse_page, FRONT_PAGE_SIZE};
use crate::router::{query_value, route, Route};

/// Everything one page is drawn from.
// One value per page shown, so the size of its largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PageData {
    /// The front page's list (`?page=N`).
    Home(Result<Page<ArticleSummary>, ApiError>),
    /// An article with its first comments.
    Article(Result<ArticleWithComments, ApiError>),
    /// An address with nothing behind it.
    NotFound,
}

/// Loads the data of the page at `path` with `query` (no `?`). The calls are made at once, so
/// that on the server they reach the store the render provides.
pub fn load(path: &str, query: &str) -> impl Future<Output = PageData> + 'static {
    enum Call<H, A> {
        Home(H),
        Article(A),
        NotFound,
    }
    let call = match route(path) {
        Route::Home => {
            Call::Home(api::list_articles(parse_page(query_value(query, "page").as_deref()), FRONT_PAGE_SIZE))
        }
        Route::Article(slug) => {
            let around = query_value(query, "comment").and_then(|id| id.parse().ok());
            Call::Article(api::article_with_comments(&slug, around))
        }
        Route::NotFound => Call::NotFound,
    };
    async move {
        match call {
            Call::Home(list) => PageData::Home(list.await),
            Call::Article(article) => PageData::Article(article.await),
            Call::NotFound => PageData::NotFound,
        }
    }
}
