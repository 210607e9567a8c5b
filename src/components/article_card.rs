//! An article in a list: what the front page, a section, an author and a search show for each
//! story.

use leptos::either::Either;
use leptos::prelude::*;
use okur_types::browse::SnippetPart;
use okur_types::ArticleSummary;

use crate::components::when::When;
use crate::i18n::use_locale;

/// One story: image, section (a link to it), linked title, summary (or, for a search result,
/// the words around what matched, marked), date and comment count.
#[component]
pub fn ArticleCard(
    /// The story to show.
    article: ArticleSummary,
    /// The front page's lead story: drawn larger.
    #[prop(default = false)]
    lead: bool,
    /// A search result's snippet, shown instead of the summary.
    #[prop(default = Vec::new())]
    snippet: Vec<SnippetPart>,
) -> impl IntoView {
    let href = format!("/articles/{}", article.slug);
    let locale = use_locale();
    let image = article.image.map(|image| {
        view! {
            <img class="card__image" src=image.src alt=image.alt loading=if lead { "eager" } else { "lazy" } decoding="async" width="1200" height="675" />
        }
    });
    // A snippet's parts are text: a match is drawn as a <mark> around its text, never as markup.
    let text = if snippet.is_empty() {
        Either::Left(article.summary)
    } else {
        Either::Right(
            snippet
                .into_iter()
                .map(|part| if part.hit { Either::Left(view! { <mark>{part.text}</mark> }) } else { Either::Right(part.text) })
                .collect_view(),
        )
    };
    view! {
        <article class=if lead { "card card--lead" } else { "card" } data-testid="article-card" lang=article.language>
            {image}
            <div class="card__text">
                <a class="card__category" href=format!("/sections/{}", article.section)>{article.category}</a>
                <h2 class="card__title">
                    <a href=href>{article.title}</a>
                </h2>
                <p class="card__summary">{text}</p>
                <p class="card__meta">
                    <When timestamp=article.published_at />
                    <span aria-hidden="true">" · "</span>
                    <span data-testid="card-comment-count">{(locale.texts().comment_count)(article.comment_count)}</span>
                </p>
            </div>
        </article>
    }
}
