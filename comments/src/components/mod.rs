//! The section and its form.

pub mod form;
pub mod section;
