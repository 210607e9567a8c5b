//! An article in a list: what the front page shows for each story.

use leptos::prelude::*;
use okur_types::ArticleSummary;

use crate::components::when::When;
use crate::i18n::use_locale;

/// One story on the front page: image, category, linked title, summary, date and comment count.
#[component]
pub fn ArticleCard(
    /// The story to show.
    article: ArticleSummary,
) -> impl IntoView {
    let href = format!("/articles/{}", article.slug);
    let locale = use_locale();
    let image = article.image.map(|image| {
        view! {
            <img class="card__image" src=image.src alt=image.alt loading="lazy" decoding="async" width="1200" height="675" />
        }
    });
    view! {
        <article class="card" data-testid="article-card" lang=article.language>
            {image}
            <div class="card__text">
                <p class="card__category">{article.category}</p>
                <h2 class="card__title">
                    <a href=href>{article.title}</a>
                </h2>
                <p class="card__summary">{article.summary}</p>
                <p class="card__meta">
                    <When timestamp=article.published_at />
                    <span aria-hidden="true">" · "</span>
                    <span data-testid="card-comment-count">{(locale.texts().comment_count)(article.comment_count)}</span>
                </p>
            </div>
        </article>
    }
}
