//! The app shell: the page shown and the loading of the next, the language, the page chrome.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::reading_controls::provide_reading;
use crate::components::status::NotFound;
use crate::fresh::Fresh;
use crate::i18n::{Language, Locale};
use crate::pages::article::ArticlePage;
use crate::pages::home::HomePage;
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

/// The data of the first page: a server render is given it as context; the browser reads what
/// the server sent in the page (without it, the page loads its data itself).
fn initial_data() -> Option<PageData> {
    #[cfg(feature = "ssr")]
    return use_context::<PageData>();
    #[cfg(all(not(feature = "ssr"), target_arch = "wasm32"))]
    return crate::transfer::from_document();
    #[cfg(all(not(feature = "ssr"), not(target_arch = "wasm32")))]
    None
}

/// The whole app: header, the page for the current address, footer, in the reader's language.
#[component]
pub fn App() -> impl IntoView {
    provide_reading();
    let location = provide_location();
    let data = RwSignal::new(initial_data());
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
                    {move || data.get().map(|page| Fresh(match page {
                        PageData::Home(list) => EitherOf3::A(view! { <HomePage list /> }),
                        PageData::Article(data) => EitherOf3::B(view! { <ArticlePage data /> }),
                        PageData::NotFound => EitherOf3::C(view! { <NotFound /> }),
                    }))}
                </main>
                <SiteFooter />
            })
        }}
    }
}
