//! The language switch of the sign-in form and the desk.

use leptos::prelude::*;
use okur_web::i18n::{locale_cookie, Locale};

use crate::state::use_shared;

/// The language switch: the same cookie as the reader's site, so both speak alike.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let shared = use_shared();
    view! {
        <div class="switch" role="group" aria-label=move || shared.texts().language>
            {Locale::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            class="tool"
                            data-testid=format!("lang-{}", lang.code())
                            lang=lang.code()
                            aria-pressed=move || (shared.lang.get() == lang).to_string()
                            on:click=move |_| {
                                set_cookie(lang);
                                shared.lang.set(lang);
                            }
                        >
                            {lang.texts().language_name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Remembers the language for a year, for the whole site.
fn set_cookie(lang: Locale) {
    use wasm_bindgen::JsCast;
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&locale_cookie(lang));
    }
}
