//! The page's shell: the language, the session, and the sign-in form or the desk.

use leptos::either::Either;
use leptos::prelude::*;
use okur_types::moderation::Session;

use crate::api::{self, ApiError};
use crate::desk::Desk;
use crate::login::LoginForm;
use crate::texts::{texts, Texts};
use okur_web::i18n::{locale_cookie, Locale};

/// What every part of the page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    /// The page's language.
    pub lang: RwSignal<Locale>,
    /// The signed-in moderator; none shows the sign-in form.
    pub session: RwSignal<Option<Session>>,
    /// A word for the moderator at the sign-in form (the session ended, say).
    pub notice: RwSignal<Option<&'static str>>,
}

impl Shared {
    /// The words of the page's language.
    pub fn texts(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    /// Back to the sign-in form, saying why.
    pub fn signed_out(&self) {
        self.notice.set(Some(texts(self.lang.get_untracked()).signed_out));
        self.session.set(None);
    }

    /// The session's CSRF token, for a change (empty without a session: the server says 401).
    pub fn csrf(&self) -> String {
        self.session.get_untracked().map(|s| s.csrf).unwrap_or_default()
    }

    /// Back to the sign-in form when a view's load found the session ended.
    pub fn watch_session<T: Clone + 'static>(&self, load: LocalResource<Result<T, ApiError>>) {
        let shared = *self;
        Effect::new(move |_| {
            if let Some(Err(ApiError::SignIn)) = load.get() {
                shared.signed_out();
            }
        });
    }

    /// Opens (`open`) or closes a story to comments; what to say of it.
    pub async fn open_story(self, slug: String, title: String, open: bool) -> Result<String, ApiError> {
        api::open_article(&self.csrf(), &slug, open).await?;
        Ok((self.texts().article_done)(open, &title))
    }
}

/// The shared state from context.
pub fn use_shared() -> Shared {
    expect_context::<Shared>()
}

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
