//! `/sections/{slug}`, `/authors/{slug}` and `/search?q=…`: a list of stories under a heading,
//! newest first (or best first, for a search), paged by cursor (`?after=…`). The three are one
//! page drawn from one shape of data ([`Listing`]): one view to compile, not three.

use leptos::prelude::*;
use okur_types::browse::{SearchPage, ShelfPage, SnippetPart};
use okur_types::ArticleSummary;

use crate::api::ApiError;
use crate::components::article_card::Markup;
use crate::components::seo::{PageMeta, Subject};
use crate::i18n::{use_locale, use_texts};
use crate::uri::encode_component;

/// What a list page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// The heading and the title.
    pub title: String,
    /// The description.
    pub description: String,
    /// The page's address (its canonical).
    pub path: String,
    /// What the page is about.
    pub subject: Subject,
    /// The list's test hook.
    pub testid: &'static str,
    /// The stories, each with its snippet (empty: the summary is shown).
    pub items: Vec<(ArticleSummary, Vec<SnippetPart>)>,
    /// The next page's address, when there is one.
    pub more: Option<String>,
    /// What to say when the list is empty, and a hint below it.
    pub empty: (&'static str, Option<&'static str>),
}

/// A section's (`authors` false) or an author's page, after the cursor `after`.
pub fn shelf_listing(
    authors: bool,
    after: Option<String>,
    data: Result<ShelfPage, ApiError>,
) -> Result<Listing, ApiError> {
    let t = use_texts();
    let ShelfPage { shelf, items, next } = data?;
    let base = format!("/{}/{}", if authors { "authors" } else { "sections" }, shelf.slug);
    let (slug, name) = (shelf.slug, shelf.name.clone());
    let (description, subject) = if authors {
        ((t.author_description)(&name), Subject::Author { slug, name })
    } else {
        ((t.section_description)(&name), Subject::Section { slug, name })
    };
    let page = |cursor: String| format!("{base}?after={}", encode_component(&cursor));
    Ok(Listing {
        title: shelf.name,
        description,
        path: after.map_or_else(|| base.clone(), page),
        subject,
        testid: if authors { "author-page" } else { "section-page" },
        items: items.into_iter().map(|a| (a, Vec::new())).collect(),
        more: next.map(page),
        empty: (t.empty_page, None),
    })
}

/// The search page for what was typed: its results, or the prompt before a query.
pub fn search_listing(query: String, data: Result<SearchPage, ApiError>) -> Result<Listing, ApiError> {
    let t = use_texts();
    let SearchPage { items, next, .. } = data?;
    let title = if query.is_empty() { t.search.to_owned() } else { (t.search_results)(&query) };
    let q = encode_component(&query);
    let empty = if query.is_empty() { (t.search_prompt, None) } else { (t.no_results, Some(t.no_results_hint)) };
    Ok(Listing {
        description: title.clone(),
        title,
        path: format!("/search?q={q}"),
        subject: Subject::Search,
        testid: "search-results",
        items: items.into_iter().map(|hit| (hit.summary, hit.snippet)).collect(),
        more: next.map(|n| format!("/search?q={q}&after={n}")),
        empty,
    })
}

/// A list page.
#[component]
pub fn ListingPage(
    /// The page as loaded.
    data: Listing,
) -> impl IntoView {
    let Listing { title, description, path, subject, testid, items, more, empty } = data;
    let html = crate::markup::listing(&items, testid, empty, more.as_deref(), use_locale());
    view! {
        <PageMeta title=title.clone() description path=Some(path) about=Some(subject) />
        <h1 class="list-title list-title--page">{title}</h1>
        <Markup html />
    }
}
