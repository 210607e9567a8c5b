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
