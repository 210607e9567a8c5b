//! The comment section: its shared state, the threads and the form. The section draws the
//! first page it is given (server-rendered with the article) and loads the rest itself.

pub mod form;
pub mod form_markup;
pub mod list;
pub mod live;
pub mod permalink;
pub mod section;
pub mod thread;
