//! The browser's localStorage, where reading settings and comment drafts are kept.

/// localStorage, when the browser lets us have it (private modes and sandboxes may not, and
/// then every caller works on in memory).
pub fn local_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}
