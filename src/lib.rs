//! okur's front end: a Leptos client-side-rendered reader over okur's JSON API.

pub mod api;
pub mod app;
pub mod components;
pub mod decode;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod reading;

pub use app::App;

/// localStorage, when the browser lets us have it (private modes and sandboxes may not, and
/// then every caller works on in memory).
pub fn local_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}
