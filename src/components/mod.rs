//! Reusable pieces of the pages, one family per file.

pub mod article_card;
pub mod blocks;
pub mod comments;
pub mod layout;
pub mod reading_controls;
pub mod seo;
pub mod status;
pub mod when;
