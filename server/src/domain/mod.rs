//! Rules without I/O: what an article may hold, how moments are stored, how text is folded and
//! compared. Everything else builds on these; they depend on nothing of the server's.

pub mod article;
pub mod lookalike;
pub mod marks;
pub mod search;
pub mod stamp;
pub mod story;
pub mod text;
