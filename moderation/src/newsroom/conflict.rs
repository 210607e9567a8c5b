//! Two editors on one story: the server's text and this editor's side by side, neither lost;
//! the editor keeps theirs (saved over the server's, on its version now) or takes the server's.

use leptos::prelude::*;
use okur_types::desk::DeskStory;

use super::model::Draft;
use super::state::Editing;
use super::texts::desk_texts;
use crate::state::use_shared;

/// A story's text as lines to read.
fn lines(draft: &Draft) -> Vec<String> {
    let mut out = vec![draft.title.clone(), draft.summary.clone()];
    out.extend(draft.blocks.iter().map(|b| if b.text.is_empty() { b.src.clone() } else { b.text.clone() }));
    out.retain(|l| !l.is_empty());
    out
}

/// The conflict's panel.
#[component]
pub fn Conflict(
    /// The story as the server has it now.
    theirs: DeskStory,
    /// Set to none when decided.
    conflict: RwSignal<Option<DeskStory>>,
    /// Whether this editor's text waits for the server.
    dirty: RwSignal<bool>,
) -> impl IntoView {
    let shared = use_shared();
    let state = expect_context::<Editing>();
    let t = move || desk_texts(shared.lang.get());
    let their_draft = Draft::from_article(theirs.working.as_ref().unwrap_or(&theirs.article));
    let their_lines = lines(&their_draft);
    let version = theirs.version;
    let keep_mine = move |_| {
        // Made on their version now: the next keep puts this text on the server.
        state.version.set(version);
        dirty.set(true);
        conflict.set(None);
    };
    let take_theirs = {
        let theirs = theirs.clone();
        move |_| {
            state.take(&theirs);
            dirty.set(false);
            conflict.set(None);
        }
    };
    view! {
        <section class="conflict" role="alert" aria-labelledby="conflict-heading" data-testid="conflict">
            <h3 id="conflict-heading">{move || (t().conflict)(version)}</h3>
            <div class="conflict__texts">
                <div data-testid="conflict-theirs">
                    <h4>{move || t().conflict_parts[0]}</h4>
                    {their_lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </div>
                <div data-testid="conflict-mine">
                    <h4>{move || t().conflict_parts[1]}</h4>
                    {move || state.draft.with(lines).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                </div>
            </div>
            <button type="button" class="button" data-testid="keep-mine" on:click=keep_mine>{move || t().conflict_parts[2]}</button>
            " "
            <button type="button" class="button button--quiet" data-testid="take-theirs" on:click=take_theirs>{move || t().conflict_parts[3]}</button>
        </section>
    }
}
