//! A short list of stories as links: an article's related stories, the most read.

use leptos::prelude::*;
use okur_types::browse::StoryLink;

/// A titled, numbered list of story links; nothing when there are none.
#[component]
pub fn StoryLinks(
    /// The heading.
    title: &'static str,
    /// The test hook, also the heading's id.
    testid: &'static str,
    /// The stories, in order.
    links: Vec<StoryLink>,
) -> impl IntoView {
    (!links.is_empty()).then(|| {
        view! {
            <section class="story-links" data-testid=testid aria-labelledby=testid>
                <h2 class="story-links__title" id=testid>{title}</h2>
                <ol class="story-links__list">
                    {links
                        .into_iter()
                        .map(|link| view! { <li><a href=format!("/articles/{}", link.slug)>{link.title}</a></li> })
                        .collect_view()}
                </ol>
            </section>
        }
    })
}
