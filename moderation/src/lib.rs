//! okur's staff page: a Leptos app of its own (readers never download it), served at
//! `/moderation` and `/desk`. Editors write, publish and correct stories at the desk
//! ([`newsroom`]); moderators work on the moderators' API. Sign in, decide on held and recent comments one at a time or several at
//! once, open or close stories to comments, read the audit trail, and ask for an email when comments
//! are held, in Turkish or English.

pub mod api;
pub mod app;
pub mod desk;
pub mod log;
pub mod login;
pub mod newsroom;
pub mod queue;
pub mod settings;
pub mod staff;
pub mod state;
pub mod stories;
pub mod switch;
pub mod texts;

pub use app::App;
