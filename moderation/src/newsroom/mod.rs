//! The newsroom desk in the staff page: the stories in every state ([`list`]) and the editor
//! ([`editor`]), on the desk's API (`/api/desk`). Editors and admins see it.

pub mod api;
pub mod blocks;
pub mod conflict;
pub mod editor;
pub mod fields;
pub mod history;
pub mod inline;
pub mod list;
pub mod model;
pub mod preview;
pub mod state;
pub mod texts;
pub mod upload;

use leptos::either::Either;
use leptos::prelude::*;

use editor::StoryEditor;
use list::StoriesDesk;

/// The desk: the list, or the story being edited (its name, as the server has it).
#[component]
pub fn Newsroom() -> impl IntoView {
    let editing = RwSignal::new(None::<String>);
    view! {
        {move || match editing.get() {
            None => Either::Left(view! { <StoriesDesk editing /> }),
            Some(slug) => Either::Right(view! { <StoryEditor slug editing /> }),
        }}
    }
}
