//! The app shell: the page shown and the loading of the next, the language, the page chrome.

use leptos::either::EitherOf6;
use leptos::prelude::*;
use okur_types::browse::FrontPage;
use okur_types::comments::ArticleWithComments;

use crate::api::ApiError;
use crate::components::layout::{SiteFooter, SiteHeader, SiteSections};
use crate::components::reading_controls::provide_reading;
use crate::components::status::{ErrorState, NotFound};
use crate::fresh::Fresh;
use crate::i18n::{Language, Locale};
use crate::pages::article::ArticlePage;
use crate::pages::home::HomePage;
use crate::pages::listing::{search_listing, shelf_listing, Listing, ListingPage};
use crate::pages::saved::SavedPage;
use crate::pages::{load, PageData};
use crate::router::{provide_location, Navigation};

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

/// The data of the first page and the site's sections: a server render is given them as
/// context; the browser reads what the server sent in the page (without it, the page loads its
/// data itself, and the masthead goes without sections).
fn initial_data() -> (Option<PageData>, SiteSections) {
    #[cfg(feature = "ssr")]
    return (use_context::<PageData>(), use_context::<SiteSections>().unwrap_or_default());
    #[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
    return crate::transfer::from_document()
        .map_or((None, SiteSections::default()), |(data, sections)| (Some(data), SiteSections(sections)));
    #[cfg(all(not(feature = "ssr"), not(target_arch = "wasm32")))]
    (None, SiteSections::default())
}

/// What the main area shows: a page, or (as `Err`) why there is none.
// One value per page shown, so the size of its largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
enum Shown {
    /// The front page.
    Home(FrontPage),
    /// An article.
    Article(ArticleWithComments),
    /// A section's, an author's or a search's list.
    Listing(Listing),
    /// The stories saved for later.
    Saved,
}

/// A page's data as what it shows; every page's failure is drawn by the same two views (one
/// copy of each in the wasm, not one per page). A front page past its end is not there.
fn shown(page: PageData) -> Result<Shown, ApiError> {
    match page {
        PageData::Home(front) => match front? {
            front if front.latest.items.is_empty() && front.latest.page > 1 => Err(ApiError::NotFound),
            front => Ok(Shown::Home(front)),
        },
        PageData::Article(data) => data.map(Shown::Article),
        PageData::Shelf(authors, after, data) => shelf_listing(authors, after, data).map(Shown::Listing),
        PageData::Search(query, data) => search_listing(query, data).map(Shown::Listing),
        PageData::Saved => Ok(Shown::Saved),
        PageData::NotFound => Err(ApiError::NotFound),
    }
}

/// The whole app: header, the page for the current address, footer, in the reader's language.
#[component]
pub fn App() -> impl IntoView {
    provide_reading();
    let location = provide_location();
    let (first, sections) = initial_data();
    provide_context(sections);
    let data = RwSignal::new(first);
    let loading = RwSignal::new(false);
    // Bumped on every load, so that only the answer for the latest address is shown.
    let generation = StoredValue::new(0u32);
    let locale = RwSignal::new(initial_locale());
    // Loads the page at the current address; `language` switches to it together with the new
    // data. Only a new address scrolls to the top.
    let load_current = move |language: Option<Locale>| {
        generation.update_value(|g| *g += 1);
        let asked = generation.get_value();
        loading.set(true);
        let next = load(&location.path.get_untracked(), &location.query.get_untracked());
        leptos::task::spawn_local(async move {
            let page = next.await;
            if generation.try_get_value() != Some(asked) {
                return;
            }
            let new_address = language.is_none();
            if let Some(language) = language {
                locale.try_set(language);
            }
            data.try_set(Some(page));
            loading.try_set(false);
            if new_address {
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    };
    provide_context(Navigation {
        loading,
        reload: Callback::new(move |()| load_current(None)),
        switch_language: Callback::new(move |language| load_current(Some(language))),
    });
    // Every new address loads its page; the current one stays until then. The first page came
    // with the document (a page without its data loads it at once).
    let address = Memo::new(move |_| (location.path.get(), location.query.get()));
    Effect::watch(move || address.get(), move |_, _, _| load_current(None), data.get_untracked().is_none());
    provide_context(Language(locale));
    // The server writes `<html lang>`; a switch of language changes it here.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.get().code());
        }
    });
    view! {
        // A new language renders the page anew, so every string below is plain, not reactive.
        {move || {
            provide_context(locale.get());
            let t = locale.get().texts();
            Fresh(view! {
                <SiteHeader />
                {move || loading.get().then(|| view! {
                    <div class="nav-progress" role="status" data-testid="loading" aria-busy="true">
                        <span class="visually-hidden">{t.loading_page}</span>
                    </div>
                })}
                <main id="main" class="main" tabindex="-1" aria-busy=move || loading.get().to_string()>
                    {move || data.get().map(|page| Fresh(match shown(page) {
                        Ok(Shown::Home(front)) => EitherOf6::A(view! { <HomePage front /> }),
                        Ok(Shown::Article(data)) => EitherOf6::B(view! { <ArticlePage data /> }),
                        Ok(Shown::Listing(data)) => EitherOf6::C(view! { <ListingPage data /> }),
                        Err(ApiError::NotFound) => EitherOf6::D(view! { <NotFound /> }),
                        Err(error) => EitherOf6::E(view! { <ErrorState error /> }),
                        Ok(Shown::Saved) => EitherOf6::F(view! { <SavedPage /> }),
                    }))}
                </main>
                <SiteFooter />
            })
        }}
    }
}
