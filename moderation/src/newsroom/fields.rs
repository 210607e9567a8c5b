//! The story's own fields in the editor: each a labelled input with the server's message beside
//! it (`aria-invalid`, `aria-describedby`), written into the text as it is typed.

use leptos::prelude::*;

use super::model::Draft;
use super::state::Editing;
use super::texts::desk_texts;
use super::upload::upload_field;
use crate::state::use_shared;

/// The fields, drawn from the editor's state in context.
#[derive(Debug, Clone, Copy)]
pub struct Fields;

/// One labelled field: its label (from the desk's words), its name in the API (for its
/// message), its test hook, how to read and write it, and whether it is a text area.
fn field(
    label: usize,
    name: &'static str,
    read: fn(&Draft) -> String,
    write: fn(&mut Draft, String),
    area: bool,
) -> impl IntoView {
    let shared = use_shared();
    let state = expect_context::<Editing>();
    let id = format!("field-{name}");
    let error_id = format!("err-{name}");
    let invalid = move || state.errors.with(|e| e.contains_key(name)).to_string();
    let value = move || state.draft.with(read);
    let input = move |ev| state.draft.update(|d| write(d, event_target_value(&ev)));
    let control = if area {
        leptos::either::Either::Left(view! {
            <textarea id=id.clone() data-testid=id.clone() rows="3" prop:value=value on:input=input
                aria-invalid=invalid aria-describedby=error_id.clone()></textarea>
        })
    } else {
        leptos::either::Either::Right(view! {
            <input type="text" id=id.clone() data-testid=id.clone() prop:value=value on:input=input
                aria-invalid=invalid aria-describedby=error_id.clone() />
        })
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || desk_texts(shared.lang.get()).fields[label]}</label>
            {control}
            <p class="field-error" id=error_id>{move || state.errors.with(|e| e.get(name).cloned())}</p>
        </div>
    }
}

impl Fields {
    /// The story's fields.
    pub fn view(self) -> impl IntoView {
        let shared = use_shared();
        let state = expect_context::<Editing>();
        view! {
            <fieldset class="story-fields">
                <legend class="visually-hidden">{move || desk_texts(shared.lang.get()).stories}</legend>
                {field(1, "title", |d| d.title.clone(), |d, v| d.title = v, false)}
                {field(0, "slug", |d| d.slug.clone(), |d, v| d.slug = v, false)}
                {field(2, "summary", |d| d.summary.clone(), |d, v| d.summary = v, true)}
                {field(3, "author", |d| d.author.clone(), |d, v| d.author = v, false)}
                {field(4, "category", |d| d.category.clone(), |d, v| d.category = v, false)}
                {field(5, "language", |d| d.language.clone(), |d, v| d.language = v, false)}
                {field(6, "image", |d| d.image_src.clone(), |d, v| d.image_src = v, false)}
                {upload_field("field-image-upload".into(), "field-image-upload", move |src| state.draft.update(|d| d.image_src = src))}
                {field(7, "image_alt", |d| d.image_alt.clone(), |d, v| d.image_alt = v, false)}
                <div class="field field--check">
                    <input type="checkbox" id="field-comments_open" data-testid="field-comments_open"
                        prop:checked=move || state.draft.with(|d| d.comments_open)
                        on:change=move |ev| state.draft.update(|d| d.comments_open = event_target_checked(&ev)) />
                    <label for="field-comments_open">{move || desk_texts(shared.lang.get()).fields[8]}</label>
                </div>
            </fieldset>
        }
    }

    /// The correction note that goes with an update of a published story.
    pub fn correction(self) -> impl IntoView {
        field(9, "correction", |d| d.correction.clone(), |d, v| d.correction = v, true)
    }
}
