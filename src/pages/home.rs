//! `/`: the front page, newest stories first, with paging.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::{ArticleSummary, Page};

use crate::api::ApiError;
use crate::components::article_card::ArticleCard;
use crate::components::seo::PageMeta;
use crate::components::status::{ErrorState, NotFound};
use crate::format::{neighbours, page_href};
use crate::i18n::use_texts;

/// The front page: one page of stories, or why there is none.
#[component]
pub fn HomePage(
    /// The page of the list the address asks for, as loaded.
    list: Result<Page<ArticleSummary>, ApiError>,
) -> impl IntoView {
    let t = use_texts();
    match list {
        // A page past the end is not a page: 404, not an empty list to index.
        Ok(list) if list.items.is_empty() && list.page > 1 => EitherOf3::A(view! { <NotFound /> }),
        Ok(list) => EitherOf3::B(view! {
            <PageMeta title=t.latest_news.to_owned() description=t.site_description.to_owned() path=Some(page_href(list.page)) />
            <h1 class="visually-hidden">{t.latest_news}</h1>
            <StoryList page=list />
        }),
        Err(error) => EitherOf3::C(view! { <ErrorState error /> }),
    }
}

/// The stories of one page and the links to its neighbours.
#[component]
fn StoryList(
    /// The page the API returned.
    page: Page<ArticleSummary>,
) -> impl IntoView {
    let page_count = page.page_count();
    let (prev, next) = neighbours(page.page, page_count);
    let current = page.page;
    let empty = page.items.is_empty();
    let t = use_texts();
    view! {
        <section class="story-list" data-testid="article-list">
            {empty.then(|| view! { <p class="status" data-testid="empty-page">{t.empty_page}</p> })}
            // A new page of data renders a new list, so there is nothing to diff: <For>'s keyed
            // updates would cost ~3 KB (br) of wasm for no gain here.
            {page.items.into_iter().map(|article| view! { <ArticleCard article /> }).collect_view()}
        </section>
        {(page_count > 1 || current > 1).then(|| view! {
            <nav class="pager" aria-label=t.pages data-testid="pager">
                {prev.map(|p| view! { <a href=page_href(p) rel="prev" data-testid="pager-prev">{t.previous}</a> })}
                <span class="pager__current" aria-current="page">{(t.page_of)(current, page_count)}</span>
                {next.map(|p| view! { <a href=page_href(p) rel="next" data-testid="pager-next">{t.next}</a> })}
            </nav>
        })}
    }
}
