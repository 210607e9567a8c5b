//! The sign-in form. The server answers a wrong name and a wrong password alike, and refuses
//! for a while after too many failures; the form says which, and keeps the name typed.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::state::use_shared;
use crate::switch::LanguageSwitch;

/// Name, password, and the button; a message under them when signing in failed.
#[component]
pub fn LoginForm() -> impl IntoView {
    let shared = use_shared();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sign_in = Action::new_local(move |(name, password): &(String, String)| {
        let (name, password) = (name.clone(), password.clone());
        async move { api::login(&name, &password).await }
    });
    Effect::new(move |_| {
        let Some(answer) = sign_in.value().get() else { return };
        let t = shared.texts();
        match answer {
            Ok(session) => {
                shared.notice.set(None);
                shared.session.set(Some(session));
            }
            Err(failure) => {
                password.set(String::new());
                error.set(Some(match failure {
                    ApiError::BadLogin | ApiError::SignIn => t.bad_login.to_owned(),
                    ApiError::TooManyLogins(seconds) => (t.too_many)(seconds.div_ceil(60)),
                    ApiError::Failed(_) => t.failed.to_owned(),
                }));
            }
        }
    });
    view! {
        <div class="sign-in">
            <LanguageSwitch />
            <h1>{move || shared.texts().sign_in}</h1>
            {move || shared.notice.get().map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
            <form
                data-testid="login-form"
                on:submit=move |event| {
                    event.prevent_default();
                    error.set(None);
                    sign_in.dispatch_local((name.get_untracked(), password.get_untracked()));
                }
            >
                <label for="login-name">{move || shared.texts().user}</label>
                <input
                    id="login-name"
                    data-testid="login-name"
                    autocomplete="username"
                    required
                    prop:value=name
                    on:input=move |event| name.set(event_target_value(&event))
                />
                <label for="login-password">{move || shared.texts().password}</label>
                <input
                    id="login-password"
                    data-testid="login-password"
                    type="password"
                    autocomplete="current-password"
                    required
                    prop:value=password
                    on:input=move |event| password.set(event_target_value(&event))
                />
                <p class="error" role="alert" data-testid="login-error">{move || error.get()}</p>
                <button type="submit" class="button" data-testid="login-submit" disabled=move || sign_in.pending().get()>
                    {move || shared.texts().sign_in_button}
                </button>
            </form>
        </div>
    }
}
