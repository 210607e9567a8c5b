//! okur's server: the JSON API over SQLite, article import, and the web server that renders the
//! front end's pages (crate okur-web, feature `ssr`) and serves its build.

pub mod cache;
pub mod client;
pub mod comments;
pub mod content;
pub mod error;
pub mod http;
pub mod import;
pub mod live;
pub mod markdown;
pub mod moderation;
pub mod moderators;
pub mod render;
pub mod security;
pub mod seed;
pub mod serve;
pub mod store;
pub mod text;
pub mod wxr;

pub use http::{app, AppState};
pub use store::Store;
