//! What can go wrong reading a file of articles.

use std::path::Path;

use crate::store::StoreError;

/// A file that cannot be imported, with the line where the trouble is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// The 1-based line of the file.
    pub line: usize,
    /// What is wrong, for people.
    pub message: String,
}

impl ParseError {
    /// An error at this line.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        ParseError { line, message: message.into() }
    }
}

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
    /// An article names an upload this site does not have (`/media/{hash}-{width}.jpg`).
    #[error("article {slug}: {message}")]
    NoUpload {
        /// The article's URL name.
        slug: String,
        /// Which picture.
        message: String,
    },
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
