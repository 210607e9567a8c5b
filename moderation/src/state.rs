//! What the page's parts share: the language, the session and the notice at the sign-in form
//! ([`Shared`], in context), and the desk's status line ([`Status`]).

use leptos::prelude::*;
use okur_types::moderation::Session;
use okur_web::i18n::Locale;

use crate::api::{self, ApiError};
use crate::texts::{texts, Texts};

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

/// The status line's text, shared by the views (a polite live region).
#[derive(Debug, Clone, Copy)]
pub struct Status(pub RwSignal<String>);

impl Status {
    /// Says how a change went. Done: what was done, the view's list loaded again (`reload`)
    /// and focus at its heading, so a keyboard user goes on from the top; the session ended:
    /// back to the sign-in form; anything else: that it failed.
    pub fn report(
        self,
        shared: Shared,
        said: Result<String, ApiError>,
        reload: RwSignal<u32>,
        heading: NodeRef<leptos::html::H2>,
    ) {
        match said {
            Ok(text) => {
                self.0.set(text);
                reload.update(|n| *n += 1);
                if let Some(heading) = heading.get_untracked() {
                    let _ = heading.focus();
                }
            }
            Err(ApiError::SignIn) => shared.signed_out(),
            Err(_) => self.0.set(shared.texts().failed.to_owned()),
        }
    }
}
