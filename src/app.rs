//! The app shell: routes, page chrome and the meta context.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::reading_controls::provide_reading;
use crate::components::status::NotFound;
use crate::pages::article::ArticlePage;
use crate::pages::home::HomePage;

/// The whole app: header, the page for the current address, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_reading();
    view! {
        <Title formatter=|title: String| format!("{title} — okur") />
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
}
