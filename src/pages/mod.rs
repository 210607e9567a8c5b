//! One module per route, and what each route loads before it is shown.
//!
//! A page is drawn from data it is given, never half-loaded: the server loads a page's data
//! (through [`crate::api`], straight from its store), renders the page and sends the data along
//! in the page; the browser hydrates from that same data, and on a click loads the next page's
//! data through the same [`load`] before it swaps pages (the current page stays meanwhile).

pub mod article;
pub mod home;
pub mod listing;
pub mod saved;

use std::future::Future;

use okur_types::browse::{FrontPage, SearchPage, ShelfPage};
use okur_types::comments::ArticleWithComments;

use crate::api::{self, ApiError};
use crate::format::{parse_page, FRONT_PAGE_SIZE};
use crate::router::{query_value, route, Route};

/// Everything one page is drawn from.
// One value per page shown, so the size of its largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum PageData {
    /// The front page (`?page=N`).
    Home(Result<FrontPage, ApiError>),
    /// An article with its first comments.
    Article(Result<ArticleWithComments, ApiError>),
    /// A section's (`false`) or an author's (`true`) stories, after a cursor (`?after=`).
    Shelf(bool, Option<String>, Result<ShelfPage, ApiError>),
    /// Search results for what was typed (`?q=`, `?after=`).
    Search(String, Result<SearchPage, ApiError>),
    /// The stories saved for later: nothing from the server, the browser keeps them.
    Saved,
    /// An address with nothing behind it.
    NotFound,
}

/// Loads the data of the page at `path` with `query` (no `?`). The calls are made at once, so
/// that on the server they reach the store the render provides.
pub fn load(path: &str, query: &str) -> impl Future<Output = PageData> + 'static {
    enum Call<H, A, S, Q> {
        Home(H),
        Article(A),
        Shelf(bool, Option<String>, S),
        Search(String, Q),
        Saved,
        NotFound,
    }
    let after = query_value(query, "after").filter(|a| !a.is_empty());
    let call = match route(path) {
        Route::Home => Call::Home(api::front_page(parse_page(query_value(query, "page").as_deref()), FRONT_PAGE_SIZE)),
        Route::Article(slug) => {
            let around = query_value(query, "comment").and_then(|id| id.parse().ok());
            Call::Article(api::article_with_comments(&slug, around))
        }
        Route::Section(slug) => Call::Shelf(false, after.clone(), api::shelf(false, &slug, after)),
        Route::Author(slug) => Call::Shelf(true, after.clone(), api::shelf(true, &slug, after)),
        Route::Search => {
            let typed = query_value(query, "q").unwrap_or_default();
            // Nothing typed yet: the page asks for a word, without asking the server.
            let search = (!typed.trim().is_empty()).then(|| api::search(&typed, after));
            Call::Search(typed, search)
        }
        Route::Saved => Call::Saved,
        Route::NotFound => Call::NotFound,
    };
    async move {
        match call {
            Call::Home(front) => PageData::Home(front.await),
            Call::Article(article) => PageData::Article(article.await),
            Call::Shelf(authors, after, page) => PageData::Shelf(authors, after, page.await),
            Call::Search(typed, Some(search)) => PageData::Search(typed, search.await),
            Call::Search(typed, None) => {
                let empty = SearchPage { query: typed.clone(), items: Vec::new(), next: None };
                PageData::Search(typed, Ok(empty))
            }
            Call::Saved => PageData::Saved,
            Call::NotFound => PageData::NotFound,
        }
    }
}
