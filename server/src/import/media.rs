//! `okur import --media DIR`: the pictures an import names, found in a folder and made ready as
//! the desk's uploads are (recognised by their bytes, turned upright, stripped of metadata, made
//! at every width), each story then naming its upload. A picture's address is looked up in the
//! folder by its path, then by ever shorter ends of it (`/wp-content/uploads/2025/12/a.jpg`
//! is `DIR/wp-content/uploads/2025/12/a.jpg`, or `DIR/uploads/2025/12/a.jpg`, … or `DIR/a.jpg`),
//! so a copy of WordPress's `uploads` folder or a flat folder of files both serve. A picture
//! not found keeps its address, and one okur does not take keeps it too; the report says which
//! and why.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use okur_types::media::{file, upload_of};
use okur_types::Image;

use crate::domain::article::{image_slots, NewArticle};
use crate::media::process::Format;
use crate::media::{hash_of, UploadError, Uploads};
use crate::store::{Store, StoreError};

/// Who the uploads of an import are by, in the `media` table.
const UPLOADER: &str = "okur import";

/// The folder of pictures an import takes them from, and what became of each address so far
/// (an address named by many stories is read once).
#[derive(Debug)]
pub struct MediaDir {
    dir: PathBuf,
    uploads: Uploads,
    placed: HashMap<String, Result<Image, String>>,
}

impl MediaDir {
    /// The folder, or why it cannot be one.
    pub fn new(dir: &Path) -> Result<Self, String> {
        if !dir.is_dir() {
            return Err(format!("--media {}: not a folder", dir.display()));
        }
        Ok(MediaDir { dir: dir.to_owned(), uploads: Uploads::default(), placed: HashMap::new() })
    }

    /// The file an address names in the folder, if there is one.
    fn find(&self, src: &str) -> Option<PathBuf> {
        let path = match src.split_once("://") {
            Some((_, rest)) => rest.split_once('/').map_or("", |(_, path)| path),
            None => src,
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        if parts.iter().any(|part| *part == "." || *part == ".." || part.contains('\\')) {
            return None;
        }
        (0..parts.len()).map(|from| self.dir.join(parts[from..].join("/"))).find(|candidate| candidate.is_file())
    }

    /// The upload an address becomes (its new address and size), or why it stays.
    async fn upload(&mut self, store: &Store, src: &str) -> Result<Result<Image, String>, StoreError> {
        if let Some(done) = self.placed.get(src) {
            return Ok(done.clone());
        }
        let done = match self.find(src) {
            None => Err(format!("picture {src}: not in the --media folder, its address kept")),
            Some(path) => match std::fs::read(&path) {
                Err(err) => Err(format!("picture {}: {err}", path.display())),
                Ok(bytes) => {
                    let hash = hash_of(&bytes);
                    match self.uploads.prepare(bytes).await {
                        Ok(prepared) => {
                            store.add_media(&hash, &prepared, UPLOADER).await?;
                            let (width, height) = prepared.widest();
                            Ok(Image {
                                src: file(&hash, width, Format::Jpeg.ext()),
                                alt: String::new(),
                                width: Some(width),
                                height: Some(height),
                            })
                        }
                        Err(UploadError::Refused(why)) => {
                            Err(format!("picture {}: {why}; its address kept", path.display()))
                        }
                        Err(other) => Err(format!("picture {}: {other}; its address kept", path.display())),
                    }
                }
            },
        };
        self.placed.insert(src.to_owned(), done.clone());
        Ok(done)
    }

    /// Makes the pictures an article names into uploads, and names those; what could not be
    /// done, one line a picture.
    pub async fn place(&mut self, store: &Store, article: &mut NewArticle) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        for slot in image_slots(article.image.as_mut(), &mut article.body) {
            if upload_of(slot.src).is_some() {
                continue;
            }
            match self.upload(store, slot.src).await? {
                Ok(upload) => {
                    *slot.src = upload.src;
                    (*slot.width, *slot.height) = (upload.width, upload.height);
                }
                Err(problem) => problems.push(problem),
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_found_by_its_path_or_an_end_of_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("uploads/2025/12")).unwrap();
        std::fs::write(dir.path().join("uploads/2025/12/iskele.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("liman.png"), b"x").unwrap();
        let media = MediaDir::new(dir.path()).unwrap();
        let found = |src: &str| media.find(src).map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string());
        assert_eq!(found("/wp-content/uploads/2025/12/iskele.jpg").as_deref(), Some("uploads/2025/12/iskele.jpg"));
        assert_eq!(
            found("https://eski.example/wp-content/uploads/2025/12/iskele.jpg?w=300").as_deref(),
            Some("uploads/2025/12/iskele.jpg")
        );
        assert_eq!(found("/media/liman.png").as_deref(), Some("liman.png"));
        assert_eq!(found("liman%2Epng").as_deref(), Some("liman.png"));
        assert_eq!(found("/media/../../etc/passwd"), None);
        assert_eq!(found("/media/yok.jpg"), None);
        assert!(MediaDir::new(&dir.path().join("liman.png")).is_err(), "a file is no folder");
    }
}
