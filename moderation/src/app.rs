//! The page's shell: the language, the session, and the sign-in form or the desk.

use leptos::either::Either;
use leptos::prelude::*;

use crate::api;
use crate::desk::Desk;
use crate::login::LoginForm;
use crate::state::Shared;
use crate::texts::texts;
use okur_web::i18n::Locale;

/// The language the server chose for the page (`<html lang>`), else the default.
fn page_lang() -> Locale {
    let lang = document().document_element().and_then(|root| root.get_attribute("lang"));
    lang.and_then(|code| Locale::from_code(&code)).unwrap_or_default()
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let shared = Shared { lang: RwSignal::new(page_lang()), session: RwSignal::new(None), notice: RwSignal::new(None) };
    provide_context(shared);
    let checked = RwSignal::new(false);
    // Signed in already (the session cookie of an earlier visit)?
    leptos::task::spawn_local(async move {
        if let Ok(session) = api::session().await {
            shared.session.set(Some(session));
        }
        checked.set(true);
    });
    // The language shows in <html lang> and the title too.
    Effect::new(move |_| {
        let lang = shared.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document().set_title(&format!("{} — okur", texts(lang).title));
    });
    view! {
        <main id="main" class="moderation">
            {move || {
                if !checked.get() {
                    None
                } else if shared.session.get().is_some() {
                    Some(Either::Left(view! { <Desk /> }))
                } else {
                    Some(Either::Right(view! { <LoginForm /> }))
                }
            }}
        </main>
    }
}
