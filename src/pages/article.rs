//! `/articles/{slug}`: one story with its header, body and the comment section's place.

use leptos::prelude::*;
use okur_types::browse::StoryLink;
use okur_types::comments::{ArticleWithComments, Comment};
use okur_types::{Article, Block, Page};

use crate::components::article_card::Markup;
use crate::components::blocks::ArticleBody;
use crate::components::comments::section::CommentSection;
use crate::components::reading_controls::ReadingTools;
use crate::components::seo::{PageMeta, Subject};
use crate::components::when::localize_times;
use crate::format::reading_minutes;
use crate::i18n::use_locale;

/// The article page: the story with its first comments and the stories it ends with.
#[component]
pub fn ArticlePage(
    /// The article named in the address, as loaded.
    data: ArticleWithComments,
) -> impl IntoView {
    let ArticleWithComments { article, comments, live_after, related, most_read } = data;
    view! { <ArticleView article comments live_after related most_read /> }
}

/// Words in the body, for the reading-time estimate.
fn word_count(blocks: &[Block]) -> usize {
    let words = |text: &str| text.split_whitespace().count();
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { text } | Block::Paragraph { text, .. } | Block::Quote { text, .. } => words(text),
            Block::List { items, .. } => items.iter().map(|i| words(i)).sum(),
            Block::Image { caption, .. } => caption.as_deref().map_or(0, words),
        })
        .sum()
}

/// A loaded article: header (category, title, byline, date, comment count), body, comments.
#[component]
fn ArticleView(
    /// The article to show.
    article: Article,
    /// The first page of its comment threads (none when it could not be loaded).
    comments: Option<Page<Comment>>,
    /// Where the live stream starts (the server's pages), else now.
    live_after: Option<i64>,
    /// The stories it ends with.
    related: Vec<StoryLink>,
    /// The most read stories.
    most_read: Vec<StoryLink>,
) -> impl IntoView {
    let Article { summary, body, comments_open, picks, corrections } = article;
    let locale = use_locale();
    let t = locale.texts();
    let count = RwSignal::new(summary.comment_count);
    let head = crate::markup::article_head(&summary, &corrections, reading_minutes(word_count(&body)), locale);
    let lead = crate::markup::article_lead(&summary);
    let mut next = String::new();
    crate::markup::story_links(&mut next, t.related, "related", &related);
    crate::markup::story_links(&mut next, t.most_read, "most-read", &most_read);
    let keep = crate::markup::article_keep(locale);
    // The header is text (as the lists are); once live, its dates are written in the reader's
    // time zone and its comment count follows the section's.
    let header = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let count = (t.comment_count)(count.get());
        if let Some(header) = header.get() {
            localize_times(&header, locale);
            if let Ok(Some(link)) = header.query_selector("[data-testid=comment-count]") {
                link.set_text_content(Some(&count));
            }
        }
    });
    let (slug, language) = (summary.slug.clone(), summary.language.clone());
    view! {
        <PageMeta
            title=summary.title.clone()
            description=summary.summary.clone()
            path=Some(format!("/articles/{slug}"))
            kind="article"
            image=summary.image.as_ref().map(|image| image.src.clone())
            about=Some(Subject::Article(Box::new(summary)))
        />
        <article class="article" data-testid="article" lang=language>
            <header class="article__header">
                <div class="article__head" node_ref=header inner_html=head />
                <ReadingTools />
                // Saving for later, the place kept and listening are the page's scripts' (page/); the early
                // script's marks on <html> show the buttons where they can act (style/main.css).
                // Neither hydration nor the app touches them.
                <div class="article__keep" data-page="" data-place=slug.clone() inner_html=keep />
            </header>
            <div class="article__lead" inner_html=lead />
            <ArticleBody blocks=body />
            <Markup html=next class="article__next" />
            <CommentSection slug open=comments_open count first=comments live_after picks />
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_in_every_text_block() {
        let blocks = vec![
            Block::Heading { text: "iki kelime".into() },
            Block::List { ordered: false, items: vec!["bir".into(), "üç kelime var".into()], marks: Vec::new() },
            Block::Image {
                src: "/a.svg".into(),
                alt: "sayılmaz bu".into(),
                caption: Some("alt yazı".into()),
                width: None,
                height: None,
            },
        ];
        assert_eq!(word_count(&blocks), 8);
    }
}
