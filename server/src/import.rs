//! `okur import`: reads article files and stores each file in one transaction.

use std::path::Path;

use crate::content::{parse_json, ParseError};
use crate::markdown::parse_markdown;
use crate::store::{NewArticle, Saved, Store, StoreError};

/// Why one file was not imported; nothing of that file was stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotText,
    /// The file name says neither JSON nor Markdown.
    #[error("unknown file type: use .json, .md or .markdown")]
    UnknownType,
    /// The content broke a rule at a line.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The database refused the write.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// `FILE:LINE: message` (or `FILE: message`), the way compilers name places.
    pub fn describe(&self, path: &Path) -> String {
        match self {
            ImportError::Parse(err) => format!("{}:{}: {}", path.display(), err.line, err.message),
            other => format!("{}: {other}", path.display()),
        }
    }
}

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
