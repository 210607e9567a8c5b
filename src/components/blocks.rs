//! The article body: each API block as its semantic HTML element. All text goes in as text
//! nodes, so stored content can never become markup.

use leptos::either::{Either, EitherOf5};
use leptos::prelude::*;
use okur_types::Block;

/// The body of an article, block by block, inside `data-testid="article-body"`.
#[component]
pub fn ArticleBody(
    /// The blocks, in order.
    blocks: Vec<Block>,
) -> impl IntoView {
    view! {
        <div class="article-body" data-testid="article-body">
            {blocks.into_iter().map(|block| view! { <BlockView block /> }).collect_view()}
        </div>
    }
}

/// One block: h2, p, blockquote, ul/ol or figure.
#[component]
pub fn BlockView(
    /// The block to render.
    block: Block,
) -> impl IntoView {
    match block {
        Block::Heading { text } => EitherOf5::A(view! { <h2>{text}</h2> }),
        Block::Paragraph { text } => EitherOf5::B(view! { <p>{text}</p> }),
        Block::Quote { text, cite } => EitherOf5::C(view! {
            <figure class="quote">
                <blockquote><p>{text}</p></blockquote>
                {cite.map(|cite| view! { <figcaption>"— " <cite>{cite}</cite></figcaption> })}
            </figure>
        }),
        Block::List { ordered, items } => {
            let items = items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view();
            // Either, not into_any(): type erasure costs several KB of wasm per use.
            EitherOf5::D(if ordered {
                Either::Left(view! { <ol>{items}</ol> })
            } else {
                Either::Right(view! { <ul>{items}</ul> })
            })
        }
        Block::Image { src, alt, caption } => EitherOf5::E(view! {
            <figure class="figure">
                <img src=src alt=alt loading="lazy" decoding="async" width="1200" height="675" />
                {caption.map(|caption| view! { <figcaption>{caption}</figcaption> })}
            </figure>
        }),
    }
}
