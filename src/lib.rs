//! okur's front end: a Leptos reader over okur's JSON API, rendered on the server (feature
//! `ssr`, used by `okur serve`) and hydrated in the browser (feature `hydrate`).

pub mod api;
pub mod app;
pub mod components;
pub mod decode;
pub mod form_logic;
pub mod format;
pub mod fresh;
pub mod i18n;
pub mod markup;
pub mod pages;
pub mod reading;
pub mod router;
pub mod storage;
pub mod transfer;
pub mod uri;

pub use app::App;
