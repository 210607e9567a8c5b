//! The editor's state, shared by its parts through context: the text, the version it was made
//! on, the story's name and standing on the server, and the server's messages by field.

use std::collections::BTreeMap;

use leptos::prelude::*;
use okur_types::desk::{DeskStory, StoryStatus};

use super::model::{block_of, Draft};

/// The editor's state, shared by its parts.
#[derive(Debug, Clone, Copy)]
pub struct Editing {
    /// The text.
    pub draft: RwSignal<Draft>,
    /// The version the text was made on.
    pub version: RwSignal<i64>,
    /// The story's name on the server.
    pub slug: RwSignal<String>,
    /// Where the story stands on the site.
    pub standing: RwSignal<StoryStatus>,
    /// The server's messages, by field.
    pub errors: RwSignal<BTreeMap<String, String>>,
}

impl Editing {
    /// A story from the server takes the editor's place (saved, restored, taken from a conflict).
    pub fn take(&self, story: &DeskStory) {
        self.version.set(story.version);
        self.standing.set(story.article.status);
        self.slug.set(story.article.slug.clone());
        self.draft.set(Draft::from_article(story.working.as_ref().unwrap_or(&story.article)));
        self.errors.set(BTreeMap::new());
    }
}

/// Where a server's message about a block goes (its number), for the block editors.
pub fn block_error(state: &Editing, id: u32) -> Option<String> {
    state.errors.with(|errors| {
        state
            .draft
            .with(|draft| errors.iter().find(|(field, _)| block_of(field, draft) == Some(id)).map(|(_, m)| m.clone()))
    })
}
