//! Everything that writes articles in: JSON and Markdown files (each file all or nothing), a
//! WordPress export (each post on its own), and the demo content a new database starts with.

pub mod error;
pub mod json;
pub mod markdown;
pub mod seed;
pub mod wxr;

use std::path::Path;

use self::error::ImportError;
use self::json::parse_json;
use self::markdown::parse_markdown;
use crate::domain::article::NewArticle;
use crate::store::{Saved, Store};

/// Parses a file by its extension.
pub fn parse_file(path: &Path) -> Result<Vec<NewArticle>, ImportError> {
    let bytes = std::fs::read(path)?;
    let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    parse_text(path, &text)
}

/// Parses file content, choosing the format by the file name.
pub fn parse_text(path: &Path, text: &str) -> Result<Vec<NewArticle>, ImportError> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => Ok(parse_json(text)?),
        Some("md" | "markdown") => Ok(vec![parse_markdown(text)?]),
        _ => Err(ImportError::UnknownType),
    }
}

/// Imports one file: all its articles, or none.
pub async fn import_file(store: &Store, path: &Path) -> Result<Vec<(String, Saved)>, ImportError> {
    let articles = parse_file(path)?;
    let saved = store.save_articles(&articles).await?;
    Ok(articles.into_iter().map(|a| a.slug).zip(saved).collect())
}
