//! The names readers may not take ([`crate::domain::lookalike`]), kept for a few seconds so
//! that a post does not read every author and moderator again: one added since is protected
//! within [`FRESH_FOR`], whichever process added it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::lookalike::Protected;
use crate::store::{Store, StoreError};

/// How long the protected names are kept before they are read again.
pub const FRESH_FOR: Duration = Duration::from_secs(10);

/// The names as last read, and when.
type Kept = Option<(Instant, Arc<Protected>)>;

/// The protected names as last read, shared by every request.
#[derive(Debug, Clone, Default)]
pub struct ProtectedNames {
    kept: Arc<Mutex<Kept>>,
}

impl ProtectedNames {
    /// The protected names, read again when the copy is older than [`FRESH_FOR`].
    pub async fn current(&self, store: &Store) -> Result<Arc<Protected>, StoreError> {
        if let Some((at, names)) = &*self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) {
            if at.elapsed() < FRESH_FOR {
                return Ok(names.clone());
            }
        }
        let names = store.protected_names().await?;
        let protected = Arc::new(Protected::new(names.iter().map(String::as_str)));
        *self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((Instant::now(), protected.clone()));
        Ok(protected)
    }
}
