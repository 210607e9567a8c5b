//! The site chrome around every page: the masthead and the footer.

use leptos::prelude::*;
use okur_types::browse::Shelf;

use crate::i18n::{locale_cookie, use_texts, Language, Locale};
use crate::router::{use_location, Navigation};

/// The site's sections, in its order, for the masthead: loaded with the first page (the server
/// renders with them; the browser reads them from the page) and kept while the app runs.
#[derive(Debug, Clone, Default)]
pub struct SiteSections(pub Vec<Shelf>);

/// Remembers the reader's choice in the cookie the server renders pages by.
fn remember(choice: Locale) {
    use leptos::wasm_bindgen::JsCast;
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&locale_cookie(choice));
    }
}

/// The masthead: skip link, site name, tagline, the search form, the language switch and the
/// section navigation (plain links: it works without JavaScript, and scrolls sideways on a
/// narrow phone).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let t = use_texts();
    let Language(locale) = expect_context::<Language>();
    let navigation = expect_context::<Navigation>();
    let choose = move |choice: Locale| {
        if choice != locale.get_untracked() {
            remember(choice);
            navigation.switch_language.run(choice);
        }
    };
    view! {
        <a class="skip-link" href="#main">{t.skip_link}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a href="/" class="brand" aria-label=t.home_link>
                    <span class="brand__name">"okur"</span>
                </a>
                <p class="brand__tagline">{t.tagline}</p>
                <nav class="site-nav" aria-label=t.main_nav>
                    <div class="site-nav__languages" role="group" aria-label=t.language_switch>
                        {Locale::ALL
                            .into_iter()
                            .map(|choice| {
                                // The visible code starts the accessible name (WCAG 2.5.3, label in name).
                                let name = format!("{} ({})", choice.label(), choice.texts().language_name);
                                view! {
                                    <button
                                        type="button"
                                        class="tool tool--choice"
                                        lang=choice.code()
                                        data-testid=format!("locale-{}", choice.code())
                                        aria-label=name
                                        aria-pressed=(locale.get_untracked() == choice).to_string()
                                        on:click=move |_| choose(choice)
                                    >
                                        {choice.label()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </nav>
                <div class="site-header__search" inner_html=crate::markup::search_form(locale.get_untracked()) />
            </div>
            <SectionNav />
        </header>
    }
}

/// The sections as links ([`crate::markup::section_links`]), the one shown marked
/// `aria-current`, written again on every move.
#[component]
fn SectionNav() -> impl IntoView {
    let sections = use_context::<SiteSections>().unwrap_or_default().0;
    let location = use_location();
    (!sections.is_empty()).then(|| {
        view! {
            <nav class="section-nav" aria-label=use_texts().sections data-testid="section-nav">
                <ul class="section-nav__list" inner_html=move || crate::markup::section_links(&sections, &location.path.get()) />
            </nav>
        }
    })
}

/// The footer: what the site is, in one line.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                <a href="/saved" data-testid="saved-link">{use_texts().saved[0]}</a>
            </p>
            <p>{use_texts().footer}</p>
        </footer>
    }
}
