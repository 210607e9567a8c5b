//! The demo content a new database starts with: original articles written for okur, stored
//! through the same importer operators use, and a few reader comments.

use std::path::Path;

use crate::import::error::ImportError;
use crate::import::parse_text;
use crate::store::{Store, StoreError};

/// The demo articles, as files in the import formats (their images are in `seed/media`,
/// which Trunk copies into the built site as `/media`).
const ARTICLES: [(&str, &str); 10] = [
    ("liman-kenti-yesil-donusum.md", include_str!("../../seed/liman-kenti-yesil-donusum.md")),
    ("kutuphane-gece-acik.md", include_str!("../../seed/kutuphane-gece-acik.md")),
    ("coastal-rail-line-reopens.json", include_str!("../../seed/coastal-rail-line-reopens.json")),
    ("genc-takim-final.md", include_str!("../../seed/genc-takim-final.md")),
    ("kis-sebzeleri-rehberi.json", include_str!("../../seed/kis-sebzeleri-rehberi.json")),
    ("sisli-saglik-ocagi-hafta-sonu.md", include_str!("../../seed/sisli-saglik-ocagi-hafta-sonu.md")),
    ("dere-yatagi-gonullu-temizlik.md", include_str!("../../seed/dere-yatagi-gonullu-temizlik.md")),
    ("okul-bahceleri-ilik-kis.md", include_str!("../../seed/okul-bahceleri-ilik-kis.md")),
    ("altyapi-basketbol-kampi.md", include_str!("../../seed/altyapi-basketbol-kampi.md")),
    ("night-buses-extended.md", include_str!("../../seed/night-buses-extended.md")),
];

/// Demo comments: (article slug, name, text, time).
const COMMENTS: [(&str, &str, &str, &str); 4] = [
    (
        "liman-kenti-yesil-donusum",
        "Mert K.",
        "Bisiklet yolu sahile kadar uzarsa her sabah işe onunla giderim.",
        "2025-12-13T11:02:00Z",
    ),
    (
        "liman-kenti-yesil-donusum",
        "Selin",
        "Ağaçların hangi türlerden seçileceği de açıklansın lütfen.",
        "2025-12-13T12:40:00Z",
    ),
    ("kutuphane-gece-acik", "Deniz A.", "Sınav haftasında çok işimize yarayacak, teşekkürler.", "2025-12-12T20:15:00Z"),
    (
        "coastal-rail-line-reopens",
        "Jonas",
        "Finally. The bus replacement added forty minutes to my commute.",
        "2025-12-10T08:05:00Z",
    ),
];

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A demo file is broken (a bug caught by the tests).
    #[error("demo file {file}: {source}")]
    File {
        /// The demo file.
        file: &'static str,
        /// What is wrong with it.
        source: ImportError,
    },
    /// The database refused the write.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes the demo articles and comments into a new database.
pub async fn seed(store: &Store) -> Result<usize, SeedError> {
    let mut count = 0;
    for (file, text) in ARTICLES {
        let articles = parse_text(Path::new(file), text).map_err(|source| SeedError::File { file, source })?;
        count += store.save_articles(&articles).await?.len();
    }
    for (slug, name, body, at) in COMMENTS {
        store.add_published_comment(slug, name, body, at).await?;
    }
    Ok(count)
}
