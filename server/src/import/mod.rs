//! Everything that writes articles in: JSON and Markdown files (each file all or nothing), a
//! WordPress export (each post on its own), and the demo content a new database starts with.

pub mod error;
pub mod json;
pub mod markdown;
pub mod media;
pub mod seed;
pub mod wxr;

use std::path::Path;

use self::error::ImportError;
use self::json::parse_json;
use self::markdown::parse_markdown;
use self::media::MediaDir;
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

/// What one file's import did: each article's URL name and whether it was new; what became
/// of pictures that could not be made uploads (`--media`).
#[derive(Debug, Default)]
pub struct Imported {
    /// Each article, and whether it was added or updated.
    pub saved: Vec<(String, Saved)>,
    /// A line a picture whose address was kept.
    pub problems: Vec<String>,
}

/// Imports one file: all its articles, or none; with `media`, the pictures they name from that
/// folder first.
pub async fn import_file(
    store: &Store,
    path: &Path,
    mut media: Option<&mut MediaDir>,
) -> Result<Imported, ImportError> {
    let mut articles = parse_file(path)?;
    let mut problems = Vec::new();
    for article in &mut articles {
        if let Some(media) = media.as_deref_mut() {
            problems.extend(media.place(store, article).await?);
        }
        let missing = store.size_uploads(article).await?;
        if let Some((field, message)) = missing.into_iter().next() {
            return Err(ImportError::NoUpload { slug: article.slug.clone(), message: format!("{field}: {message}") });
        }
    }
    let saved = store.save_articles(&articles).await?;
    Ok(Imported { saved: articles.into_iter().map(|a| a.slug).zip(saved).collect(), problems })
}
