//! The app shell: the language, routes, page chrome and the meta context.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::reading_controls::provide_reading;
use crate::components::status::NotFound;
use crate::i18n::{Locale, LOCALE_KEY};
use crate::pages::article::ArticlePage;
use crate::pages::home::HomePage;

/// The reader's language, shared through context; the header's switch sets it.
#[derive(Debug, Clone, Copy)]
pub struct Language(pub RwSignal<Locale>);

/// The language to start in: the reader's choice, else the site's (`okur serve --locale`,
/// written into index.html as `data-site-locale`), else Turkish.
fn initial_locale() -> Locale {
    let chosen = crate::local_storage().and_then(|s| s.get_item(LOCALE_KEY).ok().flatten());
    let site = document().document_element().and_then(|root| root.get_attribute("data-site-locale"));
    chosen.or(site).and_then(|code| Locale::from_code(&code)).unwrap_or_default()
}

/// The whole app: header, the page for the current address, footer, in the reader's language.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_reading();
    let locale = RwSignal::new(initial_locale());
    provide_context(Language(locale));
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.get().code());
        }
    });
    view! {
        <Title formatter=|title: String| format!("{title} — okur") />
        // A new language renders the page anew, so every string below is plain, not reactive.
        {move || {
            provide_context(locale.get());
            view! {
                <Router>
                    <SiteHeader />
                    <main id="main" class="main" tabindex="-1">
                        <FlatRoutes fallback=NotFound>
                            <Route path=path!("/") view=HomePage />
                            <Route path=path!("/articles/:slug") view=ArticlePage />
                        </FlatRoutes>
                    </main>
                    <SiteFooter />
                </Router>
            }
        }}
    }
}
