//! okur's server: the JSON API over SQLite or PostgreSQL, article import, and the web server
//! that renders the front end's pages (crate okur-web, feature `ssr`) and serves its build.
//! The modules in reading order; dependencies run one way: `cli → http → {store, auth} →
//! domain`, with `import`, `jobs`, `mail` and `media` beside `http` (checked by `make lint`).

pub mod auth;
pub mod cli;
pub mod domain;
pub mod http;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod serve;
pub mod store;
