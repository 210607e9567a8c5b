//! The preview: the reader's own page of the story (rendered by the server from the working
//! copy, `/desk/preview/{slug}`), in a frame at a phone's width (390 px) or a desktop's
//! (1280 px, shown at half size), with no scripts of its own.

use leptos::prelude::*;

use super::state::Editing;
use super::texts::desk_texts;
use crate::state::use_shared;

/// The preview's buttons and frame.
#[component]
pub fn Preview() -> impl IntoView {
    let shared = use_shared();
    let state = expect_context::<Editing>();
    let t = move || desk_texts(shared.lang.get());
    let width = RwSignal::new(None::<u32>);
    let shown = RwSignal::new(0u32);
    let show = move |at: u32| {
        shown.update(|n| *n += 1);
        width.set(Some(at));
    };
    view! {
        <section class="preview" aria-labelledby="preview-heading">
            <h3 id="preview-heading">{move || t().preview[0]}</h3>
            <button type="button" class="tool" data-testid="preview-phone" aria-pressed=move || (width.get() == Some(390)).to_string() on:click=move |_| show(390)>{move || t().preview[1]}</button>
            <button type="button" class="tool" data-testid="preview-desktop" aria-pressed=move || (width.get() == Some(1280)).to_string() on:click=move |_| show(1280)>{move || t().preview[2]}</button>
            {move || width.get().map(|at| {
                let src = format!("/desk/preview/{}?v={}-{}", okur_web::uri::encode_component(&state.slug.get()), state.version.get(), shown.get());
                view! {
                    <button type="button" class="tool" data-testid="preview-close" on:click=move |_| width.set(None)>{move || t().preview[3]}</button>
                    <div class=if at == 390 { "preview__frame preview__frame--phone" } else { "preview__frame preview__frame--desktop" }>
                        <iframe data-testid="preview-frame" sandbox="" src=src width=at.to_string() height="800"
                            title=move || format!("{} ({})", t().preview[0], if at == 390 { t().preview[1] } else { t().preview[2] })></iframe>
                    </div>
                }
            })}
        </section>
    }
}
