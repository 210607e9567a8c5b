//! Lists written as HTML text ([`crate::markup`]): story cards, story links, the front page's
//! blocks, a list page's stories.

use leptos::prelude::*;

use crate::i18n::use_locale;

/// HTML text from [`crate::markup`] in a `<div>`; once the page is live, the dates in it are
/// written again in the reader's time zone.
#[component]
pub fn Markup(
    /// The HTML, every value in it escaped by [`crate::markup`].
    html: String,
    /// The container's class.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let container = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(container) = container.get() {
            crate::components::when::localize_times(&container, locale);
        }
    });
    view! { <div class=class node_ref=container inner_html=html /> }
}
