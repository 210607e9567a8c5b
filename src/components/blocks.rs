//! The article body: each API block as its semantic HTML element (h2, p, blockquote, ul/ol,
//! figure), written as HTML text by [`crate::markup::body`] with every text escaped, so stored
//! content can never become markup. A body never changes in place: text, not a view tree
//! (docs/architecture.md, Size).

use leptos::prelude::*;
use okur_types::Block;

/// The body of an article, block by block, inside `data-testid="article-body"`.
#[component]
pub fn ArticleBody(
    /// The blocks, in order.
    blocks: Vec<Block>,
) -> impl IntoView {
    view! { <div class="article-body" data-testid="article-body" inner_html=crate::markup::body(&blocks) /> }
}
