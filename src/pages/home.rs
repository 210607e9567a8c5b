//! `/`: the front page: the lead story, a block per section, the most read, then every story
//! by date with paging (`?page=N` pages through those alone).

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::browse::FrontPage;
use okur_types::{ArticleSummary, Page};

use crate::api::ApiError;
use crate::components::article_card::ArticleCard;
use crate::components::seo::PageMeta;
use crate::components::status::{ErrorState, NotFound};
use crate::components::story_links::StoryLinks;
use crate::format::{neighbours, page_href};
use crate::i18n::use_texts;

/// The front page, or why there is none.
#[component]
pub fn HomePage(
    /// The front page the address asks for, as loaded.
    front: Result<FrontPage, ApiError>,
) -> impl IntoView {
    let t = use_texts();
    match front {
        // A page past the end is not a page: 404, not an empty list to index.
        Ok(front) if front.latest.items.is_empty() && front.latest.page > 1 => EitherOf3::A(view! { <NotFound /> }),
        Ok(FrontPage { lead, sections, most_read, latest }) => EitherOf3::B(view! {
            <PageMeta title=t.latest_news.to_owned() description=t.site_description.to_owned() path=Some(page_href(latest.page)) />
            <h1 class="visually-hidden">{t.latest_news}</h1>
            {lead.map(|article| view! {
                <section class="lead" data-testid="lead-story" aria-label=t.lead_story>
                    <ArticleCard article lead=true />
                </section>
            })}
            {sections
                .into_iter()
                .map(|block| view! {
                    <section class="section-block" data-testid="section-block">
                        <h2 class="section-block__title">
                            <a href=format!("/sections/{}", block.section.slug)>{block.section.name}</a>
                        </h2>
                        <div class="story-list">
                            {block.items.into_iter().map(|article| view! { <ArticleCard article /> }).collect_view()}
                        </div>
                    </section>
                })
                .collect_view()}
            <StoryLinks title=t.most_read testid="most-read" links=most_read />
            <StoryList page=latest />
        }),
        Err(error) => EitherOf3::C(view! { <ErrorState error /> }),
    }
}

/// Every story by date, one page of them, and the links to its neighbours.
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
        <h2 class="list-title">{t.latest_news}</h2>
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
