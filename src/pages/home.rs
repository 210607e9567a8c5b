//! `/`: the front page: the lead story, a block per section, the most read, then every story
//! by date with paging (`?page=N` pages through those alone).

use leptos::prelude::*;
use okur_types::browse::FrontPage;
use okur_types::{ArticleSummary, Page};

use crate::components::article_card::Markup;
use crate::components::seo::PageMeta;
use crate::format::{neighbours, page_href};
use crate::i18n::{use_locale, use_texts};

/// The front page.
#[component]
pub fn HomePage(
    /// The front page the address asks for, as loaded.
    front: FrontPage,
) -> impl IntoView {
    let t = use_texts();
    let html = crate::markup::front(&front, use_locale());
    view! {
        <PageMeta title=t.latest_news.to_owned() description=t.site_description.to_owned() path=Some(page_href(front.latest.page)) />
        <h1 class="visually-hidden">{t.latest_news}</h1>
        <Markup html class="front" />
        <StoryList page=front.latest alone=front.lead.is_none() />
    }
}

/// Every story by date, one page of them, and the links to its neighbours.
#[component]
fn StoryList(
    /// The page the API returned.
    page: Page<ArticleSummary>,
    /// Nothing is shown above it (no lead story): an empty list says the site has no stories.
    alone: bool,
) -> impl IntoView {
    let page_count = page.page_count();
    let (prev, next) = neighbours(page.page, page_count);
    let current = page.page;
    let empty = page.items.is_empty();
    let shown = !empty || alone;
    let t = use_texts();
    view! {
        {shown.then(|| view! { <h2 class="list-title">{t.latest_news}</h2> })}
        {(empty && alone).then(|| view! { <p class="status" data-testid="empty-page">{t.empty_page}</p> })}
        <Markup html=format!(
            "<div class=\"story-list\" data-testid=\"article-list\">{}</div>",
            crate::markup::cards(&page.items.into_iter().map(|a| (a, Vec::new())).collect::<Vec<_>>(), false, use_locale())
        ) />
        {(page_count > 1 || current > 1).then(|| view! {
            <nav class="pager" aria-label=t.pages data-testid="pager">
                {prev.map(|p| view! { <a href=page_href(p) rel="prev" data-testid="pager-prev">{t.previous}</a> })}
                <span class="pager__current" aria-current="page">{(t.page_of)(current, page_count)}</span>
                {next.map(|p| view! { <a href=page_href(p) rel="next" data-testid="pager-next">{t.next}</a> })}
            </nav>
        })}
    }
}
