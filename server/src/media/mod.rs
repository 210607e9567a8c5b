//! Images made for phones (issue 24): uploads checked and written again as variants
//! ([`process`]), named by their content.

pub mod process;

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use self::process::{MediaError, Prepared};
use crate::domain::text::hex;

/// Uploads made ready at once; the others wait their turn.
pub const AT_ONCE: usize = 2;
/// How long an upload waits for its turn before the answer is "busy".
pub const TURN_WAIT: Duration = Duration::from_secs(60);

/// An upload's name: the first [`okur_types::media::HASH_LEN`] hex digits of its SHA-256, so
/// the same file sent twice is one image.
pub fn hash_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex(&digest[..okur_types::media::HASH_LEN / 2])
}

/// The turns for making uploads ready: [`AT_ONCE`] at a time on the blocking threads, never on
/// the threads that answer requests (a 12-megapixel photograph takes about two seconds).
#[derive(Debug, Clone)]
pub struct Uploads {
    turns: Arc<Semaphore>,
}

impl Default for Uploads {
    fn default() -> Self {
        Uploads { turns: Arc::new(Semaphore::new(AT_ONCE)) }
    }
}

/// Why an upload was not made ready.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is not one okur takes.
    #[error(transparent)]
    Refused(#[from] MediaError),
    /// No turn came within [`TURN_WAIT`].
    #[error("too many uploads at once")]
    Busy,
    /// The work itself failed (a panic in a decoder, say).
    #[error("the image could not be processed: {0}")]
    Failed(String),
}

impl Uploads {
    /// Checks an upload and makes its variants, once a turn is free.
    pub async fn prepare(&self, bytes: impl AsRef<[u8]> + Send + 'static) -> Result<Prepared, UploadError> {
        let turn = tokio::time::timeout(TURN_WAIT, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| UploadError::Busy)?
            .map_err(|_| UploadError::Busy)?;
        let made = tokio::task::spawn_blocking(move || {
            let _turn = turn;
            process::prepare(bytes.as_ref())
        })
        .await
        .map_err(|err| UploadError::Failed(err.to_string()))?;
        Ok(made?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_content() {
        let name = hash_of(b"photograph");
        assert_eq!(name.len(), okur_types::media::HASH_LEN);
        assert_eq!(name, hash_of(b"photograph"));
        assert_ne!(name, hash_of(b"photographs"));
        assert!(okur_types::media::parse_name(&format!("{name}-320.jpg")).is_some());
    }
}
