//! The live comment streams open, counted per client and in total, so that live readers are
//! bounded like any other use of the server, and all ended at once when it stops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::http::error::AppError;
use crate::http::identity::ClientKey;

/// Streams one client may hold open at once (tabs of one reader, a household behind one address).
pub const PER_CLIENT: usize = 8;
/// Streams a server holds open at once: three quarters of the default connection cap (1,024), so
/// that a burst of live readers leaves room for page and API requests. Raise both together.
pub const TOTAL: usize = 768;
/// How often a quiet stream gets a heartbeat (and how long a client over its count waits).
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// The open streams, counted per client and in total.
#[derive(Debug, Clone)]
pub struct Streams {
    inner: Arc<Counts>,
}

/// The counts behind [`Streams`].
#[derive(Debug)]
struct Counts {
    per_client: Mutex<HashMap<ClientKey, usize>>,
    total: AtomicUsize,
    max_per_client: usize,
    max_total: usize,
    /// Set when the server stops: every stream ends.
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for Streams {
    fn default() -> Self {
        Streams::with_limits(PER_CLIENT, TOTAL)
    }
}

impl Streams {
    /// Counts with these limits.
    pub fn with_limits(max_per_client: usize, max_total: usize) -> Self {
        let counts = Counts {
            per_client: Mutex::new(HashMap::new()),
            total: AtomicUsize::new(0),
            max_per_client,
            max_total,
            closing: tokio::sync::watch::Sender::new(false),
        };
        Streams { inner: Arc::new(counts) }
    }

    /// Ends every open stream (cleanly, as a finished answer) and every one opened after: the
    /// server is stopping.
    pub fn close_all(&self) {
        self.inner.closing.send_replace(true);
    }

    /// How many streams are open.
    pub fn open(&self) -> usize {
        self.inner.total.load(Ordering::Relaxed)
    }

    /// A place for one more stream of `client`, or why not.
    pub(crate) fn take(&self, client: ClientKey) -> Result<Slot, AppError> {
        let mut per_client = self.inner.per_client.lock().unwrap_or_else(|p| p.into_inner());
        if self.inner.total.load(Ordering::Relaxed) >= self.inner.max_total {
            return Err(AppError::Unavailable);
        }
        let mine = per_client.entry(client).or_default();
        if *mine >= self.inner.max_per_client {
            return Err(AppError::RateLimited(HEARTBEAT.as_secs()));
        }
        *mine += 1;
        self.inner.total.fetch_add(1, Ordering::Relaxed);
        Ok(Slot { streams: self.clone(), client })
    }
}

/// One open stream's place, given back when the stream ends.
pub(crate) struct Slot {
    streams: Streams,
    client: ClientKey,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut per_client = self.streams.inner.per_client.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(mine) = per_client.get_mut(&self.client) {
            *mine -= 1;
            if *mine == 0 {
                per_client.remove(&self.client);
            }
        }
        self.streams.inner.total.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Slot {
    /// A receiver that says when the server stops.
    pub(crate) fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.streams.inner.closing.subscribe()
    }
}
