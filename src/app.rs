//! The app shell: the language, routes, page chrome and the meta context.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Title};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::reading_controls::provide_reading;
use crate::components::status::NotFound;
use crate::i18n::{Language, Locale};
use crate::pages::article::ArticlePage;
use crate::pages::home::HomePage;
use crate::router::{provide_location, route, Route};

/// The language to start in. The server renders in the one it provides as context (the
/// reader's cookie, else the site's); the browser hydrates in the one the page was rendered in.
fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    return use_context::<Locale>().unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|code| Locale::from_code(&code))
        .unwrap_or_default()
}

/// The page title with the site's name. leptos_meta writes the server's `<title>` unescaped,
/// so it is escaped here, on the server only (in the browser it is set as text).
fn full_title(title: String) -> String {
    let title = format!("{title} — okur");
    #[cfg(feature = "ssr")]
    let title = crate::format::escape_html(&title);
    title
}

/// The whole app: header, the page for the current address, footer, in the reader's language.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_reading();
    let location = provide_location();
    // A new query (`?page=2`) keeps the page; a new route draws another.
    let page = Memo::new(move |_| route(&location.path.read()));
    let locale = RwSignal::new(initial_locale());
    provide_context(Language(locale));
    view! {
        <Html {..} lang=move || locale.get().code() />
        <Title formatter=full_title />
        // A new language renders the page anew, so every string below is plain, not reactive.
        {move || {
            provide_context(locale.get());
            view! {
                <SiteHeader />
                <main id="main" class="main" tabindex="-1">
                    {move || match page.get() {
                        Route::Home => EitherOf3::A(view! { <HomePage /> }),
                        Route::Article(slug) => EitherOf3::B(view! { <ArticlePage slug /> }),
                        Route::NotFound => EitherOf3::C(view! { <NotFound /> }),
                    }}
                </main>
                <SiteFooter />
            }
        }}
    }
}
