//! A picture from the editor's computer: a file field that uploads the file chosen
//! (`POST /api/desk/images`) and writes the address the server answers into the image's
//! address field, saying in a status line what happened (the server's words when it refused).

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::api::{self, DeskError};
use super::texts::desk_texts;
use crate::state::use_shared;

/// The file field `id` (test hook `testid`), and its status line; `done` takes the uploaded
/// picture's address.
pub fn upload_field(id: String, testid: &'static str, done: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let shared = use_shared();
    let t = move || desk_texts(shared.lang.get());
    let (said, say) = signal(String::new());
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        busy.set(true);
        say.set(t().upload[1].to_owned());
        let csrf = shared.csrf();
        leptos::task::spawn_local(async move {
            let texts = desk_texts(shared.lang.get_untracked());
            match api::upload(&csrf, &file).await {
                Ok(image) => {
                    done(image.src);
                    say.set(texts.upload[2].to_owned());
                }
                Err(DeskError::SignIn) => shared.signed_out(),
                Err(DeskError::Failed(why)) => say.set(why),
                Err(_) => say.set(texts.failed.to_owned()),
            }
            busy.set(false);
            input.set_value("");
        });
    };
    let status = format!("{id}-status");
    view! {
        <div class="field field--upload">
            <label for=id.clone()>{move || t().upload[0]}</label>
            <input type="file" id=id.clone() data-testid=testid accept="image/jpeg,image/png,image/webp"
                disabled=move || busy.get() aria-describedby=status.clone() on:change=chosen />
            <p class="hint" id=status role="status">{said}</p>
        </div>
    }
}
