//! One module per route.

pub mod article;
pub mod home;
