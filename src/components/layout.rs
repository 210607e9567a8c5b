//! The site chrome around every page: the masthead and the footer.

use leptos::prelude::*;

use crate::i18n::{locale_cookie, use_texts, Language, Locale};
use crate::router::Navigation;

/// Remembers the reader's choice in the cookie the server renders pages by.
fn remember(choice: Locale) {
    use leptos::wasm_bindgen::JsCast;
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&locale_cookie(choice));
    }
}

/// The masthead: skip link, site name, tagline, and the main navigation with the language switch.
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
            </div>
        </header>
    }
}

/// The footer: what the site is, in one line.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{use_texts().footer}</p>
        </footer>
    }
}
