//! The moderator's own settings: the address told of held comments (one email for the holds
//! of a few minutes), confirmed by a link as readers' addresses are; blank for none.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::comments::check_email;
use okur_types::moderation::Settings;

use crate::api;
use crate::state::{use_shared, Status};

/// The settings view.
#[component]
pub fn SettingsView() -> impl IntoView {
    let shared = use_shared();
    let reload = RwSignal::new(0u32);
    let settings = LocalResource::new(move || {
        reload.track();
        api::settings()
    });
    shared.watch_session(settings);
    view! {
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading" tabindex="-1">{move || shared.texts().settings}</h2>
            <Transition fallback=move || view! { <p>{shared.texts().loading}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(current) if !current.mail => {
                            EitherOf3::A(view! { <p data-testid="settings-no-mail">{shared.texts().no_mail}</p> })
                        }
                        Ok(current) => EitherOf3::B(view! { <HeldMail current reload /> }),
                        Err(_) => EitherOf3::C(view! { <p role="alert">{shared.texts().failed}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The held-comments email form.
#[component]
fn HeldMail(
    /// The settings as they stand.
    current: Settings,
    /// Moved to load them again after a change.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let shared = use_shared();
    let status = expect_context::<Status>();
    let address = RwSignal::new(current.held_mail.clone().unwrap_or_default());
    let busy = RwSignal::new(false);
    let state = move || {
        let t = shared.texts();
        match (&current.held_mail, current.held_mail_confirmed) {
            (None, _) => t.held_mail_off,
            (Some(_), true) => t.held_mail_on,
            (Some(_), false) => t.held_mail_waiting,
        }
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let asked = address.get_untracked();
        if check_email(&asked).is_err() {
            status.0.set(shared.texts().held_mail_invalid.to_owned());
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::set_settings(&shared.csrf(), &asked).await {
                Ok(_) => {
                    status.0.set(shared.texts().saved.to_owned());
                    reload.update(|n| *n += 1);
                }
                Err(api::ApiError::SignIn) => shared.signed_out(),
                Err(_) => status.0.set(shared.texts().failed.to_owned()),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="settings" on:submit=save>
            <label for="held-mail">{move || shared.texts().held_mail}</label>
            <input
                id="held-mail"
                type="email"
                autocomplete="email"
                data-testid="held-mail"
                aria-describedby="held-mail-state"
                prop:value=move || address.get()
                on:input=move |event| address.set(event_target_value(&event))
            />
            <p id="held-mail-state" data-testid="held-mail-state">{state}</p>
            <button type="submit" class="button" data-testid="held-mail-save" disabled=move || busy.get()>
                {move || shared.texts().save}
            </button>
        </form>
    }
}
