//! One block in the editor: its words in a text field (a list: an item a line), the toolbar
//! that puts the signs of a link or emphasis around the selection (also Ctrl+B, Ctrl+I, Ctrl+K),
//! its own fields (a quote's source, an image's address, text alternative and caption), moving
//! and removing it, and the server's message about it.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use okur_types::MarkKind;
use web_sys::KeyboardEvent;

use super::inline::wrapping;
use super::model::{EditBlock, Kind};
use super::state::{block_error, Editing};
use super::texts::desk_texts;
use super::upload::upload_field;
use crate::state::use_shared;

/// A block's field: reads one part of the block.
type Read = fn(&EditBlock) -> String;
/// A block's field: writes one part of the block.
type Write = fn(&mut EditBlock, String);

/// The block editor.
#[component]
pub fn BlockEditor(
    /// The block's number.
    id: u32,
    /// What it is.
    kind: Kind,
) -> impl IntoView {
    let shared = use_shared();
    let state = expect_context::<Editing>();
    let t = move || desk_texts(shared.lang.get());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let position = move || state.draft.with(|d| d.blocks.iter().position(|b| b.id == id).map_or(0, |at| at + 1));
    let read = move |part: Read| {
        move || state.draft.with(|d| d.blocks.iter().find(|b| b.id == id).map(part).unwrap_or_default())
    };
    let write = move |part: Write| {
        move |ev| {
            let value = event_target_value(&ev);
            state.draft.update(|d| {
                if let Some(block) = d.block(id) {
                    part(block, value);
                }
            });
        }
    };
    // The signs around the selection, which stays selected inside them.
    let wrap = move |mark: MarkKind| {
        let Some(el) = area.get_untracked() else { return };
        let href = if mark == MarkKind::Link {
            match window().prompt_with_message(desk_texts(shared.lang.get_untracked()).marks[3]) {
                Ok(Some(href)) if !href.trim().is_empty() => href.trim().to_owned(),
                _ => return,
            }
        } else {
            String::new()
        };
        let units: Vec<u16> = el.value().encode_utf16().collect();
        let start = (el.selection_start().ok().flatten().unwrap_or(0) as usize).min(units.len());
        let end = (el.selection_end().ok().flatten().unwrap_or(0) as usize).clamp(start, units.len());
        let (before, after) = wrapping(mark, &href);
        let part = |range: std::ops::Range<usize>| String::from_utf16_lossy(&units[range]);
        let text = format!("{}{before}{}{after}{}", part(0..start), part(start..end), part(end..units.len()));
        state.draft.update(|d| {
            if let Some(block) = d.block(id) {
                block.text = text.clone();
            }
        });
        el.set_value(&text);
        let shift = before.encode_utf16().count();
        let _ = el.focus();
        let _ = el.set_selection_range((start + shift) as u32, (end + shift) as u32);
    };
    let keys = move |ev: KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let mark = match ev.key().to_lowercase().as_str() {
            "b" => MarkKind::Strong,
            "i" => MarkKind::Em,
            "k" => MarkKind::Link,
            _ => return,
        };
        ev.prevent_default();
        wrap(mark);
    };
    let control = move |suffix: &'static str, label: usize, part: Read, set: Write| {
        let field = format!("block-{id}-{suffix}");
        view! {
            <label for=field.clone()>{move || t().block_fields[label]}</label>
            <input type="text" id=field data-testid=format!("block-{suffix}") prop:value=read(part) on:input=write(set) />
        }
    };
    let text_id = format!("block-{id}-text");
    let error_id = format!("block-{id}-error");
    let body = match kind {
        Kind::Heading => EitherOf3::A(view! {
            <label for=text_id.clone() class="visually-hidden">{move || (t().kind)(kind)}</label>
            <input type="text" id=text_id.clone() data-testid="block-text" prop:value=read(|b| b.text.clone())
                on:input=write(|b, v| b.text = v) aria-describedby=error_id.clone() />
        }),
        Kind::Image => EitherOf3::B(view! {
            {control("src", 2, |b| b.src.clone(), |b, v| b.src = v)}
            {upload_field(format!("block-{id}-upload"), "block-upload", move |src| state.draft.update(|d| {
                if let Some(block) = d.block(id) {
                    block.src = src;
                }
            }))}
            {control("alt", 3, |b| b.alt.clone(), |b, v| b.alt = v)}
            {control("caption", 4, |b| b.caption.clone(), |b, v| b.caption = v)}
        }),
        _ => EitherOf3::C(view! {
            <div class="toolbar" role="toolbar" aria-label=move || (t().kind)(kind) aria-controls=text_id.clone()>
                <button type="button" class="tool" data-testid="mark-strong" aria-keyshortcuts="Control+B" on:click=move |_| wrap(MarkKind::Strong)><strong>{move || t().marks[0]}</strong></button>
                <button type="button" class="tool" data-testid="mark-em" aria-keyshortcuts="Control+I" on:click=move |_| wrap(MarkKind::Em)><em>{move || t().marks[1]}</em></button>
                <button type="button" class="tool" data-testid="mark-link" aria-keyshortcuts="Control+K" on:click=move |_| wrap(MarkKind::Link)>{move || t().marks[2]}</button>
            </div>
            <label for=text_id.clone() class="visually-hidden">{move || (t().kind)(kind)}</label>
            <textarea id=text_id.clone() data-testid="block-text" rows=if kind == Kind::List { "4" } else { "5" } node_ref=area
                prop:value=read(|b| b.text.clone()) on:input=write(|b, v| b.text = v) on:keydown=keys
                aria-describedby=error_id.clone()></textarea>
            {(kind == Kind::List).then(|| view! {
                <p class="hint">{move || t().block_fields[5]}</p>
                <label>
                    <input type="checkbox" data-testid="block-ordered" prop:checked=move || state.draft.with(|d| d.blocks.iter().any(|b| b.id == id && b.ordered))
                        on:change=move |ev| state.draft.update(|d| { if let Some(b) = d.block(id) { b.ordered = event_target_checked(&ev); } }) />
                    " " {move || t().block_fields[1]}
                </label>
            })}
            {(kind == Kind::Quote).then(|| control("cite", 0, |b| b.cite.clone(), |b, v| b.cite = v))}
        }),
    };
    let shift = move |by: i32| state.draft.update(|d| d.shift(id, by));
    let remove = move |_| state.draft.update(|d| d.blocks.retain(|b| b.id != id));
    view! {
        <fieldset class="block" data-testid="block" data-kind=format!("{kind:?}").to_lowercase()>
            <legend>{move || (t().block)(position(), (t().kind)(kind))}</legend>
            {body}
            <p class="field-error" id=error_id role="alert">{move || block_error(&state, id)}</p>
            <div class="block-tools">
                <button type="button" class="tool" data-testid="block-up" on:click=move |_| shift(-1)>{move || t().block_tools[0]}</button>
                <button type="button" class="tool" data-testid="block-down" on:click=move |_| shift(1)>{move || t().block_tools[1]}</button>
                <button type="button" class="tool" data-testid="block-remove" on:click=remove>{move || t().block_tools[2]}</button>
            </div>
        </fieldset>
    }
}
